"""The RNN-vs-LSTM-vs-GRU, layers and minimal-pairs pages driven as a person would (AppTest).

These use the shipped models (small; the app's caches are process-wide, so each model is
loaded once). The numbers on the page are checked against traces and the model itself.
"""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
import torch
from streamlit.testing.v1 import AppTest

import rnnviz

APP = "../app/streamlit_app.py"
HOSTILE = '<b>x</b> "quotes" & emoji 🙂 [link](http://x)'
NEEDED = {"sentiment-rnn", "sentiment-lstm", "sentiment-gru", "sentiment-bilstm", "agreement-lstm"}
if not set(rnnviz.list_models()) >= NEEDED:
    pytest.skip("needs the shipped models", allow_module_level=True)


def page(path: str, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(f"views/{path}.py")
    for k, v in query.items():
        at.query_params[k] = v
    return ok(at.run())


def ok(at: AppTest) -> AppTest:
    """No exception and no error box (ui.guard turns a crash into one)."""
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def _arr(v):
    if isinstance(v, dict) and "bdata" in v:
        a = np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"])
        shape = v.get("shape", a.shape)
        shape = [int(n) for n in shape.split(",")] if isinstance(shape, str) else shape
        return a.reshape(shape)
    return np.asarray(v)


def chart_list(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def cursor_x(fig: dict) -> float:
    s = [s for s in fig["layout"]["shapes"] if s.get("name") == "cursor"]
    return (s[0]["x0"] + s[0]["x1"]) / 2


# ---- RNN vs LSTM vs GRU --------------------------------------------------------------------


def test_compare_three_models_one_cursor():
    at = page("compare")
    ok(at)
    assert [h.value for h in at.subheader][:3] == ["Plain RNN", "LSTM", "GRU"]
    tables = [d.value for d in at.dataframe]
    assert len(tables) == 3
    tr = rnnviz.trace(rnnviz.load("sentiment-gru"), "the film was not good")
    assert np.allclose(tables[2]["probability"], tr.probs[0], atol=1e-6)
    figs = chart_list(at)
    # 3 heatmaps + 2 gate charts (the plain RNN has none) + the shared chart
    assert len(figs) == 6
    at.select_slider(key="compare.step").set_value(3).run()  # the 4th token: step=4
    ok(at)
    assert all(cursor_x(f) == 3 for f in chart_list(at))
    assert np.allclose(at.dataframe[2].value["probability"], tr.probs[3], atol=1e-6)
    assert at.query_params["step"] == "4"
    shared = chart_list(at)[-1]
    k = tr.outputs.index(at.radio(key="compare.cls").value)
    assert np.allclose(_arr(shared["data"][2]["y"]), tr.probs[:, k], atol=1e-6)
    at.radio(key="compare.cls").set_value("positive").run()
    ok(at)
    assert at.query_params["cls"] == "positive"


def test_compare_task_switch_and_example():
    at = page("compare")
    at.selectbox(key="compare.task").set_value("agreement").run()
    ok(at)
    text = at.text_input(key="compare.text").value
    assert text == rnnviz.tasks.examples("agreement")[0]
    assert at.dataframe[0].value.columns[0] == "next token"
    ex = rnnviz.tasks.examples("agreement")[1]
    at.button_group(key="compare.example").set_value(ex).run()
    ok(at)
    assert at.text_input(key="compare.text").value == ex


def test_compare_bad_params_fall_back():
    at = page("compare", task="nope", step="-4", cls="<b>")
    ok(at)
    assert at.selectbox(key="compare.task").value == "sentiment"
    assert at.select_slider(key="compare.step").value == 0
    at = page("compare", step="999")
    ok(at)
    assert at.select_slider(key="compare.step").value == 4


# ---- layers and directions ------------------------------------------------------------------


def test_layers_bidirectional_reads_h_n():
    at = page("layers")
    ok(at)
    text = at.text_input(key="layers.text").value
    m = rnnviz.load("sentiment-bilstm")
    tr = rnnviz.trace(m, text)
    figs = chart_list(at)
    heat, feats = figs[0], figs[1]
    boxes = [s for s in heat["layout"]["shapes"] if s.get("line", {}).get("dash") == "dash"]
    assert sorted(round((b["x0"] + b["x1"]) / 2) for b in boxes) == [0, len(tr) - 1]
    with torch.no_grad():
        want = m.features(torch.tensor([tr.ids]))[0].numpy()
    got = np.concatenate([_arr(d["y"]) for d in feats["data"]])
    assert np.allclose(got, want, atol=1e-5)
    assert any("backward" in md.value and "first" in md.value for md in at.markdown)
    at.select_slider(key="layers.step").set_value(2).run()
    ok(at)
    assert cursor_x(chart_list(at)[0]) == 2


def test_layers_stacked_and_lm():
    at = page("layers", model="sentiment-lstm2", show="cell")
    ok(at)
    heads = [h.value for h in at.subheader]
    assert heads[0].startswith("Layer 1") and heads[1].startswith("Layer 0")
    at.selectbox(key="layers.model").set_value("agreement-lstm").run()
    ok(at)
    assert any("every" in md.value for md in at.markdown)


# ---- minimal pairs --------------------------------------------------------------------------


def test_pairs_numbers_are_trace_differences():
    at = page("pairs")
    ok(at)
    assert any("flips" in md.value for md in at.markdown)
    m = rnnviz.load("sentiment-lstm")
    a = rnnviz.trace(m, "the film was good")
    b = rnnviz.trace(m, "the film was not good")
    table = at.dataframe[1].value
    for _, row in table.iterrows():
        u = int(row["unit"])
        if row["where"].startswith("+"):  # only in the second: the first is still at "was"
            j = b.tokens.index(row["where"][1:])
            i = a.tokens.index(b.tokens[j - 1])
        else:
            tok = row["where"].split(" / ")
            i, j = a.tokens.index(tok[0]), b.tokens.index(tok[-1])
        assert np.isclose(row["first"], a.cell[0, 0, i, u], atol=1e-6)
        assert np.isclose(row["second"], b.cell[0, 0, j, u], atol=1e-6)
        assert np.isclose(row["difference"], b.cell[0, 0, j, u] - a.cell[0, 0, i, u], atol=1e-6)
    fig = chart_list(at)[0]
    z = _arr(fig["data"][0]["z"])
    top = int(table["unit"][0])
    # the last column: "good" in both sentences
    assert np.isclose(z[0, -1], b.cell[0, 0, -1, top] - a.cell[0, 0, -1, top], atol=1e-5)
    # each cell's written number is that difference, with the colour bar's minus sign
    text = np.array(fig["data"][0]["text"])
    written = np.vectorize(lambda t: float(t.replace("\u2212", "-")))(text)
    np.testing.assert_allclose(written, z, atol=0.0051)
    assert not any("-" in t for t in text.ravel()) and any("\u2212" in t for t in text.ravel())
    at.radio(key="pairs.state").set_value("hidden").run()
    ok(at)
    assert at.query_params["state"] == "hidden"


def test_pairs_ready_buttons_and_pickers():
    at = page("pairs")
    at.button(key="pairs-ready-alice / alice and tom").click().run()
    ok(at)
    assert at.selectbox(key="pairs.model").value == "agreement-lstm"
    assert at.text_input(key="pairs.b").value == "alice and tom went home and"
    assert at.query_params["model"] == "agreement-lstm"
    # the pronoun that must agree comes next: "she" after the first, "they" after the second
    said = " ".join(m.value for m in at.markdown)
    assert "after the first: **she**; after the second: **they**" in said
    # «and tom» get columns of their own in the chart
    (chart,) = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert [t for t in chart["layout"]["xaxis"]["ticktext"] if "+" in t] == ["+and", "+tom"]
    at = page("pairs", model="sentiment-bilstm", direction="1", layer="7")
    ok(at)
    assert at.radio(key="pairs.direction").value == 1


# ---- any text: empty, too long, hostile -----------------------------------------------------


@pytest.mark.parametrize("path,name", [("compare", "text"), ("layers", "text"), ("pairs", "b")])
def test_any_text(path, name):
    at = page(path)
    at.text_input(key=f"{path}.{name}").set_value(HOSTILE).run()
    ok(at)
    shown = " ".join(md.value for md in at.markdown)
    assert "<b>" not in shown and "](http" not in shown
    at = page(path, **{name: ""})
    ok(at)
    assert at.info and not at.get("plotly_chart")
    at = page(path, **{name: "good " * 70})
    ok(at)
    # a text over the limit is read up to it, with a note, never a blank page
    assert "350 characters" in at.info[0].value and "reads the first 300" in at.info[0].value
    assert at.get("plotly_chart")
