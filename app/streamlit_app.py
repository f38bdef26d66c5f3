"""rnnviz app entry point: only a router. Run with ``streamlit run app/streamlit_app.py``.

The pages live in ``app/views/`` (not ``pages/``: Streamlit would also auto-discover a
``pages/`` folder and serve a deep link such as ``/tour`` without this router); the explorer
is the default page.
"""

import copy

import cache
import i18n
import state
import streamlit as st
import torch
from i18n import _

from rnnviz import figures

# One server serves a whole classroom: many small single-threaded requests beat a few
# that each grab every core (2 here).
torch.set_num_threads(1)

state.read_globals()  # the language first: the page titles below are in it
i18n.pin()  # ...read once for the rest of this run (every _() asked the session state)
st.set_page_config(
    page_title=_("rnnviz: inside a recurrent network"), page_icon="🔁", layout="wide"
)
cache.warm()


def _choose_language() -> None:
    i18n.choose(st.session_state["lang_picker"])
    st.query_params["lang"] = st.session_state["lang_picker"]


st.session_state["lang_picker"] = i18n.current()
# The charts' titles and axes (built in rnnviz.figures) in this session's language too.
figures.set_translator(i18n.translations(i18n.current()).gettext, i18n.decimal_mark())
# ...and in a fragment's rerun (a fresh context, without this script): the session's language
figures.set_fallback(lambda: i18n.translations(i18n.current()).gettext)
st.sidebar.selectbox(
    ":material/translate: " + _("Language"),
    list(i18n.LANGUAGES),
    format_func=i18n.LANGUAGES.get,
    key="lang_picker",
    on_change=_choose_language,
)
# Phones: Plotly lays tick labels out at the size it was given and lets them run together on
# a narrow screen; smaller tick type there keeps the token labels apart; the cell view's
# pickers (ui.cell_controls) stand one under another, each as wide as the screen.
st.markdown(
    "<style>@media (max-width: 640px) {.js-plotly-plot .xtick text, "
    ".js-plotly-plot .ytick text {font-size: 10px !important;}"
    " .st-key-cell_pickers > div {flex: 1 1 100% !important;}}</style>",
    unsafe_allow_html=True,
)


def _pages() -> tuple:
    """The pages, titles in this session's language: built once per process and language
    (:func:`cache.pages`)."""
    return (
        st.Page(
            "views/explorer.py", title=_("Explorer"), icon=":material/visibility:", default=True
        ),
        st.Page("views/tour.py", title=_("Guided tour"), icon=":material/school:"),
        st.Page("views/compare.py", title=_("Compare cells"), icon=":material/view_column:"),
        st.Page("views/pairs.py", title=_("Minimal pairs"), icon=":material/compare_arrows:"),
        st.Page("views/order.py", title=_("Word order"), icon=":material/swap_horiz:"),
        st.Page("views/gradients.py", title=_("Gradients"), icon=":material/trending_down:"),
        st.Page("views/inside.py", title=_("Inside one step"), icon=":material/zoom_in:"),
        st.Page("views/layers.py", title=_("Layers"), icon=":material/layers:"),
        st.Page("views/generate.py", title=_("Generate text"), icon=":material/edit_note:"),
        st.Page("views/your_model.py", title=_("Your model"), icon=":material/upload_file:"),
        st.Page("views/train.py", title=_("Train"), icon=":material/model_training:"),
        st.Page("views/units.py", title=_("Units"), icon=":material/scatter_plot:"),
    )


# Copies: st.navigation marks the page it picks as callable and Page.run unmarks it, which
# must not race between sessions on one shared object.
page = st.navigation([copy.copy(p) for p in cache.pages(i18n.current(), _pages)])
page.run()
