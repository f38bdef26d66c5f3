"""Tokenizers and vocabularies: spans, Unicode, unknown tokens."""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnnviz.tokenize import UNK, CharTokenizer, Vocab, WordTokenizer, tokenizer_from_config


def test_words_punctuation_and_contractions():
    assert WordTokenizer().tokenize("The film wasn't GOOD, but (Alice's) fine!") == [
        "the",
        "film",
        "wasn't",
        "good",
        ",",
        "but",
        "(",
        "alice's",
        ")",
        "fine",
        "!",
    ]
    assert WordTokenizer().tokenize("didn\u2019t") == ["didn't"]


def test_spans_point_into_the_text():
    text = "Привет, мир 🙂 ça va"
    for tok in WordTokenizer().spans(text):
        assert text[tok.start : tok.end].lower().replace("\u2019", "'") == tok.text
    assert CharTokenizer().tokenize("a(b)") == ["a", "(", "b", ")"]


@given(st.text())
def test_any_unicode_tokenizes(text):
    for tok in (WordTokenizer(), CharTokenizer()):
        spans = tok.spans(text)
        assert all(0 <= s.start < s.end for s in spans)
        assert all(s.text.strip() for s in spans) or isinstance(tok, CharTokenizer)


# letters, combining marks, Hangul jamo (which compose), controls, punctuation, emoji
TRICKY = st.text(
    st.sampled_from(
        [*"aeoé ,.'’-","\u0301", "\u0308", "\u0344", "\u0327", "\u1100", "\u1161",
        "\u11a8", "\x00", "\x07", "\u200b", "\n", "ı", "İ", "🙂", "\U0001d165", "ß", "Ж"]
    ),
    max_size=40,
)  # fmt: skip


@given(st.one_of(st.text(), TRICKY))
def test_spans_index_the_text_as_typed(text):
    """Each token is what the user typed at its span, normalised: the app draws chips there."""
    nfc = lambda s: unicodedata.normalize("NFC", s)  # noqa: E731
    words = WordTokenizer(lowercase=False).spans(text)
    for a, b in itertools.pairwise(words):
        assert a.end <= b.start
    for tok in words:
        assert nfc(text[tok.start : tok.end]).replace("\u2019", "'") == tok.text
    by_span: dict = {}
    for tok in CharTokenizer().spans(text):
        by_span.setdefault((tok.start, tok.end), []).append(tok.text)
    for (start, end), chars in by_span.items():
        typed = "".join(" " if unicodedata.category(c) in ("Cc", "Cf") and not c.isspace()
                        else c for c in nfc(text[start:end]))  # fmt: skip
        assert typed == "".join(chars)


def test_combining_accent_keeps_the_spans_of_what_was_typed():
    text = "cafe\u0301 is good"  # e + combining acute: 5 characters for "café"
    spans = WordTokenizer().spans(text)
    assert [(t.text, t.start, t.end) for t in spans] == [
        ("café", 0, 5), ("is", 6, 8), ("good", 9, 13)
    ]  # fmt: skip


def test_control_characters_never_enter_tokens():
    assert WordTokenizer().tokenize("a\x00b\u200bc") == ["a", "b", "c"]


def test_vocab_unknowns_and_roundtrip():
    v = Vocab.build([["a", "b", "a"], ["c"]])
    assert v.tokens[:2] == ["<pad>", UNK] and v.tokens[2] == "a"
    ids, unknown = v.encode(["a", "zzz", "c"])
    assert unknown == [False, True, False] and v.decode(ids) == ["a", UNK, "c"]
    with pytest.raises(ValueError, match="no '<unk>'"):
        Vocab(["a", "b"]).encode(["q"])
    with pytest.raises(ValueError, match="duplicate"):
        Vocab(["a", "a"])


def test_tokenizer_config_roundtrip():
    for tok in (WordTokenizer(), CharTokenizer()):
        assert type(tokenizer_from_config(tok.to_config())) is type(tok)
    with pytest.raises(ValueError, match="unknown tokenizer"):
        tokenizer_from_config({"kind": "bpe"})
