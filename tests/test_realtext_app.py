"""The explorer with the shipped real-text models (AppTest): the picker's two groups, the
plain note when most words are unknown, and the one click to the real-text model."""

from __future__ import annotations

import real_text
import streamlit as st
from streamlit.testing.v1 import AppTest

APP = "../app/streamlit_app.py"
NEWS_LIKE = "Quarterly earnings surpassed analysts forecasts handily despite tariffs"


def explorer(**params) -> AppTest:
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = str(v)
    at.run()
    assert not at.exception, at.exception
    return at


def test_picker_groups_real_text_first():
    at = explorer(model="agnews-lstm")
    box = at.selectbox(key="model")
    assert box.value == "agnews-lstm"
    labels = list(box.options)
    real = [i for i, o in enumerate(labels) if o.endswith(real_text.GROUPS["real"])]
    made_up = [i for i, o in enumerate(labels) if o.endswith(real_text.GROUPS["made-up"])]
    assert real and made_up and max(real) < min(made_up)
    assert any("trained on real news" in c.value for c in at.caption)


def test_mostly_unknown_words_offer_the_real_text_model():
    at = explorer(model="news-lstm", text=NEWS_LIKE)
    assert [w for w in at.warning if "has not seen" in w.value]
    button = next(b for b in at.button if b.label.startswith("Read it with agnews-lstm"))
    button.click().run()
    assert not at.exception
    assert at.selectbox(key="model").value == "agnews-lstm"
    assert not [w for w in at.warning if "has not seen" in w.value]


def test_known_words_get_no_note():
    at = explorer(model="reviews-lstm", text="The plot isn't good, but the music is great.")
    assert not [w for w in at.warning if "has not seen" in w.value]
    assert not at.exception
