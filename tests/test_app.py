"""The explorer driven as a person would (Streamlit's AppTest): controls, deep links, bad input.

The app reads models from ``RNNVIZ_ASSETS``; these tests point it at small
random-weight models made here (one per kind of view), so they do not wait for training.
"""

from __future__ import annotations

import base64
import json
import os

import numpy as np
import pytest
import streamlit as st
import torch
from apptest import charts
from streamlit.testing.v1 import AppTest

import rnnviz
import rnnviz.checkpoint
from rnnviz import tasks

APP = "../app/streamlit_app.py"
MODELS = {  # name -> (task, config overrides)
    "sentiment-lstm": ("sentiment", dict(cell="lstm")),
    "sentiment-gru": ("sentiment", dict(cell="gru")),
    "sentiment-rnn": ("sentiment", dict(cell="rnn", readout="mean")),
    "sentiment-bilstm": ("sentiment", dict(cell="lstm", bidirectional=True)),
    "sentiment-lstm2": ("sentiment", dict(cell="lstm", num_layers=2)),
    "sentiment-bag": ("sentiment", dict(cell="bag")),
    "brackets-lstm": (
        "brackets",
        dict(cell="lstm", head="lm", embed_size=0, tokenizer={"kind": "char"}),
    ),
}
HOSTILE = [
    "<script>alert(1)</script>",
    '<b>x</b> "quotes" & emoji 🙂',
    "[link](http://x)",
    "![img](http://x/a.png)",
    "привет мир",
    "שלום עולם",
    "a\x00b\x1bc\u202ed",
    "**bold** _it_ `c`",
    ":red[alarm] $x^2$",
]


def make_models(folder) -> list[str]:
    """Random-weight models for every view the app has (used by the browser tests too)."""
    torch.manual_seed(0)
    for name, (task, kw) in MODELS.items():
        info = tasks.info(task)
        kw = {"head": "classifier", "hidden_size": 16, **kw}
        if kw["head"] == "classifier":
            kw["labels"] = list(info.labels)
        vocab = ["<pad>", "<unk>", *tasks.vocabulary(task)]
        m = rnnviz.RNNModel(rnnviz.ModelConfig(vocab=vocab, task=task, **kw))
        flags = {p: dict(layer=0, direction=0, unit=3, auc=0.9, effect=1) for p in info.properties}
        rnnviz.save(
            m,
            folder / name,
            card=dict(task=task, description=f"test {name}", accuracy=0.75, flags=flags),
        )
    return sorted(MODELS)


@pytest.fixture(scope="module")
def assets(tmp_path_factory):
    folder = tmp_path_factory.mktemp("assets")
    make_models(folder)
    old = os.environ.get("RNNVIZ_ASSETS")
    os.environ["RNNVIZ_ASSETS"] = str(folder)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield folder
    if old is None:
        os.environ.pop("RNNVIZ_ASSETS")
    else:
        os.environ["RNNVIZ_ASSETS"] = old
    st.cache_data.clear()
    st.cache_resource.clear()


def app(assets, **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = str(v)
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]  # ui.guard turns a crash into an error box
    return at


def decode(a):
    """Plotly 7 sends arrays as base64 ``{dtype, bdata, shape}``."""
    if isinstance(a, dict) and "bdata" in a:
        arr = np.frombuffer(base64.b64decode(a["bdata"]), dtype=a["dtype"])
        return arr.reshape([int(s) for s in str(a["shape"]).split(",")]) if "shape" in a else arr
    return np.asarray(a)


def cell_view(at) -> dict:
    """The payload the page sent to the cell-view component (which must be there)."""
    comps = [c for c in at.get("bidi_component") if c.proto.component_name == "rnnviz.cell_view"]
    assert comps, "the explorer shows no cell view: did its component fail to load?"
    sent = json.loads(comps[0].proto.json)
    return json.loads(sent) if isinstance(sent, str) else sent  # sent as JSON text


def cursor_x(spec: dict) -> float:
    shapes = [s for s in spec["layout"]["shapes"] if s.get("name") == "cursor"]
    return (shapes[0]["x0"] + shapes[0]["x1"]) / 2


def shown_step(at) -> int:
    """The step the chart's cursor shows: drawn by the cell view in the browser when the
    chart follows it (then the figure has no cursor of its own), else in the figure."""
    (spec,) = charts(at)
    meta = spec["layout"].get("meta") or "{}"  # JSON text, as app/browser.py sends it
    if json.loads(meta).get("cursor") == "follow":
        assert not [s for s in spec["layout"].get("shapes", ()) if s.get("name") == "cursor"]
        return cell_view(at)["step"]
    return cursor_x(spec)


def all_text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in (*at.info, *at.warning, *at.error)]
    return "\n".join(str(p) for p in parts)


def test_empty_text_prompts_without_error(assets):
    at = app(assets)
    assert at.selectbox(key="model").value == "sentiment-lstm"
    assert any("Type a sentence" in i.value for i in at.info)
    assert not at.error and not charts(at)


