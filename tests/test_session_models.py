"""Models of one session (``app/session_models.py``) and installed folders that cannot be
opened, driven as a person would (AppTest): names unique per content, a cap per session,
no session sees another's model, every page offers the session's models of the kinds it
can show, and a folder of good and hostile models lists every one (the hostile marked with
why) while building only the model a page shows."""

from __future__ import annotations

import json
import os
import pickle
import shutil
from collections import OrderedDict
from pathlib import Path

import pytest
import session_models
import streamlit as st
import torch
from streamlit.testing.v1 import AppTest
from test_app import make_models

import rnnviz
import rnnviz.checkpoint
from rnnviz import ModelConfig, RNNModel

APP = "../app/streamlit_app.py"
VOCAB = ["<pad>", "<unk>", "the", "film", "was", "not", "good"]
GOOD = ("sentiment-lstm", "sentiment-bag", "brackets-lstm")


def notebook_model(seed: int = 0, readout: str = "mean", cell: str = "rnn") -> RNNModel:
    torch.manual_seed(seed)
    cfg = ModelConfig(cell=cell, vocab=VOCAB, hidden_size=6, embed_size=8,
                      labels=["neg", "pos"], readout=readout)  # fmt: skip
    m = RNNModel(cfg).eval()
    m.name = "nb.pt"
    return m


