"""The words of the charts and the cell view follow each session's language, never another's.

- Every ``tr("…")`` template in the cell view's JavaScript is listed in ``app/cell_words.py``
  (so it is extracted and translated), and the payload carries its translations.
- The app's cached figures and payloads are keyed by the language: the same cached call made
  for a Ukrainian and an English session gives each its own words (a chart built for one is
  never served to the other), and a spinner's text is translated when it is shown.

The expected words are the catalog's own (read from the ``.po`` file by Babel), never copied.
"""

from __future__ import annotations

import json
import re

import cache
import i18n
import pytest
from babel.messages.pofile import read_po
from cell_words import CELL_VIEW, STEP_WALK
from payload import step_payload

import rnnviz
from rnnviz import figures

COMPONENTS = i18n.LOCALE_DIR.parent / "components"
CELL_JS = sorted((COMPONENTS / "cell_view").glob("*.js"))
WALK_JS = [COMPONENTS / "cell_view" / f for f in ("palette.js", "diagram.js")]
WALK_JS += sorted((COMPONENTS / "step_walk").glob("*.js"))
CALL = re.compile(r'\btr\(\s*((?:"(?:[^"\\]|\\.)*"\s*(?:\+\s*)?)+)')
LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"')
MODEL = "sentiment-lstm"
TEXT = "the film was not good"


def po(lang: str) -> dict[str, str]:
    """msgid → translation, from the language's .po file as Babel reads it."""
    with i18n.catalog_path(lang).open("rb") as f:
        cat = read_po(f, locale=lang)
    return {m.id: m.string for m in cat if m.id and isinstance(m.id, str)}


def js_templates(files) -> set[str]:
    found = set()
    for path in files:
        for m in CALL.finditer(path.read_text(encoding="utf-8")):
            found.add("".join(json.loads(f'"{s}"') for s in LITERAL.findall(m.group(1))))
    return found


def test_every_template_the_views_write_is_marked_for_translation():
    found = js_templates(CELL_JS)
    assert len(found) > 80  # the parser sees the calls (one per visible word)
    assert found <= set(CELL_VIEW), sorted(found - set(CELL_VIEW))
    assert set(CELL_VIEW) <= found, sorted(set(CELL_VIEW) - found)  # none left behind
    walk = js_templates(WALK_JS)  # the step walk draws with the cell view's diagram
    assert walk <= set(CELL_VIEW) | set(STEP_WALK), sorted(walk - set(CELL_VIEW + STEP_WALK))
    assert set(STEP_WALK) <= walk, sorted(set(STEP_WALK) - walk)


def test_the_step_walk_speaks_the_translators_language():
    from walkthrough import step_walk

    model = rnnviz.load(MODEL)
    tr = rnnviz.trace(model, TEXT)
    english = step_walk(model, tr, 2)
    assert english["words"] == {} and english["ops"][0]["title"].startswith("1. Look up")
    lt = po("lt")
    with figures.translated(i18n.translations("lt").gettext):
        walk = step_walk(model, tr, 2)
    assert walk["words"]["◀ previous"] == lt["◀ previous"] != "◀ previous"
    assert (
        walk["words"]["× input: i · g is what is written"]
        == lt["× input: i · g is what is written"]
    )  # the diagram's words too
    want = "1. " + lt["Look up the embedding of «{token}»"].format(token=tr.tokens[2])
    assert walk["ops"][0]["title"] == want
    titles = {op["id"]: op["title"] for op in walk["ops"]}
    assert titles["forget"] == "{n}. {label}: {meaning}".format(
        n=4, label=lt["Forget gate f"], meaning=lt["how much of the old cell state is kept"]
    )
    # the numbers are the same in every language
    assert [op.get("act") for op in walk["ops"]] == [op.get("act") for op in english["ops"]]


def _payload(lang: str | None) -> dict:
    model = rnnviz.load(MODEL)
    tr = rnnviz.trace(model, TEXT)
    return step_payload(model, tr, catalog=i18n.translations(lang) if lang else None)


def test_the_payload_carries_the_views_words_in_its_language():
    assert _payload(None)["words"] == {}  # English: the JavaScript's own templates
    uk = po("uk")
    p = _payload("uk")
    assert p["words"]["◀ prev"] == uk["◀ prev"] != "◀ prev"
    assert p["words"]["token {n} of {total}: «{token}»"] == uk["token {n} of {total}: «{token}»"]
    assert p["state_name"] == uk["cell state c"]
    assert p["order_label"] == uk["by unit index"]
    assert p["shapes"]["source"] == uk["token embedding"]
    assert set(p["words"]) - {"_decimal"} <= set(CELL_VIEW)
    assert p["words"]["_decimal"] == ","  # its numbers take the decimal comma (palette.js fmt)


