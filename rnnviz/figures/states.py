"""Plotly figures of a :class:`~rnnviz.Trace`: what the app draws, usable from a notebook.

- :func:`heatmap`: units × tokens for the hidden state, the cell state or one gate, with
  the current step marked; a bidirectional model gets one panel per direction, stacked on
  one shared token axis so a single cursor reads both.
- :func:`prediction_chart`: the head's answer after every prefix (class probabilities for
  a classifier; for a language model, the probability of the token that actually came next
  and of the model's top choice).
- :func:`reading_chart`: both in one figure, the answer on top of the heatmap, sharing the
  token axis and one cursor: the column where the answer moves is the column to read below
  (and the page draws one chart instead of two, which is what a new sentence waits for).
- :func:`at_step` puts the cursor on a token; :func:`following` leaves it to the browser.
- :func:`image`: a figure as PNG or SVG bytes (kaleido, which finds a local Chromium).
- ``heatmap_spec``, ``prediction_spec``, ``reading_spec``: the same as plain dicts, not yet
  checked by plotly.py (checking costs more than making them; the app caches these).

Colours are colour-blind safe: signed values diverge around 0 from blue (#0072B2) through
white to orange (#E69F00), the Okabe–Ito pair; gates, which live in 0..1, use cividis.
No Streamlit here.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from rnnviz.figures.style import (
    CURSOR,
    DIVERGING,
    FONT,
    LABELS,
    LINE_COLOURS,
    SEQUENTIAL,
    SIGNED,
    TEMPLATE,
    class_colour,
    safe,
    token_label,
)
from rnnviz.figures.words import _
from rnnviz.tracing.text import Trace


def label(tr: Trace, quantity: str) -> str:
    """What ``quantity`` is called on screen (the bag model's "state" is a running mean)."""
    if tr.kind == "bag" and quantity == "hidden":
        return _("running mean of the embeddings")
    return _(LABELS.get(quantity, quantity))


def quantities(tr: Trace) -> list[str]:
    """The quantities a trace has, in the order a page should offer them."""
    return ["hidden"] + (["cell"] if tr.cell is not None else []) + list(tr.gates)


def values(tr: Trace, quantity: str) -> np.ndarray:
    """``[layers, directions, time, units]`` of one quantity; ValueError names the valid ones."""
    if quantity == "hidden":
        return tr.hidden
    if quantity == "cell" and tr.cell is not None:
        return tr.cell
    if quantity in tr.gates:
        return tr.gates[quantity]
    raise ValueError(f"a {tr.kind} trace has no {quantity!r}; choose one of {quantities(tr)}")


def token_axis(tr: Trace) -> dict:
    """The token (x) axis: tokens as escaped tick labels, thinned and turned only if crowded."""
    T = len(tr)
    every = max(1, -(-T // 60))  # about 60 labels fit across a projector-wide chart
    ticks = list(range(0, T, every))
    labels = [token_label(tr.tokens[t]) for t in ticks]
    # turn the labels only when they would collide (about 9 px a character, 1000 px of axis)
    wide = len(ticks) * (max(len(x) for x in labels) + 1) * 9 > 1000
    return dict(
        tickmode="array",
        tickvals=ticks,
        ticktext=labels,
        # unset when not wide: Plotly's "auto" turns the labels where they would collide
        # on a narrow screen (a phone), and leaves them level where they fit
        **({"tickangle": -45} if wide else {}),
        tickfont=dict(size=15 if T <= 20 else 13),
        zeroline=False,
        showgrid=False,
        range=[-0.5, T - 0.5],
    )


def _ref(axis: str, r: int) -> str:
    """Plotly's name for row ``r``'s axis: x, x2, x3… (and xaxis, xaxis2… in the layout)."""
    return axis if r == 1 else f"{axis}{r}"


def cursor(step: int, T: int, rows: int = 1) -> list[dict]:
    """Shapes that outline token ``step`` in every panel (plain dicts: cheap to add)."""
    s = int(np.clip(step, 0, T - 1))
    return [
        dict(
            type="rect",
            xref="x" if r == 1 else f"x{r}",
            yref="y domain" if r == 1 else f"y{r} domain",
            x0=s - 0.5,
            x1=s + 0.5,
            y0=0,
            y1=1,
            line=dict(color=CURSOR, width=3),
            fillcolor="rgba(0,0,0,0)",
            layer="above",
            name="cursor",
        )
        for r in range(1, rows + 1)
    ]


def at_step(fig: go.Figure | dict, step: int | None) -> go.Figure:
    """A copy of a :func:`heatmap` or :func:`prediction_chart` with the cursor at ``step``.

    Given the figure's ``to_dict()`` (what the app caches), Plotly's validation is skipped
    (the figure was valid when made): moving the cursor then takes milliseconds.
    """
    if isinstance(fig, go.Figure):
        out = go.Figure(fig)
        meta = out.layout.meta or {}
        keep = [s for s in out.layout.shapes if s.name != "cursor"]
        new = cursor(step, meta["tokens"], meta["panels"]) if step is not None else []
        out.layout.shapes = [*keep, *new]
        return out
    layout = dict(fig.get("layout", {}))
    meta = layout.get("meta") or {}
    shapes = [s for s in layout.get("shapes", ()) if s.get("name") != "cursor"]
    if step is not None:
        shapes += cursor(step, int(meta.get("tokens", 1)), int(meta.get("panels", 1)))
    return go.Figure({**fig, "layout": {**layout, "shapes": shapes}}, _validate=False)


def heatmap(
    tr: Trace,
    quantity: str = "hidden",
    layer: int = 0,
    direction: int | None = None,
    step: int | None = None,
    units: list[int] | None = None,
    unit: int | None = None,
) -> go.Figure:
    """Units (rows) × tokens (columns) of ``quantity`` in ``layer``.

    ``direction``: None shows every direction (stacked, sharing the token axis); 0 or 1
    shows one. ``units``: which units to show, in that order (default: all). ``step``:
    the token to mark with the cursor. ``unit``: a unit whose row is outlined.
    """
    return go.Figure(heatmap_spec(tr, quantity, layer, direction, step, units, unit))


def heatmap_spec(
    tr: Trace,
    quantity: str = "hidden",
    layer: int = 0,
    direction: int | None = None,
    step: int | None = None,
    units: list[int] | None = None,
    unit: int | None = None,
) -> dict:
    """:func:`heatmap` as a plain dict, not yet checked by plotly.py (what the app caches:
    checking a figure costs more than making it, and the tests check every kind)."""
    arr = values(tr, quantity)
    L, D, T, H = arr.shape
    layer = int(np.clip(layer, 0, L - 1))
    dirs = list(range(D)) if direction is None else [int(np.clip(direction, 0, D - 1))]
    rows_units = list(range(H)) if units is None else [int(u) for u in units if 0 <= u < H]
    n, U = len(dirs), len(rows_units)
    sub = arr[layer][dirs][:, :, rows_units]  # [panels, T, units]
    if quantity in SIGNED:
        m = float(np.abs(sub).max()) or 1.0
        zmin, zmax, scale = -m, m, DIVERGING
    else:
        zmin, zmax, scale = 0.0, 1.0, SEQUENTIAL
    names = [_("forward: reads left → right"), _("backward: reads right → left")]
    short = [_("forward"), _("backward")]
    tokens = [safe(t) for t in tr.tokens]
    custom = np.array([tokens for _u in rows_units], dtype=object)  # [units, T]
    ylabels = [_("unit {unit}").format(unit=u) for u in rows_units]
    hover = (
        _("token {n}: {token}").format(n="%{x}", token="%{customdata}")
        + "<br>%{text}<br>"
        + label(tr, quantity)
        + " = %{z:.3f}<extra></extra>"
    )
    text = np.array([[y] * T for y in ylabels], dtype=object)
    every = 1 if U <= 24 else 2 if U <= 48 else 4
    shown = list(range(0, U, every))
    gap = 0.08  # between stacked panels, as a fraction of the plot height
    h = (1 - gap * (n - 1)) / n
    # Built as one dict and validated once: make_subplots + update_* cost 4× more per figure.
    data, layout, shapes, notes = [], {}, [], []
    for r, d in enumerate(dirs, start=1):
        top = 1 - (r - 1) * (h + gap)
        data.append(
            dict(
                type="heatmap",
                z=sub[r - 1].T,
                x=list(range(T)),
                y=list(range(U)),
                customdata=custom,
                text=text,
                coloraxis="coloraxis",
                xgap=1,
                ygap=1,
                xaxis=_ref("x", r),
                yaxis=_ref("y", r),
                name=short[d],
                hovertemplate=hover,
            )
        )
        layout[_ref("xaxis", r)] = dict(
            token_axis(tr),
            anchor=_ref("y", r),
            domain=[0, 1],
            showticklabels=r == n,
            **({"matches": _ref("x", n)} if r < n else {}),
        )
        layout[_ref("yaxis", r)] = dict(
            anchor=_ref("x", r),
            domain=[max(0, top - h), top],
            tickmode="array",
            tickvals=shown,
            ticktext=[ylabels[i] for i in shown],
            autorange="reversed",
        )
        if D > 1:
            notes.append(
                dict(
                    text=names[d],
                    x=0.5,
                    y=top,
                    xref="paper",
                    yref="paper",
                    xanchor="center",
                    yanchor="bottom",
                    showarrow=False,
                    font=dict(size=15),
                )
            )
        if unit is not None and unit in rows_units:
            y = rows_units.index(unit)
            shapes.append(
                dict(
                    type="rect",
                    xref=f"{_ref('x', r)} domain",
                    yref=_ref("y", r),
                    x0=0,
                    x1=1,
                    y0=y - 0.5,
                    y1=y + 0.5,
                    fillcolor="rgba(0,0,0,0)",
                    line=dict(color="#000000", width=2),
                )
            )
    if step is not None:
        shapes += cursor(step, T, n)
    per_panel = max(120, 11 * U + 20)
    layer_note = (
        " · "
        + _("layer {layer} (layers 0–{last}, as PyTorch counts)").format(layer=layer, last=L - 1)
        if L > 1
        else ""
    )
    layout.update(
        coloraxis=dict(
            colorscale=scale,
            cmin=zmin,
            cmax=zmax,
            colorbar=dict(title=dict(text=_("value"), side="right"), thickness=14),
        ),
        title=dict(text=label(tr, quantity) + layer_note, x=0, xanchor="left"),
        height=per_panel * n + 130,
        margin=dict(l=70, r=30, t=70, b=70),
        font=FONT,
        template=TEMPLATE,
        plot_bgcolor="#FFFFFF",
        meta=dict(tokens=T, panels=n),
        shapes=shapes,
        annotations=notes,
    )
    return {"data": data, "layout": layout}


def prediction_chart(tr: Trace, step: int | None = None, top_k: int = 6) -> go.Figure:
    """The head's answer after every prefix, with the current step marked.

    Classifier: one line per class (at most ``top_k``, the most probable at the end).
    Language model: the probability of the token that really came next, and of the model's
    top choice (hover shows the top three).
    """
    return go.Figure(prediction_spec(tr, step, top_k))


def prediction_spec(tr: Trace, step: int | None = None, top_k: int = 6) -> dict:
    """:func:`prediction_chart` as a plain dict (see :func:`heatmap_spec`)."""
    T = len(tr)
    x = list(range(T))
    tokens = [safe(t) for t in tr.tokens]
    symbols = ["circle", "square", "diamond", "triangle-up", "x", "cross"]
    if tr.head == "classifier":
        data = [
            dict(
                type="scatter",
                x=x,
                y=tr.probs[:, k],
                mode="lines+markers",
                name=safe(tr.outputs[k]),
                customdata=tokens,
                # by the label's index, not its rank: a class keeps its colour everywhere
                line=dict(color=class_colour(k), width=3),
                marker=dict(size=8, symbol=symbols[k % len(symbols)]),
                hovertemplate=_("after {token}: chance of {label} = {p}").format(
                    token="%{customdata}", label=safe(tr.outputs[k]), p="%{y:.3f}"
                )
                + "<extra></extra>",
            )
            for k in sorted(int(k) for k in np.argsort(-tr.probs[-1])[:top_k])
        ]
        title = _("What the model answers after each token")
    else:
        nxt = [tr.probs[t, tr.ids[t + 1]] if t + 1 < T else np.nan for t in range(T)]
        tops = [tr.top(t, 3) for t in range(T)]
        top_text = ["<br>".join(f"{token_label(o, 20)}: {p:.3f}" for o, p in tp) for tp in tops]
        nxt_text = [
            token_label(tr.tokens[t + 1], 20) if t + 1 < T else _("(end)") for t in range(T)
        ]
        data = [
            dict(
                type="scatter",
                x=x,
                y=nxt,
                mode="lines+markers",
                name=_("the token that came next"),
                line=dict(color=LINE_COLOURS[0], width=3),
                marker=dict(size=8),
                customdata=np.array(list(zip(tokens, nxt_text)), dtype=object),
                hovertemplate=_("after {token}: chance the next is {next} = {p}").format(
                    token="%{customdata[0]}", next="%{customdata[1]}", p="%{y:.3f}"
                )
                + "<extra></extra>",
            ),
            dict(
                type="scatter",
                x=x,
                y=[tp[0][1] for tp in tops],
                mode="lines+markers",
                name=_("the model's top choice"),
                line=dict(color=LINE_COLOURS[1], width=3, dash="dash"),
                marker=dict(size=8, symbol="square"),
                text=top_text,
                customdata=tokens,
                hovertemplate=_("after {token}, top choices:").format(token="%{customdata}")
                + "<br>%{text}<extra></extra>",
            ),
        ]
        title = _("What the model expects next, after each token")
    layout = dict(
        xaxis=token_axis(tr),
        yaxis=dict(
            range=[0, 1.02],
            title=dict(text=_("probability")),
            tickformat=".0%",
            gridcolor="#E5E5E5",
        ),
        # the title on the top line, the legend on its own line under it, left-aligned: on a
        # phone a legend beside the title covered it
        title=dict(text=title, x=0, xanchor="left", yref="container", y=0.98, yanchor="top"),
        height=300,
        font=FONT,
        template=TEMPLATE,
        margin=dict(l=70, r=105, t=80, b=70),  # r: the heatmaps' colour bar, so tokens align
        plot_bgcolor="#FFFFFF",
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        meta=dict(tokens=T, panels=1),
        shapes=cursor(step, T) if step is not None else [],
    )
    return {"data": data, "layout": layout}


def following(fig: go.Figure | dict) -> go.Figure:
    """``fig`` without its cursor, marked for a page whose step view draws the cursor.

    The app's cell view outlines the current token over such a chart in the browser
    (``layout.meta.cursor == "follow"``), so the figure stays the same from step to step and
    the page need not redraw it. Export images with :func:`at_step` instead.
    """
    out = at_step(fig, None)
    out.layout.meta = {**(out.layout.meta or {}), "cursor": "follow"}
    return out


PREDICTION_PX = 190  # the answer strip of reading_chart, above the heatmap


def reading_chart(
    tr: Trace, quantity: str = "hidden", layer: int = 0, unit: int | None = None
) -> go.Figure:
    """The answer after every prefix (top) over the heatmap of ``quantity`` (below).

    One token axis (labels under the heatmap), one cursor through every panel (:func:`at_step`
    moves it), the colour bar beside the heatmap only. Built from :func:`prediction_chart`
    and :func:`heatmap`, so it shows exactly their numbers.
    """
    return go.Figure(reading_spec(tr, quantity, layer, unit))


def reading_spec(
    tr: Trace, quantity: str = "hidden", layer: int = 0, unit: int | None = None
) -> dict:
    """:func:`reading_chart` as a plain dict (see :func:`heatmap_spec`)."""
    heat = heatmap_spec(tr, quantity, layer, None, unit=unit)
    pred = prediction_spec(tr)
    hl, pl = heat["layout"], pred["layout"]
    n = int(hl["meta"]["panels"])
    top = n + 1  # the answer strip takes the next axis pair: x{n+1}, y{n+1}
    heat_px = hl["height"] - 130
    plot_px = heat_px + PREDICTION_PX
    frac = heat_px / plot_px  # the heatmap panels' share of the plot height
    gap = 40 / plot_px
    layout = {k: v for k, v in hl.items() if not k.startswith(("xaxis", "yaxis"))}
    for r in range(1, n + 1):
        x, y = dict(hl[_ref("xaxis", r)]), dict(hl[_ref("yaxis", r)])
        y["domain"] = [d * (frac - gap) for d in y["domain"]]
        layout[_ref("xaxis", r)], layout[_ref("yaxis", r)] = x, y
    layout[_ref("xaxis", top)] = dict(
        pl["xaxis"], anchor=_ref("y", top), showticklabels=False, matches=_ref("x", n)
    )
    layout[_ref("yaxis", top)] = dict(pl["yaxis"], anchor=_ref("x", top), domain=[frac, 1])
    for a in layout.get("annotations", ()):  # the direction names sit on their panels
        a["y"] = a["y"] * (frac - gap)
    layout["coloraxis"] = dict(
        hl["coloraxis"],
        colorbar=dict(hl["coloraxis"]["colorbar"], y=0, yanchor="bottom", len=frac - gap),
    )
    layout.update(
        height=plot_px + 130,
        meta=dict(tokens=len(tr), panels=top),
        legend=dict(pl["legend"], y=1.02),
        title=dict(
            hl["title"],
            text=_("{top} (top); {below} (below)").format(
                top=pl["title"]["text"], below=hl["title"]["text"]
            ),
            yref="container",
            y=1 - 8 / (plot_px + 130),
            yanchor="top",
        ),
        margin=dict(hl.get("margin", {}), t=max(hl.get("margin", {}).get("t", 70), 90)),
        showlegend=True,
    )
    data = [
        *heat["data"],
        *(dict(d, xaxis=_ref("x", top), yaxis=_ref("y", top)) for d in pred["data"]),
    ]
    return {"data": data, "layout": layout}


def image(fig: go.Figure, fmt: str = "png", width: int = 1200, scale: float = 2) -> bytes:
    """The figure as ``png`` or ``svg`` bytes, at the figure's own height."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"unknown image format {fmt!r}; choose 'png' or 'svg'")
    return fig.to_image(
        format=fmt, width=width, height=fig.layout.height or 400, scale=scale if fmt == "png" else 1
    )
