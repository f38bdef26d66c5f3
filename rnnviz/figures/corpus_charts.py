"""Figures of one unit across a corpus, the state space, and interventions.

- :func:`coloured_html`: texts coloured token by token by one unit (Karpathy et al.'s
  pictures), in the diverging palette, every character of the text escaped; with
  :func:`legend_html`. Plain HTML: ``IPython.display.HTML(...)`` shows it in a notebook.
- :func:`histogram_chart`, :func:`token_means_chart`: a unit's values over the corpus.
- :func:`state_space_chart`: the corpus cloud on two principal axes, a sentence's path on it.
- :func:`intervention_chart`, :func:`difference_chart`: before vs after an edit.

No Streamlit here.
"""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go

from rnnviz.analysis.corpus import Corpus
from rnnviz.analysis.intervention import Intervention
from rnnviz.analysis.statespace import StateSpace
from rnnviz.figures.style import DIVERGING, FONT, LINE_COLOURS, TEMPLATE, safe, token_label
from rnnviz.figures.words import _, num

_BLUE, _WHITE, _ORANGE = (
    np.array([int(c[1][i : i + 2], 16) for i in (1, 3, 5)]) for c in DIVERGING
)


def diverging_colour(v: float, scale: float) -> str:
    """The palette's colour for ``v`` on a scale of ``-scale`` (blue) … 0 (white) … ``scale``."""
    x = 0.0 if scale <= 0 else float(np.clip(v / scale, -1, 1))
    end = _ORANGE if x >= 0 else _BLUE
    rgb = _WHITE + abs(x) * (end - _WHITE)
    return "#{:02X}{:02X}{:02X}".format(*(round(float(c)) for c in rgb))


def coloured_html(
    corpus: Corpus,
    values: np.ndarray,
    docs: list[int] | None = None,
    max_tokens: int = 3000,
    scale: float | None = None,
) -> str:
    """Texts ``docs`` (default: from the first) with each token's background set by
    ``values`` (one per corpus token), up to ``max_tokens`` tokens; ``scale`` defaults to
    the largest |value| over the corpus. The value is in each token's tooltip."""
    scale = float(np.abs(values).max()) if scale is None else scale
    docs = list(range(len(corpus.texts))) if docs is None else docs
    out, shown = [], 0
    for d in docs:
        a, b = int(corpus.offsets[d]), int(corpus.offsets[d + 1])
        if shown >= max_tokens or a == b:
            continue
        text, parts, prev = corpus.texts[d], [], 0
        for i in range(a, min(b, a + max_tokens - shown)):
            s, e = int(corpus.start[i]), int(corpus.end[i])
            parts.append(html.escape(text[prev:s], quote=True))
            parts.append(
                f'<span style="background:{diverging_colour(values[i], scale)}" '
                f'title="{num(values[i], "+.3f")}">{html.escape(text[s:e], quote=True)}</span>'
            )
            prev = e
        shown += b - a
        out.append(f'<div class="rnnviz-text">{"".join(parts)}</div>')
    return "".join(out)


def snippet_html(corpus: Corpus, doc: int, start: int, end: int, width: int = 4) -> str:
    """Tokens ``[start, end)`` of text ``doc`` highlighted, ``width`` tokens either side."""
    a = int(corpus.offsets[doc])
    n = int(corpus.offsets[doc + 1]) - a
    lo, hi = max(0, start - width), min(n, end + width)
    text = corpus.texts[doc]
    s0, s1 = int(corpus.start[a + start]), int(corpus.end[a + end - 1])
    left = text[int(corpus.start[a + lo]) : s0]
    right = text[int(corpus.end[a + end - 1]) : int(corpus.end[a + hi - 1])]
    return (
        ("… " if lo > 0 else "")
        + html.escape(left, quote=True)
        + f'<mark style="background:#FFE0A3;color:#000;font-weight:600">'
        f"{html.escape(text[s0:s1], quote=True)}</mark>"
        + html.escape(right, quote=True)
        + (" …" if hi < n else "")
    )


