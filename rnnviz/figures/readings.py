"""Plotly figures behind the compare, word-order, generation and layers pages.

Companions of :mod:`rnnviz.figures` and :mod:`rnnviz.figures.analyses` (same palette, same
escaping of user text); no Streamlit, so a notebook gets the same charts as the app.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import torch

from rnnviz.figures.states import cursor, token_axis
from rnnviz.figures.style import FONT, GATE_NAMES, LINE_COLOURS, TEMPLATE, safe
from rnnviz.figures.words import N_, _, num
from rnnviz.model import readout as model_readout
from rnnviz.tracing.text import Trace

SYMBOLS = ["circle", "square", "diamond", "triangle-up"]
GATE_WORDS = {  # English here, shown translated: ``words._(GATE_WORDS[g])``
    "input": N_("input i: how much new to write"),
    "forget": N_("forget f: how much of c to keep"),
    "output": N_("output o: how much of c to show"),
    "reset": N_("reset r: how much old h to use"),
    "update": N_("update z: how much old h to keep"),
}


def gate_means_chart(tr: Trace, gates: list[str], step: int) -> go.Figure:
    """The mean of each gate over the units, token by token (0 = shut, 1 = open)."""
    T = len(tr)
    dashes = ["solid", "dash", "dot", "dashdot"]
    data = [
        go.Scatter(
            x=list(range(T)),
            y=tr.gates[g][0, 0].mean(-1),
            name=_(GATE_NAMES.get(g, g)),
            mode="lines+markers",
            line=dict(color=LINE_COLOURS[n], width=2, dash=dashes[n % 4]),
            marker=dict(size=6, symbol=SYMBOLS[n % len(SYMBOLS)]),
            customdata=[safe(t) for t in tr.tokens],
            hovertemplate=_(GATE_WORDS.get(g, g))
            + "<br>"
            + _("after {token}: mean {value}").format(token="%{customdata}", value="%{y:.2f}")
            + "<extra></extra>",
        )
        for n, g in enumerate(gates)
    ]
    fig = go.Figure(data)
    fig.layout.template = TEMPLATE  # replaces plotly's default, not merged
    fig.update_layout(
        height=260,
        margin=dict(l=50, r=10, t=50, b=40),
        font=FONT,
        plot_bgcolor="#FFFFFF",
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, font=dict(size=12)),
        yaxis=dict(range=[0, 1], gridcolor="#E5E5E5", tickfont=dict(size=12)),
        xaxis=dict(
            tickvals=list(range(T)),
            ticktext=[str(t + 1) for t in range(T)] if T <= 20 else None,
            title=dict(text=_("token"), standoff=2),
            tickfont=dict(size=12),
            range=[-0.5, T - 0.5],
        ),
        shapes=cursor(step, T),
    )
    if T > 20:
        fig.update_xaxes(tickmode="auto", tickvals=None)
    return fig


def order_answers_chart(rows: list[dict], label: str, orders: tuple[str, str]) -> go.Figure:
    """P(label) for each model and each order: grouped bars, numbers printed on them."""
    fig = go.Figure()
    for n, order in enumerate(orders):
        ys = [r[order] for r in rows]
        fig.add_trace(
            go.Bar(
                x=[r["model"] for r in rows],
                y=ys,
                name=order,
                marker_color=LINE_COLOURS[n],
                marker_pattern_shape="" if n == 0 else "/",
                text=[f"{y:.4f}" for y in ys],
                textposition="outside",
                hovertemplate=_("{model}, {order}: chance of {label} = {p}").format(
                    model="%{x}", order=order, label=label, p="%{y:.4f}"
                )
                + "<extra></extra>",
            )
        )
    fig.layout.template = TEMPLATE  # replaces plotly's default, not merged
    fig.update_layout(
        barmode="group",
        height=300,
        font=FONT,
        margin=dict(l=60, r=20, t=50, b=40),
        plot_bgcolor="#FFFFFF",
        title=dict(
            text=_("Each model's probability of “{label}”").format(label=label), x=0, xanchor="left"
        ),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1),
    )
    fig.update_yaxes(range=[0, 1.15], tickformat=".0%", gridcolor="#E5E5E5")
    return fig


def visible(ch: str) -> str:
    """A character as a label you can see: space as ␣, newline as ↵."""
    return {" ": "␣", "\n": "↵", "\t": "⇥"}.get(ch, ch) if ch.isprintable() or ch in "\n\t" else "�"


def choices_chart(top: list[tuple[str, float, float]], temperature: float, chosen: str):
    """The top next-characters: (character, model's probability, at the temperature)."""
    labels = [safe(visible(c)) for c, _p, _q in top]
    fig = go.Figure()
    for n, (name, ys) in enumerate(
        [
            (_("model's probability"), [p for _c, p, _q in top]),
            (
                _("at temperature {t} (drawn from)").format(t=num(temperature, "g")),
                [q for _c, _p, q in top],
            ),
        ]
    ):
        fig.add_trace(
            go.Bar(
                x=labels,
                y=ys,
                name=name,
                marker_color=LINE_COLOURS[n],
                marker_pattern_shape="" if n == 0 else "/",
                text=[f"{y:.0%}" for y in ys],
                textposition="outside",
                hovertemplate="«%{x}»: %{y:.1%}<extra></extra>",
            )
        )
    chars = [c for c, _p, _q in top]
    if chosen in chars:
        fig.add_annotation(
            x=labels[chars.index(chosen)],
            y=1.12,
            text="<b>" + _("written") + "</b>",
            showarrow=False,
            font=dict(size=13, color="#1A1A1A"),
        )
    fig.layout.template = TEMPLATE  # replaces plotly's default, not merged
    fig.update_layout(
        barmode="group",
        height=380,
        font=FONT,
        margin=dict(l=50, r=10, t=100, b=40),
        plot_bgcolor="#FFFFFF",
        title=dict(
            text=_("The 5 likeliest next characters"),
            x=0,
            xanchor="left",
            y=0.97,
            yref="container",
            yanchor="top",
        ),
        legend=dict(orientation="v", yanchor="bottom", y=1.02, xanchor="left", x=0),
    )
    fig.update_xaxes(tickfont=dict(size=22, family="monospace"), type="category")
    fig.update_yaxes(
        range=[0, 1.2], tickvals=[0, 0.25, 0.5, 0.75, 1], tickformat=".0%", gridcolor="#E5E5E5"
    )
    return fig


def classifier_input(tr: Trace, readout: str, head: str, step: int) -> np.ndarray:
    """``[directions, units]``: what ``fc`` reads — for a classifier, the model's own
    :func:`rnnviz.model.readout` of the whole text; for a language model, step ``step``."""
    top = tr.hidden[-1]  # [directions, time, units]
    D, _T, H = top.shape
    if head == "lm":
        return top[:, step]
    output = torch.from_numpy(np.concatenate(list(top), axis=-1)[None])  # [1, T, D·H]
    return model_readout(output, readout, D)[0].numpy().reshape(D, H)


def prefix_lines(
    ys: dict[str, np.ndarray],
    styles: dict[str, dict],
    first: Trace,
    T: int,
    ytitle: str,
    step: int,
) -> go.Figure:
    """One line per model over the first ``T`` tokens of ``first`` (e.g. P(class) after every
    prefix), styled by ``styles[name]`` = {color, dash, symbol}, the cursor at ``step``."""
    x = list(range(T))
    tokens = [safe(t) for t in first.tokens[:T]]
    fig = go.Figure(
        [
            go.Scatter(
                x=x,
                y=y,
                name=name,
                mode="lines+markers",
                line=dict(color=styles[name]["color"], width=3, dash=styles[name]["dash"]),
                marker=dict(size=9, symbol=styles[name]["symbol"]),
                customdata=tokens,
                hovertemplate=_("{model} after {token}: {value}").format(
                    model=name, token="%{customdata}", value="%{y:.3f}"
                )
                + "<extra></extra>",
            )
            for name, y in ys.items()
        ]
    )
    axis = token_axis(first)
    fig.layout.template = TEMPLATE  # replaces plotly's default, not merged
    fig.update_layout(
        height=340,
        font=FONT,
        plot_bgcolor="#FFFFFF",
        margin=dict(l=70, r=30, t=40, b=70),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1),
        xaxis=dict(axis, range=[-0.5, T - 0.5]),
        yaxis=dict(range=[0, 1.02], title=dict(text=ytitle), tickformat=".0%", gridcolor="#E5E5E5"),
        shapes=cursor(step, T),
    )
    return fig


