"""The guided tour: the lesson's ideas in order, one stop at a time, each a button that
opens the right page with the right model, sentence and step.

Teacher mode lives in the URL and follows every button: ``?stop=5`` starts at a stop,
``?teacher=1`` sets large type for a projector, ``?hide=intro,controls`` hides parts.
"""

from __future__ import annotations

import i18n
import state
import streamlit as st
import ui
import widgets
from i18n import _
from tour_stops import STOPS

PAGE = "tour"
SPEC = {"stop": state.Param(1, kind=int, low=1, high=len(STOPS))}


def _open(i: int) -> None:
    stop = STOPS[i - 1]
    params = stop.params_for(i18n.current())  # the lesson's languages have their own models
    st.switch_page(f"views/{stop.page}.py", query_params={**params, **state.teacher_params()})


def main() -> None:
    state.apply_teacher_style()
    state.bind(PAGE, SPEC)
    st.title(_("Guided tour"))
    widgets.intro(
        _(
            "The lesson's ideas in order. Each stop says what to look for in a sentence or "
            "two; **Open** shows it with a model and a sentence already chosen. Come back here "
            "with the tour link in the sidebar."
        )
    )
    k = state.key(PAGE, "stop")
    i = int(st.session_state[k])
    stop = STOPS[i - 1]
    with st.container(border=True):
        st.caption(_("Stop {i} of {n}").format(i=i, n=len(STOPS)))
        st.subheader(_(stop.title))
        st.markdown(_(stop.text))
        c1, c2, c3 = st.columns([3, 1, 1])
        if c1.button(
            _("Open this view"), type="primary", icon=":material/open_in_new:", key="tour-open"
        ):
            state.save(PAGE, SPEC)
            _open(i)
        if c2.button(_("Back"), disabled=i == 1, icon=":material/arrow_back:"):
            st.session_state[k] = i - 1
            state.save(PAGE, SPEC)
            st.rerun()
        if c3.button(_("Next"), disabled=i == len(STOPS), icon=":material/arrow_forward:"):
            st.session_state[k] = i + 1
            state.save(PAGE, SPEC)
            st.rerun()
    if not state.hidden("controls"):
        st.markdown("#### " + _("All stops"))
        for n, s in enumerate(STOPS, start=1):
            a, b = st.columns([5, 1])
            a.markdown(f"**{n}. {_(s.title)}** — {_(s.text)}")
            if b.button(_("Open"), key=f"tour-open-{n}", width="stretch"):
                st.session_state[k] = n
                state.save(PAGE, SPEC)
                _open(n)
        with st.expander(_("For teachers: links for a projector")):
            st.markdown(
                _(
                    "Add to any page's address: `teacher=1` for large type, "
                    "`hide=intro,controls,charts,downloads` (any of them) to hide parts, and on "
                    "this page `stop=N` to start at stop N. Every button keeps these settings, "
                    "e.g. `/tour?stop=7&teacher=1&hide=intro`."
                )
            )
    state.save(PAGE, SPEC)


ui.guard(main)
