"""A Plotly figure as Plotly.js should receive it from a server that hands it over twice.

Streamlit draws a chart, then passes Plotly.react a JSON copy of the same figure right away.
Plotly.react compares by identity: a ``template`` object, an object in ``meta`` or any data
array (unless ``layout.datarevision`` says otherwise) looks "changed", so the whole chart
is computed and drawn a second time (~70 ms for the explorer's chart on a 2-core machine,
measured in Chromium). :func:`for_browser` gives the same picture with none of those: the
template's defaults written into the figure itself, ``meta`` as JSON text, data arrays as
plain lists (plotly.py sends numpy as base64, which Plotly.js turns into typed arrays, and
those it always counts as changed), and ``datarevision`` a digest of the data (a copy of
the same data is then "unchanged"; other data gets another digest, so nothing stale is
ever kept).
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re

import numpy as np
import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder

# a layout key naming an axis: xaxis, yaxis2, …
AXIS = re.compile(r"^([xy])axis(\d*)$")
_COLORAXIS = re.compile(r"^coloraxis\d*$")
# a template's layout keys that fill in the items of a list, not a key of the same name
_ITEM_DEFAULTS = {"shapedefaults": "shapes", "annotationdefaults": "annotations"}
# the template Plotly.js ignores (not an object) and plotly.py reads as "no template"
NO_TEMPLATE = "none"


def merge(default, given):
    """``given`` over ``default``: nested dicts merged key by key, anything else replaced."""
    if not isinstance(default, dict) or not isinstance(given, dict):
        return copy.deepcopy(default) if given is None else given
    out = copy.deepcopy(default)
    for k, v in given.items():
        out[k] = merge(default.get(k), v) if k in default else v
    return out


def _axes(layout: dict, data: list[dict]) -> set[str]:
    """Every axis the figure has: named in the layout or used by a trace (x2 → xaxis2)."""
    names = {"xaxis", "yaxis"} | {k for k in layout if AXIS.match(k)}
    for trace in data:
        for letter in "xy":
            ref = str(trace.get(f"{letter}axis", letter))
            names.add(f"{letter}axis{ref[1:]}")
    return names


def flatten_template(spec: dict) -> dict:
    """``spec`` (a figure as a dict) with its template's defaults written into it."""
    layout, data = dict(spec.get("layout", {})), [dict(t) for t in spec.get("data", [])]
    template = layout.pop("template", None)
    if not isinstance(template, dict):
        return {**spec, "data": data, "layout": layout}
    defaults = template.get("layout") or {}
    axes = _axes(layout, data)
    for key, value in defaults.items():
        if key in ("xaxis", "yaxis"):
            for name in axes:
                if name.startswith(key[0]):
                    layout[name] = merge(value, layout.get(name, {}))
        elif key in _ITEM_DEFAULTS:
            items = _ITEM_DEFAULTS[key]
            layout[items] = [merge(value, item) for item in layout.get(items, [])]
        elif key == "coloraxis":
            for name in [k for k in layout if _COLORAXIS.match(k)]:
                layout[name] = merge(value, layout[name])
        else:
            layout[key] = merge(value, layout.get(key))
    seen: dict[str, int] = {}  # template traces of a type apply in turn, cycling
    for i, trace in enumerate(data):
        kind = trace.get("type", "scatter")
        pool = (template.get("data") or {}).get(kind) or []
        if pool:
            n = seen.get(kind, 0)
            seen[kind] = n + 1
            data[i] = merge({k: v for k, v in pool[n % len(pool)].items() if k != "type"}, trace)
    return {**spec, "data": data, "layout": layout}


def plain(value):
    """``value`` with every numpy array, number and base64 array spec (what plotly.py's
    ``to_dict`` makes of numpy) turned into Python lists and numbers."""
    if isinstance(value, (np.ndarray, np.generic)):
        return value.tolist()
    if isinstance(value, dict) and set(value) in ({"dtype", "bdata"}, {"dtype", "bdata", "shape"}):
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        if isinstance(shape, str):
            shape = [int(n) for n in shape.split(",")]
        return (flat.reshape(shape) if shape else flat).tolist()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def digest(data: list) -> str:
    """A short digest of the traces: equal for equal data, different otherwise."""
    try:  # plain lists and numbers (for_browser's data): the standard encoder, in one pass
        text = json.dumps(data, sort_keys=True)
    except TypeError:  # anything else: Plotly's encoder (three passes over the data)
        text = json.dumps(data, cls=PlotlyJSONEncoder, sort_keys=True)
    return hashlib.blake2b(text.encode(), digest_size=10).hexdigest()


def ready(spec) -> bool:
    """Was ``spec`` made by :func:`for_browser` already?"""
    return isinstance(spec, dict) and spec.get("layout", {}).get("template") == NO_TEMPLATE


def for_browser(fig: go.Figure | dict) -> dict:
    """``fig`` as a dict Plotly.react can tell is unchanged when it gets a copy of it
    (given such a dict, that dict: a cached one costs nothing more)."""
    if ready(fig):
        return fig
    spec = fig.to_plotly_json() if isinstance(fig, go.Figure) else fig
    spec = flatten_template(spec)
    spec["data"] = plain(spec["data"])
    layout = spec["layout"]
    layout["template"] = NO_TEMPLATE
    if isinstance(layout.get("meta"), (dict, list)):
        layout["meta"] = json.dumps(layout["meta"], sort_keys=True)
    layout.setdefault("datarevision", digest(spec["data"]))
    return spec


def figure(spec: dict) -> go.Figure:
    """A :func:`for_browser` dict as a Figure, as it is (not validated again: it was valid)."""
    return go.Figure(spec, _validate=False)


class Sendable(go.Figure):
    """A :func:`for_browser` dict that ``st.plotly_chart`` takes as a figure without
    rebuilding it: Streamlit turns a Figure into a dict with ``to_dict()`` (a deep copy
    of every trace) and would validate a plain dict afresh, while this dict was made and
    checked once and is cached. Building a Figure only to copy it back cost ~11 ms of CPU
    per chart per rerun, a third of the explorer's rerun on this 2-core machine.

    Only ``to_dict`` is meant to be called; for anything else use :func:`figure`.
    """

    def __init__(self, spec: dict):  # no Figure.__init__: nothing to check or copy
        object.__setattr__(self, "_sent", spec)

    def to_dict(self) -> dict:
        return self._sent

    def __repr__(self) -> str:
        return f"Sendable(<{len(self._sent.get('data', []))} traces>)"
