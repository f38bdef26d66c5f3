"""The look every rnnviz figure shares: one palette per meaning, one template, safe labels.

Colours are colour-blind safe (Okabe–Ito): signed values diverge around 0 from blue
(#0072B2, below 0) through white to orange (#E69F00, above 0); gates, which live in 0..1,
use cividis; class k is drawn in ``LINE_COLOURS[k]`` (by its index, never its rank). The
app's JavaScript views carry the same palettes, written out in
``app/components/cell_view/palette.js`` (tests/test_style.py holds them equal).
User text shown in a figure goes through :func:`safe` (Plotly reads pseudo-HTML).
"""

from __future__ import annotations

import html

from plotly.colors import make_colorscale, sequential

from rnnviz.figures.words import N_

DIVERGING = [[0.0, "#0072B2"], [0.5, "#FFFFFF"], [1.0, "#E69F00"]]
# cividis as plotly.py defines it, written out: Plotly.js has its own, slightly different
# cividis under the same name, and a figure must look the same in a notebook and the app
SEQUENTIAL = make_colorscale(sequential.Cividis)
CURSOR = "#D55E00"  # Okabe–Ito vermillion: visible on both colour scales
# Okabe–Ito, for lines: distinguishable with every common colour-vision deficiency
LINE_COLOURS = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
]


def class_colour(k: int) -> str:
    """The colour of class ``k`` (its index among the labels) in every chart and view."""
    return LINE_COLOURS[k % len(LINE_COLOURS)]


FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=14, color="#1A1A1A")
# what each quantity is, in words a student can follow (the tab and axis labels); English
# here, shown translated: ``words._(LABELS[q])`` (``states.label`` does it)
LABELS = {
    "hidden": N_("hidden state h"),
    "cell": N_("cell state c"),
    "input": N_("input gate i"),
    "forget": N_("forget gate f"),
    "candidate": N_("candidate g"),
    "output": N_("output gate o"),
    "reset": N_("reset gate r"),
    "update": N_("update gate z"),
}
GATE_NAMES = {  # a gate's short name, as a legend or a category shows it (shown translated)
    "input": N_("input"),
    "forget": N_("forget"),
    "candidate": N_("candidate"),
    "output": N_("output"),
    "reset": N_("reset"),
    "update": N_("update"),
}
# Plotly's default look on a white page, as a small template of our own. Not plotly's
# default template: its axis-title ``standoff`` makes Plotly.js lay a chart out again for
# its margins, and a fresh draw of the explorer's chart took ~145 ms in Chromium here instead
# of ~85 (every new sentence draws it afresh). No global change: notebooks keep their default.
_AXIS = dict(
    automargin=True,
    gridcolor="#E5E5E5",
    ticks="",
    zerolinecolor="#E5E5E5",
    zerolinewidth=2,
)
TEMPLATE = dict(
    layout=dict(
        font=dict(color=FONT["color"]),
        hovermode="closest",
        hoverlabel=dict(align="left"),
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        colorway=LINE_COLOURS,
        xaxis=_AXIS,
        yaxis=_AXIS,
        coloraxis=dict(colorbar=dict(outlinewidth=0, ticks="")),
        shapedefaults=dict(line=dict(color=FONT["color"])),
        annotationdefaults=dict(arrowcolor=FONT["color"], arrowhead=0, arrowwidth=1),
    )
)
SIGNED = {"hidden", "cell", "candidate"}  # the rest are sigmoid gates in 0..1
MAX_TICK_CHARS = 12


def safe(text: str) -> str:
    """Text that Plotly shows literally: its pseudo-HTML (``<b>``, ``<a href>``…) escaped.

    Only ``& < >``: Plotly decodes ``&amp; &lt; &gt;`` (and numeric entities) back to
    characters, but would show ``&quot;`` as those six characters.
    """
    return html.escape(text, quote=False)


def token_label(token: str, limit: int = MAX_TICK_CHARS) -> str:
    """A token as a short, visible, escaped axis label (spaces shown as ␣)."""
    shown = "␣" if token.isspace() else token
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return safe(shown)
