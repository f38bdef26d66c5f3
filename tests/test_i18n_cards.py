"""The shipped models' card texts (description, accuracy measure) in the session's language.

The expected words come from each language's catalog as Babel reads it, never copied here; the
card texts themselves are read from ``assets/*/card.json``. ``meta`` comes from a cache shared
by every session, so the same cached meta must read differently per language.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import cache
import card_text
import glossary
import i18n
import pytest
import ui
from babel.messages.pofile import read_po
from views import explorer

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("uk", "sr", "bg", "ro", "lt")
CARDS = {p.parent.name: json.loads(p.read_text("utf-8")) for p in ROOT.glob("assets/*/card.json")}


def po(lang: str) -> dict[str, str]:
    with i18n.catalog_path(lang).open("rb") as f:
        cat = read_po(f, locale=lang)
    return {m.id: m.string for m in cat if m.id and isinstance(m.id, str)}


@pytest.fixture
def session_language(monkeypatch):
    """Pretend to be a session reading ``lang`` (what the router's i18n.current() gives)."""

    def use(lang: str) -> None:
        monkeypatch.setattr(i18n, "current", lambda: lang)

    return use


@pytest.mark.parametrize("lang", LANGS)
def test_the_explorer_caption_carries_the_translated_card(lang, session_language):
    words = po(lang)
    for name in (f"agreement_{lang}-lstm", "agreement-gru", "brackets-rnn", "alice-lstm"):
        card = CARDS[name]
        session_language("en")
        meta = cache.meta(name)
        english = explorer.model_about(meta)
        session_language(lang)
        shown = explorer.model_about(cache.meta(name))  # the same cached meta
        want = words[card["description"]]
        assert want and want != card["description"], name
        assert ui.md_escape(want) in shown, (name, shown)
        assert ui.md_escape(card["description"]) in english
        assert card["description"] not in shown
        detail = card_text.metric_detail(card["accuracy_metric"])
        if detail and words[detail] != detail:
            assert ui.md_escape(words[detail]) in shown, (name, shown)
            assert ui.md_escape(detail) not in shown


def test_every_shipped_measure_is_put_in_words(session_language):
    """All accuracy measures on the shipped cards read as plain words in every language."""
    metrics = {c["accuracy_metric"] for c in CARDS.values() if c.get("accuracy_metric")}
    assert len(metrics) >= 8
    for lang in ("en", *LANGS):
        session_language(lang)
        for metric in metrics:
            said = glossary.plain_metric(metric)
            assert said and said != metric, (lang, metric)
            assert "p(correct)" not in said and "split seed" not in said
    for lang in LANGS:
        session_language("en")
        english = {m: glossary.plain_metric(m) for m in metrics}
        session_language(lang)
        assert all(glossary.plain_metric(m) != english[m] for m in metrics), lang


@pytest.mark.parametrize("lang", ("en", *LANGS))
def test_a_users_own_description_passes_through(lang, session_language):
    session_language(lang)
    meta = dataclasses.replace(
        cache.meta("agreement-lstm"),
        description="My own model of cat names",
        accuracy=0.5,
        accuracy_metric="my own measure",
    )
    shown = explorer.model_about(meta)
    assert shown.startswith("My own model of cat names ")
    assert "my own measure" in shown  # an unknown measure: as the card says it
