"""The word-order, vanishing-gradient and generation pages driven as a person would (AppTest).

They use the shipped models (the pages are about them: sentiment-bag, long_range-*, stories-*).
"""

from __future__ import annotations

import re

import pytest
from apptest import charts
from streamlit.testing.v1 import AppTest

import rnnviz

APP = "../app/streamlit_app.py"
HOSTILE = '<b>x</b> "quotes" & emoji 🙂 [link](http://x)'

pytestmark = pytest.mark.skipif(
    not {"sentiment-bag", "sentiment-lstm", "long_range-rnn", "long_range_far-rnn", "stories-lstm"}
    <= set(rnnviz.list_models()),
    reason="needs the shipped models",
)


def page(name: str, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(f"views/{name}.py")
    return ok(at.run())


def ok(at: AppTest) -> AppTest:
    """No exception and no error box (ui.guard turns a crash into one)."""
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def texts(at: AppTest) -> str:
    return " ".join(m.value for m in [*at.markdown, *at.info, *at.warning, *at.caption])


def q(at: AppTest, name: str) -> str:
    """One URL parameter as a string (AppTest may hold it as a one-item list)."""
    v = at.query_params[name]
    return str(v[0] if isinstance(v, list) else v)


# ---- word order -----------------------------------------------------------------------------


def test_order_default_bag_equal_rnn_not():
    at = page("order")
    ok(at)
    rows = at.dataframe[0].value
    bag, rnn = rows.iloc[0], rows.iloc[1]
    assert bag["first order"] == bag["second order"]  # 4 decimals, identical
    assert rnn["first order"] != rnn["second order"]
    assert "At position 4" in texts(at) and "good" in texts(at)
    assert len(charts(at)) == 2


def test_order_model_picker_and_url():
    at = page("order")
    at.selectbox(key="order.model").set_value("sentiment-gru").run()
    ok(at)
    assert q(at, "model") == "sentiment-gru"
    at = page("order", model="sentiment-bilstm")
    ok(at)
    assert "reads backwards" in texts(at)


def test_order_shuffle_keeps_the_words_and_the_seed():
    at = page("order")
    at.button[0].click().run()
    ok(at)
    b = at.text_input(key="order.b").value
    assert sorted(b.replace(",", " , ").split()) == sorted(
        ["the", "film", "was", "good", ",", "not", "bad"]
    )
    assert int(q(at, "seed")) > 0


def test_order_different_words_and_same_order():
    at = page("order", a="the film was good", b="the film was bad")
    ok(at)
    assert "do not hold quite the same words" in texts(at)
    at = page("order", a="the film was good", b="the film was good")
    assert "same order" in texts(at)


@pytest.mark.parametrize("text", ["", " ", "x" * 301, HOSTILE])
def test_order_bad_text(text):
    at = page("order", a=text, b="good film", model="no-such-model")
    ok(at)
    if text == HOSTILE:
        assert "\\<b\\>" in texts(at) or "«\\<»" in texts(at)
        assert "<b>" not in texts(at)


# ---- vanishing gradients --------------------------------------------------------------------


def test_gradients_default_and_controls():
    at = page("gradients")
    ok(at)
    spec = charts(at)
    assert len(spec) == 4  # feeling by word; accuracy by distance (far, near); gates
    assert spec[0]["layout"]["yaxis"]["type"] == "log"
    assert {t["name"] for t in spec[0]["data"]} == {"plain RNN", "LSTM", "GRU"}
    assert "What to notice" in texts(at)
    assert not re.search(
        r"\de-\d", texts(at)
    )  # plain numbers ("1 part in 100 billion"), never 1.5e-11
    assert "part in" in texts(at)


def test_gradients_page_separates_rnn_from_gated_cells_by_distance():
    """The lesson's claim on screen: trained only on far gaps, the plain RNN's accuracy at
    20+ words is near chance while the LSTM and GRU are right (the far chart comes first)."""
    at = page("gradients")
    far = charts(at)[1]
    assert "10+" in far["layout"]["title"]["text"]
    by = {t["name"]: dict(zip(t["x"], t["y"], strict=True)) for t in far["data"]}
    for d in (20.0, 40.0, 80.0):
        assert by["plain RNN"][d] <= 0.65
        assert by["LSTM"][d] >= 0.97 and by["GRU"][d] >= 0.97
    assert "guessing gets 50%" in texts(at)
    at.toggle(key="gradients.log").set_value(False).run()
    ok(at)
    assert charts(at)[0]["layout"]["yaxis"]["type"] == "linear"
    at.segmented_control(key="gradients.wrt").set_value("hidden").run()
    ok(at)
    assert "hidden state" in charts(at)[0]["layout"]["title"]["text"]
    at.segmented_control(key="gradients.over").set_value("sample").run()
    ok(at)
    assert q(at, "over") == "sample"


def test_gradients_task_switch_brings_an_example():
    at = page("gradients")
    at.selectbox(key="gradients.task").set_value("sentiment").run()
    ok(at)
    assert at.text_input(key="gradients.text").value in rnnviz.tasks.examples("sentiment")


@pytest.mark.parametrize("q", [dict(task="nope", wrt="zzz", log="maybe"), dict(text=HOSTILE)])
def test_gradients_bad_params(q):
    at = page("gradients", **q)
    ok(at)


# ---- generate -------------------------------------------------------------------------------


def test_generate_default_deterministic_and_step():
    at = page("generate", length="40")
    ok(at)
    html1 = at.get("html")[0].proto.body
    at2 = page("generate", length="40")
    assert at2.get("html")[0].proto.body == html1  # same settings, same text
    at.select_slider(key="generate.step").set_value(5).run()
    ok(at)
    assert q(at, "step") == "6"  # the URL counts from 1, as the screen
    assert len(charts(at)) == 2


def test_generate_controls_through_the_form():
    at = page("generate", length="40")
    before = at.get("html")[0].proto.body
    at.number_input(key="generate.seed").set_value(7)
    at.slider(key="generate.temperature").set_value(1.5)
    at.button[0].click().run()  # the form's "Write"
    ok(at)
    assert at.get("html")[0].proto.body != before
    assert q(at, "seed") == "7"


@pytest.mark.parametrize(
    "q",
    [
        dict(text=""),
        dict(text="x" * 301),
        dict(text=HOSTILE, length="20"),
        dict(model="sentiment-lstm", temperature="nan", seed="-4", length="99999"),
    ],
)
def test_generate_bad_input(q):
    at = page("generate", **q)
    ok(at)
    if q.get("text") == HOSTILE:
        body = at.get("html")[0].proto.body
        assert "<b>x</b>" not in body and "&lt;b&gt;x&lt;/b&gt;" in body


def test_generate_open_in_explorer():
    at = page("generate", length="20")
    [b] = [b for b in at.button if b.label == "Open in the explorer"]
    b.click().run()
    ok(at)
    assert q(at, "model") == "stories-lstm"
    assert q(at, "text").startswith("once upon a time, ")
