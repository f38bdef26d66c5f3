"""The guided tour, teacher mode and the Inside-one-step page, driven as a person would."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from tour_stops import STOPS

import rnnviz

APP = "../app/streamlit_app.py"
pytestmark = pytest.mark.skipif(
    "sentiment-rnn" not in rnnviz.list_models(), reason="needs the shipped models"
)


def _page(name: str, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(f"views/{name}.py")
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]  # ui.guard turns a crash into an error box
    return at


def _texts(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown) + " ".join(s.value for s in at.subheader)


def test_tour_starts_at_a_stop_and_steps():
    at = _page("tour", stop="7")
    assert not at.exception
    assert STOPS[6].title in _texts(at)
    next_btn = next(b for b in at.button if b.label == "Next")
    next_btn.click().run()
    assert STOPS[7].title in _texts(at)
    assert at.query_params["stop"] == "8"


def test_tour_clamps_a_bad_stop():
    at = _page("tour", stop="99")
    assert STOPS[-1].title in _texts(at)
    at = _page("tour", stop="<b>x</b>")
    assert STOPS[0].title in _texts(at) and not at.exception


def test_tour_opens_the_view_with_its_params_and_teacher_mode():
    at = _page("tour", stop="7", teacher="1", hide="intro")
    next(b for b in at.button if b.label == "Open this view").click().run()
    assert not at.exception
    assert at.title[0].value == "Watch a recurrent network read"
    q = {k: at.query_params[k] for k in at.query_params}
    assert q["model"] == "agreement-lstm" and q["property"] == "plural_subject"
    assert q["teacher"] == "1" and q["hide"] == "intro"
    assert at.text_input(key="text").value == STOPS[6].params["text"]


def test_teacher_mode_enlarges_and_hides():
    plain = _page("inside")
    big = _page("inside", teacher="1", hide="intro")
    assert not any("font-size: 20px" in m.value for m in plain.markdown)
    assert any("font-size: 20px" in m.value for m in big.markdown)
    intro = "What happens inside the cell"
    assert any(intro in m.value for m in plain.markdown)
    assert not any(intro in m.value for m in big.markdown)


def test_inside_clamps_a_hand_edited_link():
    at = _page("inside", model="sentiment-gru", step="99", unit="999", layer="5")
    assert not at.exception
    assert at.number_input(key="inside.unit").value == 31
    assert at.query_params["unit"] == "31"


@pytest.mark.parametrize(
    "text", ["", "x" * 301, '<b>x</b> "quotes" & emoji 🙂 [link](http://x) <script>1</script>']
)
def test_inside_bad_text_gets_a_message_not_a_traceback(text):
    at = _page("inside", text=text)
    assert not at.exception and not at.error
    if text.strip() and len(text) <= 300:
        assert at.number_input(key="inside.unit").value == 0  # read as unknown tokens
    else:
        assert at.info or at.warning
