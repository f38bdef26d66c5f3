"""``cell_view``: the per-step view of one recurrent cell, as a Streamlit Components v2 element.

It draws the step bar (token chips, slider, prev/next, play/pause), the cell diagram with
its gates lit by their real values, the flag lamps, the formula with real numbers and the
prediction bars, and steps and plays **in the browser**, moving the cursor of any chart
on the page made with :func:`rnnviz.figures.following` along (follow.js): the payload from
:func:`payload.step_payload (app/payload.py)` holds every step's numbers. Python hears back only
when the user pauses or stops stepping (see :func:`cell_view`).

The HTML/CSS/JS live in files beside this one and are registered once, at import, as two
elements: the drawing code, the same on every rerun, and the numbers with a small loader
(``loader.js``). Streamlit's browser keeps any message of 10 kB or more it has seen and the
server sends a reference to it instead, so the code (about 50 kB) travels once per page and
a new sentence sends its numbers only. Tokens are user text: the JavaScript sets them with
``textContent`` only.
"""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

_HERE = Path(__file__).parent
# one ES module, in dependency order: helpers, diagram, panels, the view, then the hand-over
_JS_FILES = ("palette.js", "diagram.js", "panels.js", "follow.js", "cell_view.js", "register.js")

_code = st.components.v2.component(
    "rnnviz.cell_view_code",
    # it draws nothing, and hides its own place on the page (else the page's gap between
    # elements would stand above the view): a style outside a shadow root reaches the page
    isolate_styles=False,
    html='<span class="rnnviz-cell-view-code"></span>',
    css=".stElementContainer:has(.rnnviz-cell-view-code) {display: none;}",
    js="\n".join((_HERE / f).read_text(encoding="utf-8") for f in _JS_FILES),
)
_component = st.components.v2.component(
    "rnnviz.cell_view",
    css=(_HERE / "cell_view.css").read_text(encoding="utf-8"),
    js=(_HERE / "loader.js").read_text(encoding="utf-8"),
)


def _reported_key(key: str) -> str:
    return f"_cell_view_reported__{key}"


def cell_view(payload: dict, key: str = "cell_view") -> int:
    """Show the cell view for ``payload``; return the step the user is on.

    The browser reports a step when the user pauses, or stops stepping by hand for a
    moment (never per frame while playing). On the rerun that report causes, this returns
    the reported step; on any other rerun it returns ``payload["step"]``. So the page owns
    the step: keep it (e.g. in ``st.session_state`` / the URL), pass it back in the next
    payload, and use the return value to move other views' cursors. A payload step that
    differs from what the browser reported moves the browser's cursor there.
    """
    # as JSON text: a dict would be walked, list by list, for dataframes on every rerun
    text = json.dumps(payload, separators=(",", ":"), allow_nan=False)
    return _show(text, len(payload["tokens"]), int(payload["step"]), key)


def cell_view_text(
    text: str, tokens: int, step: int, large: bool = False, key: str = "cell_view"
) -> int:
    """:func:`cell_view` for a payload already written as JSON text without its ``step`` and
    ``large`` (made once per view and cached): those two are added to the text here, so a
    rerun does not write the whole payload again. ``tokens``: how many tokens it has."""
    extra = json.dumps({"step": int(step), "large": bool(large)}, separators=(",", ":"))
    return _show(f"{text[:-1]},{extra[1:]}", tokens, int(step), key)


def _show(text: str, T: int, step: int, key: str) -> int:
    flag = _reported_key(key)

    def _on_step() -> None:
        st.session_state[flag] = True

    _code(key=f"{key}-code")  # its module is the drawing code
    result = _component(key=key, data=text, on_step_change=_on_step)
    if st.session_state.pop(flag, False):
        value = result.get("step")
        if isinstance(value, dict):
            value = value.get("step")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            step = int(value)
    return max(0, min(step, T - 1))
