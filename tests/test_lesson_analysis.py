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
from rnnviz.analysis.compare import align, edit_alignment, minimal_pair, word_order
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
    # "and tom" get columns of their own; there the first text is still after "alice"
    assert d.columns == [(0, 0), (None, 1), (None, 2), (1, 3), (2, 4)]
    assert d.pairs == [(0, 0), (0, 1), (0, 2), (1, 3), (2, 4)]
    assert [d.label(k)[0] for k in range(5)] == ["alice", "+and", "+tom", "went", "home"]
    assert d.first_divergence == 1
    for k, (i, j) in enumerate(d.pairs):
        np.testing.assert_array_equal(d.diff[k], b.cell[0, 0, j] - a.cell[0, 0, i])
    np.testing.assert_allclose(d.diff[0], 0, atol=1e-6)  # same first word, same state
    peaks = [p for _, p in d.top_units(5)]
    assert peaks == sorted(peaks, reverse=True)


def _levenshtein(a, b) -> int:
    """Edit distance by its textbook recursion (memoised), independent of edit_alignment."""
    from functools import cache

    @cache
    def d(i, j):
        if i == 0 or j == 0:
            return i + j
        return min(d(i - 1, j) + 1, d(i, j - 1) + 1, d(i - 1, j - 1) + (a[i - 1] != b[j - 1]))

    return d(len(a), len(b))


@pytest.mark.parametrize("seed", range(40))
def test_edit_alignment_is_a_cheapest_alignment(seed):
    rng = random.Random(seed)
    a = [rng.choice("abc") for _ in range(rng.randint(0, 7))]
    b = [rng.choice("abc") for _ in range(rng.randint(0, 7))]
    cols = edit_alignment(a, b)
    # every token of each text once, in reading order
    assert [i for i, _ in cols if i is not None] == list(range(len(a)))
    assert [j for _, j in cols if j is not None] == list(range(len(b)))
    edits = sum(i is None or j is None or a[i] != b[j] for i, j in cols)
    assert edits == _levenshtein(a, b)


def test_a_minimal_pair_shows_the_inserted_word():
    assert edit_alignment(
        ["the", "film", "was", "good"], ["the", "film", "was", "not", "good"]
    ) == [
        (0, 0),
        (1, 1),
        (2, 2),
        (None, 3),
        (3, 4),
    ]
    # the same words in another order: replacements, not a delete and an insert each
    assert edit_alignment(["good", "not", "bad"], ["bad", "not", "good"]) == [
        (0, 0),
        (1, 1),
        (2, 2),
    ]


def test_the_plural_flag_parts_at_and_tom():
    """The lesson's pair on the shipped agreement LSTM: the unit whose lamp best shows
    "plural subject" is among the most changed units, and parts at the inserted «tom»."""
    from rnnviz import tasks
    from rnnviz.analysis import unit_ranges

    m = rnnviz.load("agreement-lstm")
    sample = tasks.generate("agreement", 160, seed=12345)
    notes = [ex.annotations["plural_subject"] for ex in sample]
    flag = unit_ranges(m, [ex.text for ex in sample], notes, "plural_subject").ranked()[0]
    d = minimal_pair(rnnviz.trace(m, "alice went home"), rnnviz.trace(m, "alice and tom went home"))
    assert flag["unit"] in [u for u, _ in d.top_units(3)]
    lamp = unit_ranges(m, [ex.text for ex in sample], notes, "plural_subject").lamps(0, 0)
    cut = lamp["on_above"][flag["unit"]]
    c_a = rnnviz.trace(m, "alice went home").cell[0, 0, :, flag["unit"]]
    c_b = rnnviz.trace(m, "alice and tom went home").cell[0, 0, :, flag["unit"]]
    assert (c_a < cut).all() and (c_b[2:] > cut).all()  # off in the first; on from «tom»


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
