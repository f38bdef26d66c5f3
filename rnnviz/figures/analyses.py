"""Plotly figures for the lesson's claims: vanishing gradients, minimal pairs, word order.

Companions of :mod:`rnnviz.figures` (same palette, same escaping of user text), built
from :mod:`rnnviz.analysis.gradients` and :mod:`rnnviz.analysis.compare`. No Streamlit here.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from rnnviz.analysis.compare import OrderDiff, PairDiff
from rnnviz.analysis.gradients import Gradients
from rnnviz.figures.style import (
    DIVERGING,
    FONT,
    GATE_NAMES,
    LINE_COLOURS,
    MAX_TICK_CHARS,
    TEMPLATE,
    safe,
    token_label,
)
from rnnviz.figures.words import N_, _, num

SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "cross"]
# what happened to a minimal pair's column (PairDiff.label's kinds), as the hover says it
KINDS = {"replaced": N_("replaced"), "inserted": N_("inserted"), "deleted": N_("deleted")}


def _layout(fig: go.Figure, title: str, height: int = 360) -> go.Figure:
    fig.layout.template = TEMPLATE  # replaces plotly's default, not merged
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        height=height,
        font=FONT,
        margin=dict(l=70, r=30, t=60, b=70),
        plot_bgcolor="#FFFFFF",
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1),
    )
    fig.update_yaxes(gridcolor="#E5E5E5")
    return fig


def gradient_chart(
    grads: dict[str, Gradients], which: str = "input", log: bool = True
) -> go.Figure:
    """Relative gradient size per token, one line per model (e.g. RNN, LSTM, GRU)."""
    fig = go.Figure()
    tokens: list[str] = []
    for n, (name, g) in enumerate(grads.items()):
        if which == "hidden" and g.wrt_hidden is None:
            continue
        tokens = g.tokens
        rel = g.relative(which)
        fig.add_trace(
            go.Scatter(
                x=list(range(len(rel))),
                y=np.maximum(rel, 1e-12),
                name=safe(name),
                mode="lines+markers",
                line=dict(color=LINE_COLOURS[n % 8], width=3),
                marker=dict(size=8, symbol=SYMBOLS[n % 6]),
                customdata=np.array([safe(t) for t in g.tokens], dtype=object),
                hovertemplate=safe(name)
                + "<br>"
                + _("token {n}: {token}").format(n="%{x}", token="%{customdata}")
                + "<br>"
                + _("gradient size = {size} of the largest").format(size="%{y:.2e}")
                + "<extra></extra>",
            )
        )
    T = len(tokens)
    fig.update_xaxes(
        tickmode="array",
        tickvals=list(range(T)),
        ticktext=[token_label(t) for t in tokens],
        tickangle=-45 if T > 12 else 0,
    )
    title = (
        _("How much the final answer depends on each token (its input x_t)")
        if which == "input"
        else _("How much the final answer depends on each token (its hidden state h_t)")
    )
    fig.update_yaxes(
        type="log" if log else "linear",
        title_text=_("size, relative to the largest"),
        exponentformat="power",
    )
    return _layout(fig, title)


def distance_chart(curves: dict[str, dict]) -> go.Figure:
    """Accuracy by the number of distractor words (from the long_range model cards)."""
    fig = go.Figure()
    for n, (name, acc) in enumerate(curves.items()):
        xs = sorted(acc, key=float)
        fig.add_trace(
            go.Scatter(
                x=[float(x) for x in xs],
                y=[acc[x] for x in xs],
                name=safe(name),
                mode="lines+markers",
                line=dict(color=LINE_COLOURS[n % 8], width=3),
                marker=dict(size=9, symbol=SYMBOLS[n % 6]),
                hovertemplate=_("{model}: {share} right with {n} words between").format(
                    model=safe(name), share="%{y:.1%}", n="%{x}"
                )
                + "<extra></extra>",
            )
        )
    fig.add_hline(
        y=0.5,
        line=dict(color="#777777", dash="dot"),
        annotation_text=_("chance"),
        annotation_position="bottom right",
    )
    ticks = sorted({float(x) for acc in curves.values() for x in acc})
    fig.update_xaxes(
        type="log",
        tickvals=ticks,
        ticktext=[f"{t:g}" for t in ticks],
        title_text=_("words between the deciding word and the end"),
    )
    fig.update_yaxes(range=[0.4, 1.02], tickformat=".0%", title_text=_("held-out accuracy"))
    return _layout(fig, _("Remembering across a gap: accuracy by distance"))


def saturation_chart(shares: dict[str, dict[str, dict]]) -> go.Figure:
    """Share of gate values below 0.1 (shut) and above 0.9 (open), per model and gate."""
    fig = go.Figure()
    cats = [f"{m} · {_(GATE_NAMES.get(g, g))}" for m, gates in shares.items() for g in gates]
    below = [s["below"] for gates in shares.values() for s in gates.values()]
    above = [s["above"] for gates in shares.values() for s in gates.values()]
    fig.add_trace(
        go.Bar(
            x=cats,
            y=below,
            name=_("shut (< 0.1)"),
            marker_color=LINE_COLOURS[0],
            text=[f"{v:.0%}" for v in below],
            textposition="outside",
            hovertemplate=_("{what}: {share} of values below 0.1").format(
                what="%{x}", share="%{y:.1%}"
            )
            + "<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            x=cats,
            y=above,
            name=_("open (> 0.9)"),
            marker_color=LINE_COLOURS[1],
            marker_pattern_shape="/",
            text=[f"{v:.0%}" for v in above],
            textposition="outside",
            hovertemplate=_("{what}: {share} of values above 0.9").format(
                what="%{x}", share="%{y:.1%}"
            )
            + "<extra></extra>",
        )
    )
    fig.update_yaxes(range=[0, 1.1], tickformat=".0%", title_text=_("share of steps × units"))
    fig.update_layout(barmode="group")
    return _layout(fig, _("Gate saturation: how often each gate is fully shut or fully open"))


def pair_chart(d: PairDiff, top: int = 12) -> go.Figure:
    """b − a for the most different units (rows), column by column of the alignment: shared
    tokens, replaced ones ("good / bad"), and inserted (+and) or deleted (−not) tokens each
    in a column of their own."""
    units = d.ranking[:top]
    z = d.diff[:, units].T
    m = float(np.abs(z).max()) or 1.0
    labels = [token_label(d.label(k)[0], 2 * MAX_TICK_CHARS) for k in range(len(d.columns))]
    kinds = [d.label(k)[1] for k in range(len(d.columns))]
    hover = [
        _("{token} ({kind} here)").format(token=lbl, kind=_(KINDS.get(kind, kind))) if kind else lbl
        for lbl, kind in zip(labels, kinds)
    ]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(range(len(d.columns))),
            y=[_("unit {unit}").format(unit=u) for u in units],
            colorscale=DIVERGING,
            zmin=-m,
            zmax=m,
            xgap=1,
            ygap=1,
            # written here, not by Plotly's "%{z:.2f}": a hyphen there, where the colour bar
            # beside it writes a real minus sign (and the reader's decimal mark: num)
            text=[[num(v, ".2f") for v in row] for row in z.tolist()] if z.size <= 200 else None,
            texttemplate="%{text}" if z.size <= 200 else None,
            customdata=np.array([hover] * len(units), dtype=object),
            colorbar=dict(title=dict(text=_("second − first"), side="right"), thickness=14),
            hovertemplate=_("{unit} after {token}: difference {value}").format(
                unit="%{y}", token="%{customdata}", value="%{z:.3f}"
            )
            + "<extra></extra>",
        )
    )
    # the columns where the texts differ, outlined: where the story starts
    for k, kind in enumerate(kinds):
        if kind:
            fig.add_shape(
                type="rect",
                x0=k - 0.5,
                x1=k + 0.5,
                y0=-0.5,
                y1=len(units) - 0.5,
                line=dict(color=FONT["color"], width=2, dash="dot"),
                fillcolor="rgba(0,0,0,0)",
            )
    fig.update_xaxes(tickmode="array", tickvals=list(range(len(labels))), ticktext=labels)
    fig.update_yaxes(autorange="reversed")
    title = (  # short: a phone shows the whole title
        _("Second − first: cell state c")
        if d.state_name == "cell"
        else _("Second − first: hidden state h")
    )
    return _layout(
        fig,
        title,
        height=max(260, 26 * len(units) + 140),
    )


def order_chart(o: OrderDiff, labels: tuple[str, str] | None = None) -> go.Figure:
    """Distance between the states of two orders of the same words, position by position
    (``labels``: what the two orders are called; default "first order", "second order")."""
    labels = labels or (_("first order"), _("second order"))
    T = len(o.distance)
    ticks = [
        f"{token_label(a)} / {token_label(b)}" if a != b else token_label(a)
        for a, b in zip(o.a.tokens, o.b.tokens)
    ]
    fig = go.Figure(
        go.Bar(
            x=list(range(T)),
            y=o.distance,
            marker_color=LINE_COLOURS[0],
            text=[f"{v:.2f}" for v in o.distance],
            textposition="outside",
            hovertemplate=_("position {n}: distance {value}").format(n="%{x}", value="%{y:.3f}")
            + "<extra></extra>",
        )
    )
    fig.update_xaxes(tickmode="array", tickvals=list(range(T)), ticktext=ticks)
    fig.update_yaxes(title_text=_("distance between states"), rangemode="tozero")
    return _layout(
        fig,
        _(
            "How far apart the states of the {first} and the {second} are after each position"
        ).format(first=safe(labels[0]), second=safe(labels[1])),
    )