def test_typing_a_sentence_draws_everything_and_records_the_url(assets):
    at = app(assets)
    at.text_input(key="text").set_value("the film was not good").run()
    assert not at.exception and not at.error
    (fig,) = charts(at)  # one chart: the answer after every prefix over the heatmap
    assert fig["layout"]["xaxis"]["ticktext"] == ["the", "film", "was", "not", "good"]
    assert at.query_params["text"] == "the film was not good"
    assert "5/300" not in all_text(at) and "21/300" in all_text(at)
    lines = [d for d in fig["data"] if d["type"] == "scatter"]
    assert [d["name"] for d in lines] == ["negative", "positive"] or len(lines) == 2
    assert all(d["xaxis"] == "x2" for d in lines)  # the strip above the heatmap


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_kind_of_model_renders(assets, name):
    text = 'ka (lomi "ta" (nu)) pe.' if name.startswith("brackets") else "the film was not good"
    at = app(assets, model=name, text=text)
    assert not at.error, [e.value for e in at.error]
    assert len(charts(at)) == 1
    keys = {w.key for w in (*at.selectbox, *at.radio, *at.number_input)}
    assert ("layer" in keys) == name.endswith("lstm2")
    assert ("direction" in keys) == ("bilstm" in name)
    if "bilstm" in name:
        heat = [d for d in charts(at)[0]["data"] if d["type"] == "heatmap"]
        assert len(heat) == 2  # both directions, one token axis


def test_deep_link_reproduces_the_view(assets):
    at = app(
        assets,
        model="sentiment-gru",
        text="the film was not good",
        step=4,  # the 4th token: the link counts from 1, as the screen
        unit=5,
        show="update",
        order="change",
    )
    assert at.selectbox(key="model").value == "sentiment-gru"
    assert at.number_input(key="unit").value == 5
    assert at.radio(key="show").value == "update"
    assert at.selectbox(key="order").value == "change"
    (heat,) = charts(at)
    assert shown_step(at) == 3
    view = cell_view(at)
    if view is not None:
        assert view["step"] == 3 and view["unit"] == 5 and view["lamps"]["property"] == "negated"
        assert view["order"] == "change"
    assert "update gate" in heat["layout"]["title"]["text"]
    q = at.query_params
    assert q["step"] == "4" and q["unit"] == "5" and q["model"] == "sentiment-gru"


@pytest.mark.parametrize(
    "params",
    [
        dict(step=999, unit=999, layer=3, direction=1),
        dict(step=-4, unit="abc", layer="1e9", direction="x", threshold="nan"),
        dict(threshold=7, order="<script>", show="nope", property="[x](http://y)"),
        dict(model="no-such-model"),
        dict(model="../../etc/passwd"),
    ],
)
def test_bad_url_parameters_clamp_or_fall_back(assets, params):
    at = app(assets, text="the film was not good", **{"model": "sentiment-lstm", **params})
    assert not at.error
    assert 0 <= shown_step(at) <= 4
    assert 0 <= at.number_input(key="unit").value < 16
    if "model" in params or params.get("step") == 999:
        assert at.info, "a small notice says what was changed"


def test_layer_picker_and_direction_picker(assets):
    at = app(assets, model="sentiment-lstm2", text="the film was good", layer=1)
    assert at.selectbox(key="layer").value == 1
    assert "layer 1 (layers 0–1" in charts(at)[0]["layout"]["title"]["text"]
    assert cell_view(at)["layer"] == 1
    at.selectbox(key="layer").set_value(0).run()
    assert "layer" not in at.query_params or at.query_params["layer"] == "0"
    at = app(assets, model="sentiment-bilstm", text="the film was good")
    at.radio(key="direction").set_value(1).run()
    assert at.query_params["direction"] == "1"
    assert cell_view(at)["direction"] == 1


def test_unit_order_property_and_best_unit(assets):
    at = app(assets, text="the film was not good")
    best = at.number_input(key="unit").value  # the chosen flag's best unit, by default
    assert any(f"**unit {best}**" in c.value for c in at.caption)
    assert at.selectbox(key="property").value == "negated"
    assert not at.slider  # every lamp has its own measured range: no fixed threshold
    other = (best + 1) % 16
    at.number_input(key="unit").set_value(other).run()
    at.selectbox(key="order").set_value("flag").run()
    assert not at.exception and not at.error
    q = at.query_params
    assert q["unit"] == str(other) and q["order"] == "flag"
    view = cell_view(at)
    assert isinstance(view["order"], list) and view["order"][0] == best  # ranked by flag
    assert len(view["lamps"]["on_above"]) == 16
    at.button(key="use_best").click().run()
    assert at.number_input(key="unit").value == best