DIRECTION_COLOURS = ("#0072B2", "#E69F00")  # forward blue, backward orange (Okabe–Ito)


def classifier_input_chart(f: np.ndarray) -> go.Figure:
    """The numbers handed to ``fc`` (``f``: ``[directions, units]``), one bar each."""
    D, H = f.shape
    names = [_("forward"), _("backward")]
    fig = go.Figure(
        [
            go.Bar(
                x=list(range(d * H, (d + 1) * H)),
                y=f[d],
                name=names[d],
                marker=dict(color=DIRECTION_COLOURS[d]),
                customdata=list(range(H)),
                hovertemplate=_("{direction} unit {unit}: {value}").format(
                    direction=names[d], unit="%{customdata}", value="%{y:.3f}"
                )
                + "<extra></extra>",
            )
            for d in range(D)
        ]
    )
    fig.layout.template = TEMPLATE  # replaces plotly's default, not merged
    fig.update_layout(
        height=280,
        font=FONT,
        plot_bgcolor="#FFFFFF",
        margin=dict(l=70, r=30, t=30, b=50),
        bargap=0.15,
        showlegend=D > 1,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1),
        xaxis=dict(
            title=dict(text=_("number handed to the output layer")), range=[-0.7, D * H - 0.3]
        ),
        yaxis=dict(title=dict(text=_("value")), gridcolor="#E5E5E5", zerolinecolor="#888888"),
    )
    return fig
