"""A tiny Streamlit app that mounts the cell view alone, for the browser tests.

Query parameters pick what it shows: ``cell`` (lstm | gru | rnn | bag), ``layers``,
``bi`` (1: bidirectional, shown backward when ``dir=1``), ``hostile`` (1: token texts
replaced by markup that must stay inert), ``large`` (teacher mode), ``unit`` (``none``:
mean over units), ``head`` (lm: a language model), ``long`` (1: ~300 tokens).

It keeps the step the way a page should: in session state, passed back in each payload,
updated from what ``cell_view`` returns; and it writes that step out. A button moves the
step from the Python side.
"""

import sys
from pathlib import Path

import streamlit as st
import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the repo root: `app` and `rnnviz`
sys.path.insert(0, str(ROOT / "app"))  # the app's flat modules (payload, walkthrough)

from payload import step_payload  # noqa: E402

import rnnviz  # noqa: E402
from app.components.cell_view import cell_view  # noqa: E402

st.set_page_config(layout="wide")
q = st.query_params
cell = q.get("cell", "lstm")
VOCAB = ["<unk>", "<pad>", "the", "film", "was", "not", "good", "bad", "very", "and"]
HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "<b>x</b>",
    "[link](http://x)",
    "<script>alert(2)</script>",
]


@st.cache_resource
def model(cell: str, layers: int, bi: bool, head: str) -> rnnviz.RNNModel:
    torch.manual_seed(3)
    cfg = rnnviz.ModelConfig(
        cell=cell,
        vocab=VOCAB,
        labels=["negative", "positive"],
        hidden_size=16,
        embed_size=8,
        num_layers=layers,
        bidirectional=bi and cell != "bag",
        head=head,
    )
    m = rnnviz.RNNModel(cfg)
    with torch.no_grad():  # larger weights than the default init, so the lamps do something
        for p in m.parameters():
            p.mul_(3.0)
    return m


m = model(cell, int(q.get("layers", 1)), q.get("bi") == "1", q.get("head", "classifier"))
text = "the film was not very good zzz" if q.get("hostile") != "1" else "the film was not good"
if q.get("long") == "1":  # about 300 tokens
    text = " ".join([text] * 43)
tr = rnnviz.trace(m, text)
if q.get("hostile") == "1":
    tr.tokens[: len(HOSTILE)] = HOSTILE
st.session_state.setdefault("step", 0)
if st.button("jump to token 3"):  # the page moving the cursor itself
    st.session_state.step = 2
unit = None if q.get("unit") == "none" else 3
payload = step_payload(
    m,
    tr,
    layer=tr.num_layers - 1,
    direction=int(q.get("dir", 0)),
    unit=unit,
    threshold=0.5,
    order=q.get("order", "index"),
    step=st.session_state.step,
    large=q.get("large") == "1",
)
step = cell_view(payload, key="explorer")
st.session_state.step = step
st.write(f"returned step: {step}")
