"""``token_columns`` (a corpus's tokens in one pass) against each text's own ``spans``, and
states-only tracing (``trace_rnn(..., gates=False)``) against the full trace and the module."""

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


@pytest.mark.parametrize("kind", ["lstm", "gru", "rnn"])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_states_only_tracing_equals_the_full_trace_and_the_module(kind, bidirectional):
    """``trace_rnn(..., gates=False)`` (what a corpus uses): the same states, no gates."""
    import torch

    from rnnviz.tracing.rnn import trace_rnn

    torch.manual_seed(3)
    make = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[kind]
    rnn = make(5, 7, num_layers=2, bidirectional=bidirectional, batch_first=True)
    x = torch.randn(3, 11, 5)
    full, lean = trace_rnn(rnn, x), trace_rnn(rnn, x, gates=False)
    assert lean.gates == {}
    np.testing.assert_array_equal(lean.hidden, full.hidden)
    if kind == "lstm":
        np.testing.assert_array_equal(lean.cell, full.cell)
    else:
        assert lean.cell is None
    with torch.no_grad():
        out, hn = rnn(x)
    np.testing.assert_allclose(lean.output, out.numpy(), atol=1e-6)
    if kind == "lstm":  # c at the last step (first, backward) against the module's c_n
        cn = hn[1].reshape(2, -1, 3, 7).numpy()
        np.testing.assert_allclose(lean.cell[:, 0, :, -1], cn[:, 0], atol=1e-6)
        if bidirectional:
            np.testing.assert_allclose(lean.cell[:, 1, :, 0], cn[:, 1], atol=1e-6)
