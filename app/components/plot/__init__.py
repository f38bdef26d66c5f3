"""``plot``: a Plotly chart that keeps its plot when its figure changes.

``st.plotly_chart`` (Streamlit 1.67) derives a chart's identity from its whole figure, even
with a key, so a new figure is a new element: the browser purges the old plot and draws the
new one from scratch (81–135 ms for the explorer's chart on a 2-core machine, most of what a
new sentence costs the browser; docs/notes/speed.md). This element keeps one plot per key
and hands a new figure to ``Plotly.react``, which redraws only what changed (32–60 ms).

plotly.js is not shipped twice: the element uses the copy Streamlit already serves, its own
Plotly chart module (``static/js/PlotlyChart.*.js``, which sets ``window.Plotly``), loaded
once per page and cached by the browser like the rest of Streamlit. When the installed
Streamlit has no such file, :data:`AVAILABLE` is false and charts go through
``st.plotly_chart`` as before (``ui.chart``).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import streamlit as st

_HERE = Path(__file__).parent
_CHUNKS = sorted((Path(st.__file__).parent / "static" / "static" / "js").glob("PlotlyChart.*.js"))
AVAILABLE = len(_CHUNKS) == 1

# not isolated (no shadow root): Plotly styles its plots from the document's head, and the
# cell view's follow cursor finds followed charts in the document (follow.js)
_component = st.components.v2.component(
    "rnnviz.plot",
    isolate_styles=False,
    css=(_HERE / "plot.css").read_text(encoding="utf-8"),
    # the file's name, next to Streamlit's own entry script in the page
    js=f"const PLOTLY_CHUNK = {json.dumps(_CHUNKS[0].name if AVAILABLE else '')};\n"
    + (_HERE / "plot.js").read_text(encoding="utf-8"),
)


def plot(spec: dict, config: dict, key: str, labels: dict[str, str]) -> None:
    """Draw ``spec`` (a figure as a dict, ready for the browser: ``browser.for_browser``)
    with Plotly's ``config``, keeping the plot under ``key`` across reruns. ``labels``, in
    the reader's language: ``fullscreen`` and ``close_fullscreen`` (the modebar button's
    titles) and ``failed`` (the line shown if the browser cannot draw the chart)."""
    # one JSON text: Streamlit passes a string on as it is, where it would walk a dict
    given = {"figure": spec, "config": config, "labels": labels}
    try:
        text = json.dumps(given, separators=(",", ":"), allow_nan=False)
    except ValueError:  # NaN or ±inf (a gap in a heatmap): JSON has no such number
        text = json.dumps(_finite(given), separators=(",", ":"), allow_nan=False)
    _component(key=key, data=text)


def _finite(value):
    """``value`` with every NaN and ±inf as None, which Plotly draws as a gap (as plotly.py's
    own JSON encoder writes them)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value