def legend_html(scale: float, label: str) -> str:
    """A small colour bar: −scale (blue) … 0 (white) … +scale (orange), and what it is."""
    stops = ", ".join(diverging_colour(v, 1.0) for v in np.linspace(-1, 1, 9))
    return (
        '<div style="display:flex;align-items:center;gap:0.5rem;font-size:0.9rem">'
        f"<span>{num(-scale, '+.2f')}</span>"
        f'<span style="display:inline-block;width:180px;height:14px;border:1px solid #999;'
        f'background:linear-gradient(to right, {stops})"></span>'
        f"<span>{num(scale, '+.2f')}</span><span>{html.escape(label, quote=True)}</span></div>"
    )


def _layout(fig: go.Figure, title: str, height: int = 340) -> go.Figure:
    fig.layout.template = TEMPLATE
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        height=height,
        font=FONT,
        margin=dict(l=60, r=20, t=60, b=50),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1),
    )
    return fig


def histogram_chart(counts: np.ndarray, edges: np.ndarray, label: str) -> go.Figure:
    """Bars of ``np.histogram`` output, coloured by the bin's value."""
    mids = (edges[:-1] + edges[1:]) / 2
    scale = float(np.abs(edges).max())
    fig = go.Figure(
        go.Bar(
            x=mids,
            y=counts,
            width=np.diff(edges),
            marker=dict(color=[diverging_colour(m, scale) for m in mids], line=dict(width=0.5)),
            hovertemplate=_("{value}: {n} tokens").format(value="%{x:+.3f}", n="%{y}")
            + "<extra></extra>",
        )
    )
    fig.update_xaxes(title_text=safe(label))
    fig.update_yaxes(title_text=_("tokens"))
    return _layout(fig, _("How often each value occurs"))


def token_means_chart(rows: list[tuple[str, float, int]], label: str, k: int = 12) -> go.Figure:
    """The ``k`` tokens with the highest and the ``k`` with the lowest mean value."""
    pick = rows[:k] + (rows[-k:] if len(rows) > 2 * k else rows[k:])
    pick = sorted(pick, key=lambda r: r[1])
    scale = max((abs(m) for _t, m, _n in pick), default=1.0)
    fig = go.Figure(
        go.Bar(
            x=[m for _t, m, _n in pick],
            y=[f"{token_label(t)} ({n})" for t, _m, n in pick],
            orientation="h",
            marker=dict(color=[diverging_colour(m, scale) for _t, m, _n in pick]),
            hovertemplate=_("{token}: mean {value}").format(token="%{y}", value="%{x:+.3f}")
            + "<extra></extra>",
        )
    )
    fig.update_xaxes(title_text=_("mean {what}").format(what=safe(label)))
    return _layout(fig, _("Mean value by token (count)"), height=max(300, 22 * len(pick) + 100))


