"""Inside one step: one time step of the chosen cell, one operation at a time.

Storyboard: what this page is → model, sentence, token, unit (and layer/direction) →
the walk: embedding lookup → the previous state → each gate (its row of W_ih and W_hh,
the numbers that pushed it up or down) → the updates of c and h → the whole layer.
"""

from __future__ import annotations

import cache
import state
import streamlit as st
import ui
import widgets
from components.step_walk import step_walk_view
from i18n import _, ngettext
from walkthrough import step_walk

PAGE = "inside"
SPEC = {
    "model": state.Param("sentiment-rnn"),
    "text": state.Param("the film was not good", max_len=state.MAX_CHARS * 3),
    "step": state.Param(0, kind=int, low=0, shown_from=1),
    "unit": state.Param(0, kind=int, low=0),
    "layer": state.Param(0, kind=int, low=0),
    "direction": state.Param(0, kind=int, low=0, high=1),
}


def main() -> None:
    state.apply_teacher_style()
    st.title(_("Inside one step"))
    widgets.intro(
        _(
            "What happens inside the cell when it reads **one** word: the word's numbers (its "
            "embedding) come in, meet the memory from the step before, each gate adds them up "
            "with its learned weights and squashes the sum, and the new memory comes out. Click "
            "an operation (or use ◀ ▶) to see its numbers; click a unit in the strips to look "
            "inside that unit instead."
        )
    )
    state.bind(PAGE, SPEC)
    names = cache.recurrent_model_names()
    if not names:
        st.info(_("No recurrent models are installed."))
        return
    meta, tr = widgets.model_and_trace(PAGE, names, accept=widgets.recurrent)
    if tr is None:
        if meta is None:  # a model folder that cannot be opened: the picker said why
            state.keep(PAGE, SPEC)
        state.save(PAGE, SPEC)
        return
    cols = st.columns(4 if meta.layers > 1 or meta.directions > 1 else 2)
    with cols[0]:
        step = widgets.step_slider(PAGE, tr.tokens)
    ss = st.session_state
    ukey = state.key(PAGE, "unit")
    ss[ukey] = min(int(ss.get(ukey) or 0), meta.units - 1)
    cols[1].number_input(
        _("Unit"),
        0,
        meta.units - 1,
        step=1,
        key=ukey,
        help=ngettext(
            "Which of the {n} unit to follow.", "Which of the {n} units to follow.", meta.units
        ).format(n=meta.units),
    )
    layer = direction = 0
    if meta.layers > 1:
        lkey = state.key(PAGE, "layer")
        ss[lkey] = min(int(ss.get(lkey) or 0), meta.layers - 1)
        layer = cols[2].selectbox(
            _("Layer"),
            list(range(meta.layers)),
            key=lkey,
            format_func=lambda k: _("layer {k}").format(k=k),
        )
    if meta.directions > 1:
        dkey = state.key(PAGE, "direction")
        direction = cols[-1].radio(
            _("Direction"),
            [0, 1],
            key=dkey,
            horizontal=True,
            format_func=lambda d: _("forward →") if d == 0 else _("← backward"),
        )
    walk = step_walk(
        cache.model(meta.name),
        tr,
        step,
        layer=layer,
        direction=direction,
        unit=int(ss[ukey]),
        large=state.large(),
    )
    clicked = step_walk_view(walk, key="inside-walk")
    if clicked is not None and clicked != ss[ukey]:
        ss[ukey] = clicked
        state.save(PAGE, SPEC)
        st.rerun()
    state.save(PAGE, SPEC)


ui.guard(main)
