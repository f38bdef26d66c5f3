"""``step_walk_view``: "Inside one step", a Streamlit Components v2 element.

It shows the walk from :func:`walkthrough.step_walk (app/walkthrough.py)` as a vertical stepper: one
operation of one time step at a time (◀ ▶, a click, or the arrow keys while it has focus),
the current one open with its numbers (the formula with the real values, the shapes as
little matrix glyphs, the signed top-contributor bars), the others one line each. Beside
it: the cell diagram with the current operation highlighted, and the whole layer at this
step as strips (one cell per unit; clicking a unit reports it to Python).

The diagram is the cell view's own drawing code: ``palette.js`` and ``diagram.js`` from
``app/components/cell_view`` are read (not copied) and concatenated in front of this
element's files, with ``cell_view.css`` for their styles. Tokens are user text: the
JavaScript sets them with ``textContent`` only.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

_HERE = Path(__file__).parent
_CELL_VIEW = _HERE.parent / "cell_view"
# one ES module, in dependency order: the cell view's helpers and diagram, then ours
_JS = (_CELL_VIEW / "palette.js", _CELL_VIEW / "diagram.js", _HERE / "parts.js")
_JS += (_HERE / "step_walk.js",)
_CSS = (_CELL_VIEW / "cell_view.css", _HERE / "step_walk.css")

_component = st.components.v2.component(
    "rnnviz.step_walk",
    css="\n".join(p.read_text(encoding="utf-8") for p in _CSS),
    js="\n".join(p.read_text(encoding="utf-8") for p in _JS),
)


def _reported_key(key: str) -> str:
    return f"_step_walk_reported__{key}"


def step_walk_view(walk: dict, key: str = "step_walk") -> int | None:
    """Show the walk; return the unit the user clicked in the whole-layer strips, or None.

    The operation the user is on lives in the browser and survives a new walk for the same
    step with another unit (so a page can re-run ``step_walk`` with the clicked unit and
    the student stays on the same operation). ``walk["op"]`` (an op id), when present,
    opens that operation on a fresh mount.
    """
    flag = _reported_key(key)

    def _on_unit() -> None:
        st.session_state[flag] = True

    result = _component(key=key, data=walk, on_unit_change=_on_unit)
    if not st.session_state.pop(flag, False):
        return None
    value = result.get("unit")
    if isinstance(value, dict):
        value = value.get("unit")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return max(0, min(int(value), int(walk.get("units", 1)) - 1))
    return None
