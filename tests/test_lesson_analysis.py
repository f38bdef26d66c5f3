"""Gradients, minimal pairs, word order and generation, against ground truth.

Gradients: central finite differences of the model's own forward in float64.
Minimal pairs: the difference of two independent traces. Generation: the seed and
the model's own next-token distribution.
"""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
import torch

import rnnviz
from rnnviz import ModelConfig, RNNModel
from rnnviz.analysis.compare import align, minimal_pair, word_order
from rnnviz.analysis.generation import generate
from rnnviz.analysis.gradients import gradients, saturation

VOCAB = ["<pad>", "<unk>", "alice", "and", "tom", "went", "home", "not", "good", "the"]


def _model(cell, **kw):
    torch.manual_seed(1)
    cfg = dict(cell=cell, vocab=VOCAB, labels=["neg", "pos"], hidden_size=5, embed_size=4)
    cfg.update(kw)
    return RNNModel(ModelConfig(**cfg)).double().eval()


@torch.no_grad()
def _finite_difference_input_grad(model, ids, k, eps=1e-6):
    """||∂ logit_k / ∂ x_t|| by central differences on the model's own forward."""
    x0 = model.inputs(ids).detach()
    cfg = model.config

    def f(x):
        if model.rnn is None:
            feats = x.mean(1)
        else:
            out, h = model.rnn(x)
            if cfg.readout == "mean":
                feats = out.mean(1)
            else:
                h_n = h[0] if isinstance(h, tuple) else h
                D = 2 if cfg.bidirectional else 1
                feats = torch.cat(list(h_n[-D:]), -1)
        return model.fc(feats)[0, k]

    g = torch.zeros_like(x0)
    for t, e in itertools.product(range(x0.shape[1]), range(x0.shape[2])):
        d = torch.zeros_like(x0)
        d[0, t, e] = eps
        g[0, t, e] = (f(x0 + d) - f(x0 - d)) / (2 * eps)
    return g[0].norm(dim=-1).numpy()


@pytest.mark.parametrize(
    "cell,bidirectional,readout,layers",
    [
        ("rnn", False, "last", 1),
        ("lstm", False, "last", 2),
        ("gru", True, "last", 1),
        ("lstm", True, "mean", 1),
        ("rnn", False, "mean", 2),
        ("bag", False, "last", 1),
    ],
)
def test_input_gradients_equal_finite_differences(cell, bidirectional, readout, layers):
    m = _model(cell, bidirectional=bidirectional, readout=readout, num_layers=layers)
    text = "alice and tom went home not good"
    g = gradients(m, text)
    ids = torch.tensor([rnnviz.trace(m, text).ids])
    k = ["neg", "pos"].index(g.target)
    np.testing.assert_allclose(
        g.wrt_input, _finite_difference_input_grad(m, ids, k), rtol=1e-5, atol=1e-9
    )


def test_hidden_gradient_of_a_plain_rnn_vanishes_with_distance():
    """A contracting plain RNN (small recurrent weights): the gradient shrinks geometrically."""
    m = _model("rnn")
    with torch.no_grad():
        m.rnn.weight_hh_l0.mul_(0.3)
    g = gradients(m, " ".join(["the"] * 20))
    assert np.all(np.diff(g.wrt_hidden) > 0)  # later states matter more
    assert g.wrt_hidden[0] < 1e-6 * g.wrt_hidden[-1]


def test_saturation_shares():
    tr = rnnviz.trace(_model("lstm").float(), "alice went home")
    sat = saturation([tr])
    assert set(sat) == {"input", "forget", "output"}
    f = tr.gates["forget"]
    assert sat["forget"]["above"] == pytest.approx(float((f > 0.9).mean()))


def test_minimal_pair_differences_are_differences_of_traces():
    m = _model("lstm").float()
    a, b = rnnviz.trace(m, "alice went home"), rnnviz.trace(m, "alice and tom went home")
    d = minimal_pair(a, b)
    assert d.pairs == [(0, 0), (1, 3), (2, 4)]
    for k, (i, j) in enumerate(d.pairs):
        np.testing.assert_array_equal(d.diff[k], b.cell[0, 0, j] - a.cell[0, 0, i])
    np.testing.assert_allclose(d.diff[0], 0, atol=1e-6)  # same first word, same state
    peaks = [p for _, p in d.top_units(5)]
    assert peaks == sorted(peaks, reverse=True)


def test_align_keeps_order():
    assert align(list("abcd"), list("axbd")) == [(0, 0), (1, 2), (3, 3)]


def test_bag_is_order_blind_and_rnn_is_not():
    bag, lstm = _model("bag").float(), _model("lstm").float()
    words = ["the", "film", "alice", "not", "good", "home"]
    rng = random.Random(0)
    for _ in range(10):
        perm = words[:]
        rng.shuffle(perm)
        a = rnnviz.trace(bag, " ".join(words))
        b = rnnviz.trace(bag, " ".join(perm))
        np.testing.assert_allclose(a.probs[-1], b.probs[-1], atol=1e-6)
    o = word_order(rnnviz.trace(lstm, "alice went home"), rnnviz.trace(lstm, "home went alice"))
    assert o.first_difference == 0 and o.distance[0] > 0 and o.prediction_gap > 0
    with pytest.raises(ValueError, match="same words"):
        word_order(rnnviz.trace(lstm, "alice"), rnnviz.trace(lstm, "tom"))


def test_generation_is_seeded_and_traced_exactly():
    torch.manual_seed(0)
    chars = ["<pad>", "<unk>", *"ab .()"]
    lm = RNNModel(
        ModelConfig(
            cell="gru",
            vocab=chars,
            embed_size=0,
            head="lm",
            hidden_size=8,
            tokenizer={"kind": "char"},
        )
    ).eval()
    g1 = generate(lm, "ab", n=30, temperature=1.0, seed=7)
    g2 = generate(lm, "ab", n=30, temperature=1.0, seed=7)
    assert g1.text == g2.text and g1.text.startswith("ab") and len(g1.new_tokens) == 30
    assert generate(lm, "ab", n=30, temperature=1.0, seed=8).text != g1.text
    assert not {"<pad>", "<unk>"} & set(g1.new_tokens)
    # at temperature 1 the chosen token's probability is the trace's next-token probability
    tr = g1.trace
    for s, tok in enumerate(g1.new_tokens):
        t = g1.prompt_length - 1 + s
        p = tr.probs[t, chars.index(tok)] / (1 - tr.probs[t, :2].sum())
        assert g1.chosen_prob[s] == pytest.approx(p, rel=1e-5)
    with pytest.raises(rnnviz.TraceInputError, match="temperature"):
        generate(lm, "ab", temperature=0)
