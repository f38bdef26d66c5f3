"""A tiny Streamlit app that mounts the step walk alone, for the browser tests.

Query parameters pick what it shows: ``cell`` (lstm | gru | rnn | bag), ``layers``,
``bi`` (1: bidirectional), ``dir`` (1: the backward direction), ``step``, ``hostile``
(1: token texts replaced by markup that must stay inert), ``large`` (teacher mode),
``op`` (the operation opened first).

It keeps the unit the way a page should: in session state, replaced by the unit that
``step_walk_view`` returns when the student clicks one in the whole-layer strips.
"""

import sys
from pathlib import Path

import streamlit as st
import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the repo root: `app` and `rnnviz`
sys.path.insert(0, str(ROOT / "app"))  # the app's flat modules (payload, walkthrough)

from walkthrough import step_walk  # noqa: E402

import rnnviz  # noqa: E402
from app.components.step_walk import step_walk_view  # noqa: E402

st.set_page_config(layout="wide")
q = st.query_params
cell = q.get("cell", "lstm")
VOCAB = ["<unk>", "<pad>", "the", "film", "was", "not", "good", "bad", "very", "and"]
HOSTILE = "<img src=x onerror=alert(1)>"


@st.cache_resource
def model(cell: str, layers: int, bi: bool) -> rnnviz.RNNModel:
    torch.manual_seed(3)
    cfg = rnnviz.ModelConfig(
        cell=cell,
        vocab=VOCAB,
        labels=["negative", "positive"],
        hidden_size=32,
        embed_size=64,
        num_layers=layers,
        bidirectional=bi and cell != "bag",
    )
    m = rnnviz.RNNModel(cfg)
    with torch.no_grad():  # larger weights than the default init, so the gates do something
        for p in m.parameters():
            p.mul_(3.0)
    return m


m = model(cell, int(q.get("layers", 1)), q.get("bi") == "1")
tr = rnnviz.trace(m, "the film was not very good zzz")
step = int(q.get("step", 3))
if q.get("hostile") == "1":
    tr.tokens[step] = HOSTILE
st.session_state.setdefault("unit", 3)
walk = step_walk(
    m,
    tr,
    step,
    layer=tr.num_layers - 1,
    direction=int(q.get("dir", 0)),
    unit=st.session_state.unit,
    large=q.get("large") == "1",
)
if "op" in q:
    walk["op"] = q["op"]
picked = step_walk_view(walk, key="walk")
if picked is not None:
    st.session_state.unit = picked
    st.rerun()
st.write(f"unit: {st.session_state.unit}")
