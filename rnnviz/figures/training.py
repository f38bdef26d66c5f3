"""Plotly figures of a training as it runs: loss and accuracy per epoch, and the flags growing.

Both take the epoch records that :func:`rnnviz.training.watch.train_watched` reports (or a
model card's ``history``): dicts with ``epoch``, ``loss``, ``accuracy`` and, for built-in
tasks, ``flags`` (property -> the best single unit's AUC). ``epochs`` fixes the x axis to
the whole training, so a chart drawn after every epoch grows instead of rescaling.
No Streamlit here.
"""

from __future__ import annotations

import plotly.graph_objects as go

from rnnviz.figures.style import FONT, LINE_COLOURS, TEMPLATE, safe
from rnnviz.figures.words import N_, _

SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "cross"]


def _x_axis(fig: go.Figure, epochs: int | None, records: list[dict], **where) -> None:
    last = max([epochs or 0, *(r["epoch"] for r in records), 1])
    fig.update_xaxes(
        range=[0.5, last + 0.5],
        dtick=1 if last <= 12 else 5,
        title_text=_("epoch"),
        **where,
    )


def _look(fig: go.Figure, height: int) -> go.Figure:
    fig.layout.template = TEMPLATE  # replaces plotly's default, not merged
    fig.update_layout(
        height=height,
        font=FONT,
        margin=dict(l=60, r=20, t=50, b=60),
        showlegend=False,
    )
    return fig


MEASURES = {  # what each curve is, in a title a student reads (shown translated: words._),
    # its name in the hover, its colour and hover format
    "loss": (N_("Loss: how wrong it still is"), N_("loss"), LINE_COLOURS[5], ".3f"),
    "accuracy": (N_("Accuracy: how often it is right"), N_("accuracy"), LINE_COLOURS[0], ".1%"),
}


def training_chart(
    records: list[dict], measure: str = "loss", epochs: int | None = None
) -> go.Figure:
    """The training ``measure`` ('loss' or 'accuracy', on the training examples) after every
    epoch."""
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {list(MEASURES)}, got {measure!r}")
    title, word, colour, fmt = MEASURES[measure]
    fig = go.Figure(
        go.Scatter(
            x=[r["epoch"] for r in records],
            y=[r[measure] for r in records],
            mode="lines+markers",
            name=_(word),
            line=dict(color=colour, width=3),
            marker=dict(size=9),
            hovertemplate=_("epoch {n}: {measure} {value}").format(
                n="%{x}", measure=_(word), value=f"%{{y:{fmt}}}"
            )
            + "<extra></extra>",
        )
    )
    _x_axis(fig, epochs, records)
    if measure == "accuracy":
        fig.update_yaxes(range=[0, 1.02], tickformat=".0%")
    else:
        fig.update_yaxes(rangemode="tozero")
    _look(fig, 300)
    fig.update_layout(title=dict(text=_(title), x=0, xanchor="left"))
    return fig


def flag_growth_chart(records: list[dict], epochs: int | None = None) -> go.Figure:
    """Per property, the best single unit's AUC after every epoch: 0.5 is a coin toss,
    1 a perfect flag (one unit alone tells where the property holds)."""
    fig = go.Figure()
    props = list(dict.fromkeys(p for r in records for p in r.get("flags", {})))
    for n, prop in enumerate(props):
        pts = [(r["epoch"], r["flags"][prop]) for r in records if prop in r.get("flags", {})]
        fig.add_trace(
            go.Scatter(
                x=[e for e, _a in pts],
                y=[a for _e, a in pts],
                mode="lines+markers",
                name=safe(prop),
                line=dict(color=LINE_COLOURS[n % 8], width=3),
                marker=dict(size=9, symbol=SYMBOLS[n % 6]),
                hovertemplate=_("{property}, epoch {n}: best unit's AUC {value}").format(
                    property=safe(prop), n="%{x}", value="%{y:.3f}"
                )
                + "<extra></extra>",
            )
        )
    fig.add_hline(
        y=0.5,
        line=dict(color="#777777", dash="dot"),
        annotation_text=_("coin toss"),
        annotation_position="bottom right",
    )
    _x_axis(fig, epochs, records)
    fig.update_yaxes(range=[0.45, 1.02], title_text=_("best single unit's AUC"))
    _look(fig, 380)
    fig.update_layout(
        title=dict(text=_("How clearly ONE unit flags it"), x=0, xanchor="left"),
        showlegend=True,
        legend=dict(orientation="h", yanchor="top", y=-0.4, xanchor="left", x=0),
        margin=dict(t=50, b=120),
    )
    return fig
