"""The Units page, second round (AppTest, driven as a person would): a corpus folder given at
start, the span of "find units by example" chosen by clicking token chips (and kept in the
URL), the intervention's c and h heatmaps held against the states, and the tour's
"switch off the negation unit" stop."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from apptest import ok, texts
from apptest import units_page as page
from streamlit.testing.v1 import AppTest
from tour_stops import STOPS

import rnnviz
from rnnviz.analysis import Edit, intervene, units_on
from rnnviz.analysis.corpus import CORPUS_ENV

APP = "../app/streamlit_app.py"

pytestmark = pytest.mark.skipif(
    "sentiment-lstm" not in rnnviz.list_models(), reason="needs the shipped models"
)


def charts(at: AppTest) -> dict[str, dict]:
    out = {}
    for c in at.get("plotly_chart"):
        spec = json.loads(c.proto.spec)
        out[spec["layout"]["title"]["text"]] = spec
    return out


def arr(v) -> np.ndarray:
    if isinstance(v, dict) and "bdata" in v:
        a = np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"])
        shape = v.get("shape", a.shape)
        shape = [int(n) for n in shape.split(",")] if isinstance(shape, str) else shape
        return a.reshape(shape)
    return np.asarray(v, dtype=float)


def chips(at: AppTest):
    return at.get("button_group")[0]


def matched_line(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("Units at or above"))


# ---- a corpus folder given at start ---------------------------------------------------------


def test_a_corpus_folder_is_offered_and_its_bad_files_named(tmp_path, monkeypatch):
    (tmp_path / "a_reviews.txt").write_text(
        "the soup was not good\nthe play was great\nthe film was never bad\n", "utf-8"
    )
    (tmp_path / "b_one.txt").write_text("a single free text about a film that was good", "utf-8")
    (tmp_path / "c_bad.txt").write_bytes(b"\x00\x01")
    monkeypatch.setenv(CORPUS_ENV, str(tmp_path))
    at = page()
    ok(at)
    assert at.radio(key="units.source").value == "folder"  # what was given is what is shown
    assert at.selectbox(key="units.file").options == ["a_reviews.txt", "b_one.txt"]
    t = texts(at).replace("\\", "")  # Markdown escapes: the names are shown literally
    assert "a_reviews.txt: 3 texts." in t
    assert "Left out (1): c_bad.txt: this looks like a binary file" in t
    html = " ".join(h.proto.body for h in at.get("html"))
    assert ">soup</span>" in html
    at.selectbox(key="units.file").set_value("b_one.txt").run()
    ok(at)
    assert "b_one.txt: 1 text." in texts(at).replace("\\", "")


def test_an_unusable_corpus_folder_is_a_note_on_the_page(tmp_path, monkeypatch):
    (tmp_path / "x.txt").write_bytes(b"caf\xe9")
    monkeypatch.setenv(CORPUS_ENV, str(tmp_path))
    at = page()
    ok(at)
    t = texts(at).replace("\\", "")
    assert "no usable corpus in the folder: x.txt: the corpus is not UTF-8" in t
    at.radio(key="units.source").set_value("sample").run()  # the rest of the page still works
    ok(at)
    assert "800 texts generated" in texts(at)


# ---- the span by clicking token chips --------------------------------------------------------


def test_the_span_is_chosen_by_clicking_chips_and_kept_in_the_url():
    text = "the film was not good"
    at = page(text=text)
    ok(at)
    pills = chips(at)
    assert pills.options == ["the", "film", "was", "not", "good"]
    assert pills.value == [3, 4]  # the last two tokens to start with: «not good»
    assert "«not good»" in matched_line(at)
    # click «film» and «not»: the span runs from the first to the last, «film was not»
    pills.set_value([1, 3]).run()
    ok(at)
    assert "«film was not»" in matched_line(at) and "Span: tokens 2–4 of 5." in texts(at)
    assert at.query_params["span"] in ("2-4", ["2-4"])
    # the units listed are the ones on through the span, read from the exact trace
    tr = rnnviz.trace(rnnviz.load("sentiment-lstm"), text)
    thr = at.slider(key="units.threshold").value
    on = units_on(tr.cell[0, 0], (1, 4), thr)
    assert matched_line(at).endswith(", ".join(str(u) for u in on) or "none")
    # no chip: a note, no match, and nothing breaks
    chips(at).set_value([]).run()
    ok(at)
    assert "Click a token (or several) to choose a span." in texts(at)


@pytest.mark.parametrize(
    "raw, want", [("2-3", [1, 2]), ("4", [3]), ("9-12", [3, 4]), ("x", [3, 4])]
)
def test_a_span_from_a_link_is_checked(raw, want):
    at = page(text="the film was not good", span=raw)
    ok(at)
    assert chips(at).value == want


def test_hostile_tokens_are_literal_chips():
    at = page(text="*bold* [x](http://x) <b>y</b>")
    ok(at)
    opts = chips(at).options
    assert (
        "\\*" in opts and "\\[" in opts and "<" not in "".join(o.replace("\\<", "") for o in opts)
    )


# ---- the intervention's difference heatmaps ---------------------------------------------------


@pytest.mark.parametrize("state", ["cell", "hidden"])
def test_the_c_and_h_heatmaps_are_after_minus_before(state):
    text = "the film was not good but the music was great"
    at = page(text=text, state=state, action="flip", edit="8,3", **{"from": "3"})
    ok(at)
    assert at.multiselect(key="units.edit_units").value == [8, 3]
    figs = charts(at)
    model = rnnviz.load("sentiment-lstm")
    iv = intervene(model, text, [Edit("flip", 2, (8, 3), state)])
    # "before" is the model's own reading: rnnviz.trace, itself held against nn.LSTM
    tr = rnnviz.trace(model, text)
    np.testing.assert_allclose(iv.before.cell, tr.cell, atol=1e-6)
    np.testing.assert_allclose(iv.before.hidden, tr.hidden, atol=1e-6)
    for name, title in (("cell", "c"), ("hidden", "h")):
        heat = figs[f"What the edit changed in {title}"]["data"][0]
        after, before = getattr(iv.after, name), getattr(iv.before, name)
        np.testing.assert_allclose(arr(heat["z"]), (after - before)[0, 0].T, atol=1e-6)
        assert heat["colorbar"]["title"]["text"] == "after<br>− before"  # the legend
        assert heat["zmin"] == -heat["zmax"]  # diverging around 0
        assert [c[1] for c in heat["colorscale"]] == ["#0072B2", "#FFFFFF", "#E69F00"]
    # nothing changes before the edit's step; flipping c at step 2 changes c there
    c = figs["What the edit changed in c"]["data"][0]
    z = arr(c["z"])
    assert np.all(z[:, :2] == 0)
    if state == "cell":
        assert np.all(z[[8, 3], 2] != 0)


# ---- the tour's stop ------------------------------------------------------------------------


def test_the_negation_stop_opens_the_units_page_with_the_edit_set():
    n, stop = next((i, s) for i, s in enumerate(STOPS, 1) if s.page == "units")
    flag = rnnviz.card("sentiment-lstm")["flags"]["negated"]
    assert stop.params["edit"] == str(flag["unit"]) and stop.params["state"] == flag["state"]
    assert f"unit {flag['unit']} of c" in stop.text
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["stop"] = str(n)
    at.switch_page("views/tour.py")
    at.run()
    at.button(key="tour-open").click().run()
    ok(at)
    assert at.multiselect(key="units.edit_units").value == [flag["unit"]]
    assert at.selectbox(key="units.action").value == "zero"
    line = next(m.value for m in at.markdown if m.value.startswith("Answer before"))
    # what the stop says happens is what happens: the answer stays negative
    iv = intervene(
        rnnviz.load("sentiment-lstm"),
        stop.params["text"],
        [Edit("zero", 0, (flag["unit"],), flag["state"])],
    )
    before, after = iv.before.probs[-1], iv.after.probs[-1]
    assert before.argmax() == after.argmax() == 0  # negative, before and after
    assert "stays negative" in stop.text
    assert f"{before[0]:.1%}" in line and f"{after[0]:.1%}" in line
    assert f"about {before[0]:.1%}" in stop.text and f"{after[0]:.1%}" == f"{before[0]:.1%}"
    assert "did not change the answer" in texts(at)
