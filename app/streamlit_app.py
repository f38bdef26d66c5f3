"""rnnviz app entry point: only a router. Run with ``streamlit run app/streamlit_app.py``.

The pages live in ``app/views/`` (not ``pages/``: Streamlit would also auto-discover a
``pages/`` folder and serve a deep link such as ``/tour`` without this router); the explorer
is the default page.
"""

import cache
import streamlit as st
import torch

# One server serves a whole classroom: many small single-threaded requests beat a few
# that each grab every core (2 here).
torch.set_num_threads(1)

st.set_page_config(page_title="rnnviz: inside a recurrent network", page_icon="🔁", layout="wide")
cache.warm()
# Phones: Plotly lays tick labels out at the size it was given and lets them run together on
# a narrow screen; smaller tick type there keeps the token labels apart.
st.markdown(
    "<style>@media (max-width: 640px) {.js-plotly-plot .xtick text, "
    ".js-plotly-plot .ytick text {font-size: 10px !important;}}</style>",
    unsafe_allow_html=True,
)
page = st.navigation(
    [
        st.Page("views/explorer.py", title="Explorer", icon=":material/visibility:", default=True),
        st.Page("views/tour.py", title="Guided tour", icon=":material/school:"),
        st.Page("views/compare.py", title="Compare cells", icon=":material/view_column:"),
        st.Page("views/pairs.py", title="Minimal pairs", icon=":material/compare_arrows:"),
        st.Page("views/order.py", title="Word order", icon=":material/swap_horiz:"),
        st.Page("views/gradients.py", title="Gradients", icon=":material/trending_down:"),
        st.Page("views/inside.py", title="Inside one step", icon=":material/zoom_in:"),
        st.Page("views/layers.py", title="Layers", icon=":material/layers:"),
        st.Page("views/generate.py", title="Generate text", icon=":material/edit_note:"),
        st.Page("views/your_model.py", title="Your model", icon=":material/upload_file:"),
        st.Page("views/units.py", title="Units", icon=":material/scatter_plot:"),
    ]
)
page.run()
