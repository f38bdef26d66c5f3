"""The Units page driven as a person would (AppTest): the default view, a pasted corpus with
hostile text, bad corpora, an intervention that changes the answer, a language model."""

from __future__ import annotations

import pytest
from apptest import charts, ok, texts
from apptest import units_page as page

import rnnviz

HOSTILE = '<b>x</b> "quotes" & emoji 🙂 [link](http://x)'

pytestmark = pytest.mark.skipif(
    not {"sentiment-lstm", "stories-lstm"} <= set(rnnviz.list_models()),
    reason="needs the shipped models",
)


def test_default_view_shows_every_section():
    at = page()
    ok(at)
    t = texts(at)
    assert "800 texts generated for the sentiment task" in t
    assert [s.value for s in at.subheader] == [
        "One unit across the corpus",
        "Find units by example",
        "Intervene",
        "State space",
    ]
    titles = [c["layout"]["title"]["text"] for c in charts(at)]
    assert "How often each value occurs" in titles
    assert any(x.startswith("The cell state of") for x in titles)
    assert "Answer before" in t


def test_pasted_corpus_is_escaped_and_bad_input_is_a_note():
    at = page()
    at.radio(key="units.source").set_value("yours").run()
    ok(at)
    assert "Paste some text" in texts(at)
    at.text_area(key="units.pasted").set_value(f"the film was good\n{HOSTILE}\nnot good").run()
    ok(at)
    html = " ".join(h.proto.body for h in at.get("html"))
    # the hostile line is on the page, its markup escaped (each token in its own span)
    assert ">&lt;</span>" in html and "emoji" in html
    assert "<b>" not in html and "<a href='http" not in html
    at.text_area(key="units.pasted").set_value("\x00binary").run()
    ok(at)
    assert "binary" in texts(at)


def test_zeroing_every_unit_from_the_start_is_shown_before_and_after():
    at = page()
    at.multiselect(key="units.edit_units").set_value(list(range(32))).run()
    ok(at)
    assert "after the edit" in texts(at)
    at.selectbox(key="units.action").set_value("reset").run()
    ok(at)


def test_a_language_model_writes_with_and_without_the_edit():
    at = page(model="stories-lstm", text="once upon a time")
    ok(at)
    assert "Written with the edit" in texts(at)
    assert len(at.text) >= 2


def test_best_unit_for_a_property_is_one_click_away():
    at = page()
    assert at.selectbox(key="units.flag").options[1] == "inside a negation"  # a human name
    at.selectbox(key="units.flag").set_value("negated").run()
    ok(at)
    note = next(c.value for c in at.caption if "Best unit for" in c.value)
    unit = int(note.split("**unit ")[1].split("**")[0])
    at.button(key="units.use_best").click().run()
    ok(at)
    assert at.number_input(key="units.unit").value == unit
    assert f"unit {unit} of the cell state" in " ".join(h.proto.body for h in at.get("html"))


def test_the_negation_experiment_says_what_happened():
    at = page()
    flag = rnnviz.card("sentiment-lstm")["flags"]["negated"]
    at.button(key="units.preset").click().run()
    ok(at)
    assert at.multiselect(key="units.edit_units").value == [flag["unit"]]
    assert at.selectbox(key="units.action").value == "zero"
    line = next(m.value for m in at.markdown if m.value.startswith("Answer before"))
    before, after = (part.split("**")[1] for part in line.split("after the edit"))
    changed = before != after
    assert changed or any("did not change the answer" in i.value for i in at.info)


def test_the_clamp_value_is_written_the_readers_way():
    """The value a unit is clamped to: a slider in English, and in Ukrainian the same steps
    written with a decimal comma (Streamlit's number box would write 2.50 in any language)."""
    at = page()
    start = at.slider(key="units.value").value
    at.selectbox(key="units.action").set_value("clamp").run()
    at.slider(key="units.value").set_value(2.5).run()
    ok(at)
    assert at.slider(key="units.value").value == 2.5
    # (one run only: AppTest's rerun formats the pickers' values outside the page's
    # language, which it cannot match against the Ukrainian options)
    uk = page(lang="uk")
    ok(uk)
    box = uk.select_slider(key="units.value")
    assert "2,5" in box.options and "-5,0" in [o.replace("−", "-") for o in box.options]
    assert box.value == start  # the same value to begin with in either language
