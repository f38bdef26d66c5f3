"""``token_columns`` (a corpus's tokens in one pass) against each text's own ``spans``."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.tokenize import (
    BasicEnglishTokenizer,
    CharTokenizer,
    TreebankTokenizer,
    WhitespaceTokenizer,
    WordTokenizer,
    token_columns,
)

PLAIN = [
    "the film was not good",
    "",
    "Don't stop — it's GREAT!!",
    "   leading and trailing   ",
    "two\nlines in one text, with\ttabs",
    "ΟΔΟΣ ΣΟΦΟΣ İstanbul straße Ǆ",  # context-dependent and length-changing lower case
    "curly \u2019quotes\u2019 and o\u2019clock",
    '<b>x</b> "quotes" & emoji 🙂 [link](http://x)',
]
ODD = ["e\u0301 combining mark", "a control\x07char", "decomposed cafe\u0301 and café"]


@pytest.mark.parametrize(
    "tok",
    [
        WordTokenizer(),
        WordTokenizer(lowercase=False),
        CharTokenizer(),
        BasicEnglishTokenizer(),
        WhitespaceTokenizer(),
        TreebankTokenizer(),
    ],
    ids=lambda t: f"{t.kind}{'' if getattr(t, 'lowercase', True) else '-cased'}",
)
@pytest.mark.parametrize("texts", [PLAIN, PLAIN + ODD, ["only one"]], ids=["plain", "odd", "one"])
def test_token_columns_equal_every_texts_own_spans(tok, texts):
    words, start, end, lengths = token_columns(tok, texts)
    spans = [tok.spans(t) for t in texts]
    assert lengths.tolist() == [len(s) for s in spans]
    flat = [t for s in spans for t in s]
    assert words == [t.text for t in flat]
    assert start.tolist() == [t.start for t in flat]
    assert end.tolist() == [t.end for t in flat]
    assert start.dtype == end.dtype == lengths.dtype == np.int64


def test_the_ascii_control_class_is_every_control_that_is_not_white_space():
    import unicodedata

    from rnnviz.tokenize import _ASCII_CONTROL

    for i in range(128):
        ch = chr(i)
        control = unicodedata.category(ch) == "Cc" and not ch.isspace()
        assert bool(_ASCII_CONTROL.fullmatch(ch)) == control, repr(ch)