def state_space_chart(
    space: StateSpace,
    corpus: Corpus,
    path: np.ndarray | None = None,
    tokens: list[str] | None = None,
    max_points: int = 4000,
) -> go.Figure:
    """Corpus tokens on the first two axes (coloured by the answer after that prefix when
    the corpus has it), and ``path`` (a sentence's ``[T, units]`` states) drawn over them."""
    X = corpus.block(space.state, space.layer, space.direction)
    idx = np.unique(np.linspace(0, len(X) - 1, min(len(X), max_points)).round().astype(int))
    xy = space.project(X[idx].astype(np.float32))
    hover = np.array(
        [safe(corpus.tokens_of(int(corpus.doc[i]))[int(corpus.pos[i])]) for i in idx], dtype=object
    )
    fig = go.Figure()
    if corpus.prediction is not None and len(corpus.outputs) <= 8:
        for k, name in enumerate(corpus.outputs):
            m = corpus.prediction[idx] == k
            if m.any():
                fig.add_trace(
                    go.Scattergl(
                        x=xy[m, 0],
                        y=xy[m, 1],
                        mode="markers",
                        name=_("answer so far: {label}").format(label=safe(name)),
                        marker=dict(size=5, color=LINE_COLOURS[k % 8], opacity=0.35),
                        customdata=hover[m],
                        hovertemplate="%{customdata}<extra></extra>",
                    )
                )
    else:
        fig.add_trace(
            go.Scattergl(
                x=xy[:, 0],
                y=xy[:, 1],
                mode="markers",
                name=_("corpus tokens"),
                marker=dict(size=5, color="#999999", opacity=0.35),
                customdata=hover,
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    if path is not None:
        p = space.project(path)
        fig.add_trace(
            go.Scatter(
                x=p[:, 0],
                y=p[:, 1],
                mode="lines+markers+text",
                name=_("your sentence"),
                line=dict(color="#000000", width=2),
                marker=dict(size=9, color="#D55E00"),
                text=[token_label(t) for t in tokens or []],
                textposition="top center",
                hovertemplate="%{text}<extra></extra>",
            )
        )
    ex = space.explained
    axis = _("axis {n} ({share} of the variance)")
    fig.update_xaxes(title_text=axis.format(n=1, share=f"{ex[0]:.0%}"))
    fig.update_yaxes(title_text=axis.format(n=2, share=f"{ex[1]:.0%}") if len(ex) > 1 else "")
    title = (
        _("The cell state of {n} tokens")
        if space.state == "cell"
        else _("The hidden state of {n} tokens")
    )
    return _layout(fig, title.format(n=f"{space.sample:,}"), height=480)


def _tracked(iv: Intervention) -> tuple[np.ndarray, np.ndarray, str]:
    """P(what the unedited model answers at the end) after every prefix, before and after."""
    k = int(iv.before.probs[-1].argmax())
    return iv.before.probs[:, k], iv.after.probs[:, k], iv.outputs[k]


def intervention_chart(iv: Intervention, lm: bool = False) -> go.Figure:
    """The answer after every prefix, without and with the edits (dashed: before)."""
    T = len(iv.tokens)
    if lm:  # the probability of the token that actually comes next
        ids = [iv.outputs.index(t) if t in iv.outputs else -1 for t in iv.tokens[1:]]
        b = np.array([iv.before.probs[t, i] if i >= 0 else np.nan for t, i in enumerate(ids)])
        a = np.array([iv.after.probs[t, i] if i >= 0 else np.nan for t, i in enumerate(ids)])
        what, x = _("chance of the next token"), list(range(T - 1))
    else:
        b, a, name = _tracked(iv)
        what, x = _("chance of {label}").format(label=safe(name)), list(range(T))
    fig = go.Figure()
    for ys, nm, dash, colour in (
        (b, _("before"), "dash", "#777777"),
        (a, _("after the edit"), "solid", LINE_COLOURS[0]),
    ):
        fig.add_trace(
            go.Scatter(
                x=x,
                y=ys,
                name=nm,
                mode="lines+markers",
                line=dict(dash=dash, width=3, color=colour),
                hovertemplate=f"{nm}: {what} = %{{y:.3f}}<extra></extra>",
            )
        )
    for e in iv.edits:
        fig.add_vline(x=e.step, line=dict(color="#D55E00", dash="dot"))
    fig.update_xaxes(
        tickmode="array", tickvals=list(range(T)), ticktext=[token_label(t) for t in iv.tokens]
    )
    fig.update_yaxes(title_text=what, range=[0, 1])
    return _layout(fig, _("{what} after each token").format(what=what))


def difference_chart(iv: Intervention, state: str = "hidden", layer: int = 0, direction: int = 0):
    """Heatmap of after − before for one layer and direction: units × tokens."""
    d = iv.difference(state)[layer, direction].T  # [units, T]
    scale = float(np.abs(d).max()) or 1.0
    fig = go.Figure(
        go.Heatmap(
            z=d,
            x=list(range(len(iv.tokens))),
            colorscale=DIVERGING,
            zmin=-scale,
            zmax=scale,
            colorbar=dict(title=_("after<br>− before")),
            hovertemplate=_("token {n}, unit {unit}: {value}").format(
                n="%{x}", unit="%{y}", value="%{z:+.3f}"
            )
            + "<extra></extra>",
        )
    )
    fig.update_xaxes(
        tickmode="array",
        tickvals=list(range(len(iv.tokens))),
        ticktext=[token_label(t) for t in iv.tokens],
    )
    fig.update_yaxes(
        title_text=_("unit of c (cell state)") if state == "cell" else _("unit of h (hidden state)")
    )
    for e in iv.edits:  # where each edit starts, so a change before it would stand out
        if e.layer == layer and e.direction == direction:
            x = e.step - 0.5 if direction == 0 else e.step + 0.5
            fig.add_vline(x=x, line=dict(color="#555", dash="dot", width=1))
    title = _("What the edit changed in {state}").format(state="c" if state == "cell" else "h")
    return _layout(fig, title, height=380)  # short: the title fits a phone
