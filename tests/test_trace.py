"""rnnviz.tracing.text on whole models: ours and ones built like the lesson's notebook.

Ground truth: the model's own forward on every prefix (classifiers) or on the whole
text (language models), and trace_rnn on the embedded text.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

import rnnviz
from rnnviz import ModelConfig, RNNModel, TraceInputError

VOCAB = ["<pad>", "<unk>", "the", "film", "was", "not", "good", "bad", ",", "very"]


def _model(cell="lstm", **kw) -> RNNModel:
    torch.manual_seed(0)
    cfg = dict(cell=cell, vocab=VOCAB, hidden_size=8, embed_size=6, labels=["neg", "pos"])
    cfg.update(kw)
    return RNNModel(ModelConfig(**cfg)).eval()


def _softmax(logits):
    return torch.softmax(logits.double(), -1).detach().numpy()


@pytest.mark.parametrize(
    "cell,bidirectional",
    [
        ("lstm", False),
        ("lstm", True),
        ("gru", False),
        ("gru", True),
        ("rnn", False),
        ("rnn", True),
        ("bag", False),
    ],
)
@pytest.mark.parametrize("readout", ["last", "mean"])
def test_classifier_prefix_probs_equal_forward_on_each_prefix(cell, bidirectional, readout):
    m = _model(
        cell, bidirectional=bidirectional, readout=readout, num_layers=1 if cell == "bag" else 2
    )
    tr = rnnviz.trace(m, "The film was not good , very good")
    ids = torch.tensor([tr.ids])
    for t in range(len(tr)):
        np.testing.assert_allclose(tr.probs[t], _softmax(m(ids[:, : t + 1]))[0], atol=1e-6)
    assert tr.prediction == ["neg", "pos"][int(m(ids).argmax())]


def test_states_equal_trace_rnn_on_the_embedding():
    m = _model("gru", num_layers=2, bidirectional=True)
    tr = rnnviz.trace(m, "the film was good")
    emb = m.embedding(torch.tensor([tr.ids]))
    ref = rnnviz.trace_rnn(m.rnn, emb)
    np.testing.assert_array_equal(tr.hidden, ref.hidden[:, :, 0])
    np.testing.assert_allclose(tr.inputs, emb[0].detach().numpy())
    assert tr.hidden.shape == (2, 2, 4, 8)


def test_language_model_next_token_probs():
    chars = list("ab() .")
    m = RNNModel(
        ModelConfig(
            cell="lstm",
            vocab=chars,
            embed_size=0,
            hidden_size=5,
            head="lm",
            tokenizer={"kind": "char"},
        )
    ).eval()
    tr = rnnviz.trace(m, "ab (a)")
    assert tr.tokens == list("ab (a)")
    assert tr.outputs == chars
    np.testing.assert_allclose(tr.probs, _softmax(m(torch.tensor([tr.ids])))[0], atol=1e-6)
    np.testing.assert_allclose(tr.inputs.sum(1), 1.0)  # one-hot characters enter
    assert len(tr.top(0, 3)) == 3


def test_unknown_tokens_are_marked():
    tr = rnnviz.trace(_model(), "the movie was good")
    assert tr.tokens == ["the", "movie", "was", "good"]
    assert tr.unknown == [False, True, False, False]


def test_any_unicode_text_traces():
    tr = rnnviz.trace(_model(), "Фильм был хорош 🙂 — café\u0301 \u202e<b>x</b>\x00\x07")
    assert len(tr) > 0 and all(tr.unknown)


def test_empty_text_is_a_clear_error():
    with pytest.raises(TraceInputError, match="no tokens"):
        rnnviz.trace(_model(), "   \n ")
    with pytest.raises(TraceInputError, match="string"):
        rnnviz.trace(_model(), None)


# ---- the lesson notebook's own models, loaded as they are -----------------------------------


class NotebookRNNClassifier(nn.Module):
    """As the notebook builds it: the plain RNN averages the outputs of all steps."""

    def __init__(self, vocab_size, embed_dim=64, hidden_dim=32, num_class=4):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.rnn = nn.RNN(embed_dim, hidden_dim, batch_first=True)
        self.fc = nn.Linear(hidden_dim, num_class)

    def forward(self, x):
        x, _ = self.rnn(self.embedding(x))
        return self.fc(x.mean(dim=1))


class NotebookLSTMClassifier(nn.Module):
    def __init__(self, vocab_size, embed_dim=64, hidden_dim=32, num_class=4):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.rnn = nn.LSTM(embed_dim, hidden_dim, batch_first=True)
        self.fc = nn.Linear(hidden_dim, num_class)

    def forward(self, x):
        _, (h, _) = self.rnn(self.embedding(x))
        return self.fc(h[-1])


class NotebookPackedLSTM(NotebookLSTMClassifier):
    def forward(self, x, lengths):
        packed = nn.utils.rnn.pack_padded_sequence(
            self.embedding(x), lengths, batch_first=True, enforce_sorted=False
        )
        _, (h, _) = self.rnn(packed)
        return self.fc(h[-1])


class NotebookGenerator(nn.Module):
    """No embedding: one-hot characters into nn.LSTM(V, 64), logits at every step."""

    def __init__(self, vocab_size, hidden_dim=64):
        super().__init__()
        self.rnn = nn.LSTM(vocab_size, hidden_dim, batch_first=True)
        self.fc = nn.Linear(hidden_dim, vocab_size)

    def forward(self, x, s=None):
        x, s = self.rnn(x, s)
        return self.fc(x), s


@pytest.mark.parametrize("cls", [NotebookRNNClassifier, NotebookLSTMClassifier, NotebookPackedLSTM])
def test_notebook_classifiers_trace_without_conversion(cls):
    torch.manual_seed(0)
    m = cls(len(VOCAB)).eval()
    tr = rnnviz.trace(m, "the film was not good", vocab=VOCAB)
    assert tr.head == "classifier" and tr.probs.shape == (5, 4)
    ids = torch.tensor([tr.ids])
    args = (torch.tensor([5]),) if cls is NotebookPackedLSTM else ()
    np.testing.assert_allclose(tr.probs[-1], _softmax(m(ids, *args))[0], atol=1e-6)
    emb = m.embedding(ids)
    out, _ = m.rnn(emb)
    np.testing.assert_allclose(tr.hidden[-1, 0], out[0].detach().numpy(), atol=1e-6)


def test_notebook_generator_with_one_hot_input():
    chars = ["<unk>", "<pad>", *"abc ."]
    torch.manual_seed(0)
    m = NotebookGenerator(len(chars)).eval()
    tr = rnnviz.trace(m, "abc. a", vocab=chars, tokenizer="char")
    assert tr.head == "lm" and tr.kind == "lstm"
    x = nn.functional.one_hot(torch.tensor([tr.ids]), len(chars)).float()
    logits, _ = m(x)
    np.testing.assert_allclose(tr.probs, _softmax(logits)[0], atol=1e-6)


def test_user_module_needs_vocab_and_rnn_fc():
    with pytest.raises(TraceInputError, match="vocabulary"):
        rnnviz.trace(NotebookLSTMClassifier(10), "the film")
    with pytest.raises(TraceInputError, match="'rnn' and 'fc'"):
        rnnviz.trace(nn.Linear(2, 2), "the film", vocab=VOCAB)
