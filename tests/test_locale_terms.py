"""app/locale/terms.json: the lesson's own words for the app's terms, in every language.

The next step (the interface in the lesson's languages) reads its gate / cell state /
flag ... words from this file, so every language must have every term.
"""

from __future__ import annotations

import json
from pathlib import Path

TERMS = Path(__file__).resolve().parent.parent / "app" / "locale" / "terms.json"
LANGS = {"uk", "sr", "bg", "ro", "lt"}
CORE = {
    "gate",
    "input_gate",
    "forget_gate",
    "output_gate",
    "cell_state",
    "hidden_state",
    "state",
    "flag",
    "unit",
    "step",
    "token",
    "layer",
    "cell",
}
CYRILLIC = {"uk", "sr", "bg"}


def _data() -> dict:
    return json.loads(TERMS.read_text(encoding="utf-8"))


def test_every_language_has_every_term():
    data = _data()
    assert set(data["languages"]) == LANGS
    terms = data["terms"]
    assert set(terms) >= CORE
    for key, entry in terms.items():
        assert entry["en"].strip(), key
        assert set(entry) == LANGS | {"en"}, key
        for lang in LANGS:
            term = entry[lang]["term"]
            assert term.strip() and term == term.strip(), (key, lang)
            quote = entry[lang]["lesson"]
            assert quote is None or quote.strip(), (key, lang)


def test_scripts_and_lesson_excerpts():
    """Cyrillic languages write their terms in Cyrillic (Latin only in names like LSTM / C /
    H), the others in Latin; the excerpts carry no mojibake left from the Ro/Lt copies."""
    for key, entry in _data()["terms"].items():
        for lang in LANGS:
            term = entry[lang]["term"]
            letters = [c for c in term if c.isalpha() and c not in "LSTMCH"]
            cyr = [c for c in letters if "\u0400" <= c <= "\u04ff"]
            if lang in CYRILLIC:
                assert len(cyr) == len(letters), (key, lang, term)
            else:
                assert not cyr, (key, lang, term)
            quote = entry[lang]["lesson"] or ""
            assert not any(bad in quote for bad in ("\ufffd", "Ã", "Ä", "È", "Å")), (key, lang)