@pytest.fixture
def session_language(monkeypatch):
    """Pretend to be a session reading ``lang`` (what the router's i18n.current() gives)."""

    def use(lang: str) -> None:
        monkeypatch.setattr(i18n, "current", lambda: lang)

    return use


@pytest.mark.skipif(MODEL not in rnnviz.list_models(), reason=f"{MODEL} is not installed")
def test_one_cached_chart_per_language(session_language):
    uk, lt = po("uk"), po("lt")
    title = "What the model answers after each token"
    got = {}
    for lang in ("uk", "en", "lt", "uk", "en"):  # the same cached calls, languages in turn
        session_language(lang)
        reading = cache.reading(MODEL, TEXT, "hidden", 0, 0, None)
        heat = cache.heatmap(MODEL, TEXT, "cell", 0, 0, 1)
        pred = cache.prediction(MODEL, TEXT, 1)
        got.setdefault(lang, []).append(
            (reading["layout"]["title"]["text"], heat.layout.title.text, pred.layout.title.text)
        )
    want = {
        "en": (f"{title} (top); hidden state h (below)", "cell state c", title),
        "uk": (
            uk["{top} (top); {below} (below)"].format(top=uk[title], below=uk["hidden state h"]),
            uk["cell state c"],
            uk[title],
        ),
        "lt": (
            lt["{top} (top); {below} (below)"].format(top=lt[title], below=lt["hidden state h"]),
            lt["cell state c"],
            lt[title],
        ),
    }
    for lang, seen in got.items():
        assert all(s == want[lang] for s in seen), (lang, seen)
    assert want["uk"] != want["en"] != want["lt"]


@pytest.mark.skipif(MODEL not in rnnviz.list_models(), reason=f"{MODEL} is not installed")
def test_one_cached_payload_per_language(session_language):
    uk = po("uk")
    args = (MODEL, TEXT, 0, 0, 1, 0.5, "index", "", "")
    session_language("uk")
    first = json.loads(cache.payload_text(*args))
    session_language("en")
    english = json.loads(cache.payload_text(*args))
    session_language("uk")
    again = json.loads(cache.payload_text(*args))
    assert english["words"] == {} and english["state_name"] == "cell state c"
    assert first["words"]["next ▶"] == again["words"]["next ▶"] == uk["next ▶"]
    assert first["state_name"] == uk["cell state c"]


def test_a_notebook_figure_stays_english_and_follows_a_translator():
    model = rnnviz.load(MODEL) if MODEL in rnnviz.list_models() else None
    if model is None:
        pytest.skip(f"{MODEL} is not installed")
    tr = rnnviz.trace(model, TEXT)
    assert figures.heatmap(tr, "forget").layout.title.text == "forget gate f"
    bg = po("bg")
    with figures.translated(i18n.translations("bg").gettext):
        assert figures.heatmap(tr, "forget").layout.title.text == bg["forget gate f"]
    assert figures.heatmap(tr, "forget").layout.title.text == "forget gate f"


def test_spinner_text_is_translated_when_shown(session_language):
    from streamlit.string_util import clean_text  # what Streamlit makes of show_spinner

    said = cache._said("Loading the model…")
    assert isinstance(said, str)  # what the decorators accept as a spinner's text
    session_language("ro")
    assert clean_text(said) == po("ro")["Loading the model…"] != "Loading the model…"
    session_language("en")
    assert clean_text(said) == "Loading the model…"


def test_a_fresh_context_asks_the_fallback_for_its_language(session_language):
    """A Streamlit fragment reruns in a fresh context: the page's set_translator is not seen
    there, and the router's fallback gives the session's language instead."""
    import contextvars

    from rnnviz.figures import words

    fresh = contextvars.Context()  # what a fragment's rerun starts from
    assert fresh.run(words._, "epoch") == "epoch"  # no fallback: English (a notebook)
    session_language("sr")
    figures.set_fallback(lambda: i18n.translations(i18n.current()).gettext)
    try:
        assert contextvars.Context().run(words._, "epoch") == po("sr")["epoch"] != "epoch"
        with figures.translated(None):  # a translator set in the context still wins
            assert words._("epoch") == "epoch"
    finally:
        figures.set_fallback(None)


@pytest.mark.skipif(
    "long_range-rnn" not in rnnviz.list_models(), reason="long_range models not installed"
)
def test_distance_curves_name_the_cells_in_the_language(session_language):
    session_language("en")
    english = cache.distance_curves("long_range")
    session_language("bg")
    bulgarian = cache.distance_curves("long_range")
    assert "plain RNN" in english and "LSTM" in english
    name = po("bg")["plain RNN"]
    assert name in bulgarian and "plain RNN" not in bulgarian
    assert bulgarian[name] == english["plain RNN"]  # the same measured curve