class Payload:
    """Unpickling this would write a file: proof that code ran."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "pwned"))


def hostile_folders(good: Path, into: Path) -> dict[str, str]:
    """Copies of a good checkpoint broken in the ways issue 13 lists → what the page says."""
    cfg = json.loads((good / "config.json").read_text())

    def copy(name: str, **change) -> Path:
        d = into / name
        shutil.copytree(good, d)
        if change:
            (d / "config.json").write_text(json.dumps({**cfg, **change}))
        return d

    (copy("bad-config") / "config.json").write_text("{not json")
    d = copy("pt-not-safetensors")  # a notebook's file name rnnviz does not look for
    (d / "weights.safetensors").rename(d / "notebook.pt")
    copy("header-mismatch", hidden_size=2000)
    copy("layers-100000", num_layers=100000)
    copy("labels-string", labels="np")
    d = copy("pickle-with-code")
    (d / "weights.safetensors").unlink()
    (d / "model.pt").write_bytes(pickle.dumps({"fc.weight": Payload(into / "executed")}))
    return {
        "bad-config": "not a JSON config",
        "pt-not-safetensors": "has no weights file",
        "header-mismatch": "the weights do not match the config",
        "layers-100000": "num_layers is 100000",
        "labels-string": "labels",
        "pickle-with-code": "Nothing in it was run",
    }


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """RNNVIZ_ASSETS: empty; RNNVIZ_MODELS: three good models and six hostile folders."""
    shipped = tmp_path_factory.mktemp("assets")
    models = tmp_path_factory.mktemp("models")
    make_models(models)
    for d in models.iterdir():
        if d.name not in GOOD:
            shutil.rmtree(d)
    says = hostile_folders(models / "sentiment-lstm", models)
    old = {k: os.environ.get(k) for k in ("RNNVIZ_ASSETS", "RNNVIZ_MODELS")}
    os.environ.update(RNNVIZ_ASSETS=str(shipped), RNNVIZ_MODELS=str(models))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield models, says
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    st.cache_data.clear()
    st.cache_resource.clear()


def run(page: str = "explorer", mine: list[RNNModel] = (), **query) -> AppTest:
    """The app on ``page`` in a fresh session holding ``mine`` as its own models."""
    at = AppTest.from_file(APP, default_timeout=60)
    if mine:
        at.session_state[session_models._KEY] = OrderedDict(
            (f"{session_models.PREFIX}nb-{session_models.digest(m)}", m) for m in mine
        )
    for k, v in query.items():
        at.query_params[k] = str(v)
    if page != "explorer":
        at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]  # ui.guard turns a crash into an error box
    return at


def name_of(m: RNNModel) -> str:
    return f"{session_models.PREFIX}nb-{session_models.digest(m)}"


# ---- names, cap (session_state is a plain dict here) -------------------------------------


@pytest.fixture
def plain_session(monkeypatch):
    class FakeSt:
        def __init__(self):
            self.session_state = {}

    monkeypatch.setattr(session_models, "st", FakeSt())


def test_names_are_unique_per_content(plain_session):
    a = notebook_model(0)
    n1 = session_models.add(a, "My model (v2)!")
    assert n1 == f"yours:my-model-v2-{session_models.digest(a)}"
    assert session_models.add(notebook_model(0), "My model (v2)!") == n1  # same content
    assert session_models.names() == [n1]
    other_readout = session_models.add(notebook_model(0, readout="last"), "My model (v2)!")
    b = notebook_model(0)
    with torch.no_grad():
        b.fc.bias[0] += 1e-6  # one weight, barely changed
    other_weight = session_models.add(b, "My model (v2)!")
    assert len({n1, other_readout, other_weight}) == 3
    assert session_models.get(n1) is not None and session_models.get("sentiment-lstm") is None


def test_at_most_cap_models_per_session_oldest_dropped(plain_session):
    names = [session_models.add(notebook_model(s), f"m{s}") for s in range(session_models.CAP + 1)]
    assert session_models.names() == names[::-1][: session_models.CAP]
    assert session_models.get(names[0]) is None
    assert session_models.foreign(names[0]) and not session_models.foreign(names[-1])


# ---- installed folders: checked, not built; the broken ones marked with why ----------------


def test_listing_marks_each_hostile_folder_and_builds_nothing(folders, monkeypatch):
    models, says = folders
    built = []

    class Counting(RNNModel):
        def __init__(self, config):
            built.append(config)
            super().__init__(config)

    monkeypatch.setattr(rnnviz.checkpoint, "RNNModel", Counting)
    st.cache_data.clear()
    st.cache_resource.clear()
    at = run()  # no sentence yet: listing the models builds none
    assert built == []
    at = run(text="the film was good")
    box = at.selectbox(key="model")
    assert set(box.options[: len(GOOD)]) >= {o for o in box.options if "cannot be opened" not in o}
    marked = [o for o in box.options if "cannot be opened" in o]
    assert len(marked) == len(says)
    for name in says:
        assert any(o.startswith(f"⚠ {name} · cannot be opened") for o in marked), name
    assert len(built) == 1  # only the model the page shows, when it reads a sentence
    assert not (models / "executed").exists()


@pytest.mark.parametrize("page", ["explorer", "inside", "layers", "units", "pairs", "generate",
                                  "order"])  # fmt: skip
def test_a_link_to_a_broken_folder_says_why_on_every_page(folders, page):
    _, says = folders
    for name in ("header-mismatch", "pickle-with-code"):
        at = run(page, model=name)
        warned = " ".join(w.value for w in at.warning)
        assert "cannot be opened" in warned and says[name] in warned, (page, name, warned)
        assert not at.get("plotly_chart")


def test_choosing_a_broken_folder_then_a_good_one(folders):
    at = run(text="the film was good")
    at.selectbox(key="model").set_value("bad-config").run()
    assert any("not a JSON config" in w.value for w in at.warning) and not at.error
    at.selectbox(key="model").set_value("sentiment-lstm").run()
    assert not at.warning and not at.error and at.get("plotly_chart")


# ---- session models in the pages ------------------------------------------------------------


def test_a_session_model_opens_in_the_explorer_first_in_the_picker(folders):
    m = notebook_model()
    at = run(mine=[m], model=name_of(m), text="the film was not good")
    box = at.selectbox(key="model")
    assert box.value == name_of(m)
    assert box.options[0].startswith("your model “nb” · ")
    assert box.options[0].endswith(" · This session")
    assert at.get("plotly_chart") and not at.warning
    assert at.query_params["model"] == name_of(m)


def test_pages_offer_session_models_of_the_kinds_they_show(folders):
    rnn, bag = notebook_model(), notebook_model(cell="bag")
    offered = {}
    for page in ("inside", "layers", "units", "pairs", "generate", "order"):
        at = run(page, mine=[rnn, bag])
        options = at.selectbox(key=f"{page}.model").options
        offered[page] = {o.split(" · ")[1] for o in options if o.startswith("your model “nb”")}
    assert offered["pairs"] == {"plain RNN", "bag of embeddings"}
    for page in ("inside", "layers", "units", "order"):
        assert offered[page] == {"plain RNN"}, page
    assert offered["generate"] == set()  # classifiers do not write text


def test_another_session_never_sees_a_session_model(folders):
    m = notebook_model()
    mine = run(mine=[m], model=name_of(m), text="the film was not good")
    assert mine.selectbox(key="model").value == name_of(m)
    for page, key in (("explorer", "model"), ("inside", "inside.model")):
        other = run(page, model=name_of(m), text="the film was not good")  # a shared link
        notes = " ".join(i.value for i in other.info)
        assert "uploaded in another session; models are not included in links" in notes, page
        assert other.selectbox(key=key).value != name_of(m)
        assert not [o for o in other.selectbox(key=key).options if "your model" in o]


@pytest.mark.parametrize("page", ["inside", "layers", "units", "pairs", "order"])
def test_a_session_model_opens_on_every_page_that_shows_its_kind(folders, page):
    m = notebook_model(cell="lstm")
    text = "a" if page in ("pairs", "order") else "text"
    at = run(page, mine=[m], model=name_of(m), **{text: "the film was not good"})
    assert at.selectbox(key=f"{page}.model").value == name_of(m)
    assert not at.warning, [w.value for w in at.warning]
    assert at.query_params["model"] == name_of(m)


def test_a_session_language_model_writes_on_the_generate_page(folders):
    torch.manual_seed(0)
    cfg = ModelConfig(cell="gru", vocab=["<pad>", "<unk>", *"abc "], hidden_size=5,
                      embed_size=4, head="lm", tokenizer={"kind": "char"})  # fmt: skip
    lm = RNNModel(cfg).eval()
    at = run("generate", mine=[lm], model=name_of(lm), text="abc ")
    assert at.selectbox(key="generate.model").value == name_of(lm)
    assert not at.warning, [w.value for w in at.warning]
    assert any("the model drew" in m.value for m in at.markdown)


def test_an_oversized_config_is_refused_before_it_is_read(tmp_path, monkeypatch):
    folder = rnnviz.save(notebook_model(), tmp_path / "m")
    monkeypatch.setattr(rnnviz.folders, "MAX_VOCAB_FILE_BYTES", 100)
    with pytest.raises(rnnviz.CheckpointError, match="config.json is .* MiB; the limit is"):
        rnnviz.checkpoint.checked(folder)