def test_quantity_picker_and_step(assets):
    at = app(assets, text="the film was not good")
    assert [o for o in at.radio(key="show").options][:2] == ["hidden state h", "cell state c"]
    at.radio(key="show").set_value("forget").run()
    assert "forget gate" in charts(at)[0]["layout"]["title"]["text"]
    if "step" in [s.key for s in at.slider]:  # the fallback when the cell view is missing
        at.slider(key="step").set_value(2).run()
        assert shown_step(at) == 2 and at.query_params["step"] == "2"


def test_example_click_fills_the_box(assets):
    at = app(assets)
    example = tasks.examples("sentiment")[1]
    at.button_group(key="example").set_value(example).run()
    assert not at.exception and not at.error
    assert at.text_input(key="text").value == example
    assert at.query_params["text"] == example
    assert len(charts(at)) == 1


def test_oversized_text_is_cut_with_a_note(assets):
    at = app(assets, text="good " * 70)
    assert any("reads the first 300" in i.value for i in at.info)
    assert "350/300" in all_text(at)
    assert len(charts(at)) == 1 and not at.error


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_shown_literally(assets, text):
    at = app(assets, text=text)
    assert not at.error, [e.value for e in at.error]
    page = all_text(at)
    for raw in ("<script", "<b>", "](http", "**bold**", ":red["):
        assert raw not in page, f"{raw!r} reached the page as markup"
    for spec in charts(at):
        for k, axis in spec["layout"].items():
            if k.startswith("xaxis"):
                ticks = " ".join(axis["ticktext"])
                assert "<" not in ticks and ">" not in ticks


def test_no_models_gives_a_clear_message(assets, tmp_path):
    os.environ["RNNVIZ_ASSETS"] = str(tmp_path)
    st.cache_data.clear()
    try:
        at = app(assets)
        assert any("No models" in i.value for i in at.info)
    finally:
        os.environ["RNNVIZ_ASSETS"] = str(assets)
        st.cache_data.clear()


def test_a_broken_checkpoint_is_marked_and_says_why(assets, tmp_path):
    import shutil

    shutil.copytree(assets / "sentiment-gru", tmp_path / "sentiment-gru")
    (tmp_path / "aaa-broken").mkdir()
    (tmp_path / "aaa-broken" / "config.json").write_text("{not json")
    os.environ["RNNVIZ_ASSETS"] = str(tmp_path)
    st.cache_data.clear()
    try:  # a link to it shows why it cannot be opened, not silently another model
        at = app(assets, model="aaa-broken", text="the film was good")
        box = at.selectbox(key="model")
        assert box.value == "aaa-broken" and len(box.options) == 2
        assert "cannot be opened" in box.options[1]
        assert any("not a JSON config" in w.value for w in at.warning)
        assert not at.error and not charts(at)
        box.set_value("sentiment-gru").run()
        assert not at.error and len(charts(at)) == 1
    finally:
        os.environ["RNNVIZ_ASSETS"] = str(assets)
        st.cache_data.clear()


def test_a_link_followed_inside_the_session_is_read_again(assets):
    at = app(assets, text="the film was good")
    at.number_input(key="unit").set_value(4).run()
    assert at.query_params["unit"] == "4"
    at.run()  # the URL it wrote itself does not reset anything
    assert at.number_input(key="unit").value == 4
    at.query_params.clear()
    for k, v in dict(
        model="sentiment-gru", text="the film was not good", step="3", teacher="1"
    ).items():
        at.query_params[k] = v
    at.run()
    assert at.selectbox(key="model").value == "sentiment-gru"
    assert at.text_input(key="text").value == "the film was not good"
    assert shown_step(at) == 2
    unit = at.number_input(key="unit").value  # no unit in the link: the flag's best unit
    assert any(f"**unit {unit}**" in c.value for c in at.caption), [c.value for c in at.caption]
    assert at.query_params["teacher"] == "1"  # other pages' global parameters are kept


def test_teacher_mode_enlarges_the_charts_words_and_the_tokens_under_them(assets):
    plain_at = app(assets, text="the film was not good")
    big_at = app(assets, text="the film was not good", teacher="1")
    plain, big = (charts(at)[0]["layout"] for at in (plain_at, big_at))
    # the tokens under the heatmap have a size of their own: it grows as the chart's text does
    for part in (lambda lay: lay["font"], lambda lay: lay["xaxis"]["tickfont"]):
        assert part(big)["size"] == round(part(plain)["size"] * 1.3), (part(plain), part(big))
    assert big["xaxis"]["ticktext"] == plain["xaxis"]["ticktext"]
    # the title too (it had no size of its own and stayed smaller than the ticks), and on a
    # projector's wide chart it stays on one line where a phone's is wrapped
    assert big["title"]["font"]["size"] == round(plain["title"]["font"]["size"] * 1.3)
    raw = [json.loads(at.get("plotly_chart")[0].proto.spec) for at in (plain_at, big_at)]
    raw = [spec["layout"]["title"]["text"] for spec in raw]
    assert "<br>" in raw[0] and "<br>" not in raw[1] and raw[1] == raw[0].replace("<br>", " ")
