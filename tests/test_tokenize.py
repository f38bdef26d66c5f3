"""Tokenizers and vocabularies: spans, Unicode, unknown tokens."""

from __future__ import annotations

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
