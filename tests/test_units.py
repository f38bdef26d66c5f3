"""The flag finder against ground truth: a brute-force AUC, and hand-set cells whose
flag unit is known by construction."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnviz.analysis.units import auc, best_cuts, find_units, rankdata, unit_ranges
from rnnviz.model import ModelConfig, RNNModel

VOCAB = ["<pad>", "<unk>", "a", "b", "c", "d"]
TEXTS = ["abca", "bbd", "aacd", "dcb", "cab", "a", "bcdb", "dda"]


def brute_auc(s, y) -> float:
    pos = [v for v, t in zip(s, y) if t]
    neg = [v for v, t in zip(s, y) if not t]
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(-3, 3), st.booleans()), min_size=2, max_size=40))
def test_auc_matches_pairwise_count_with_ties(pairs):
    s = [p[0] for p in pairs]
    y = [p[1] for p in pairs]
    if all(y) or not any(y):
        with pytest.raises(ValueError):
            auc(s, y)
        return
    assert auc(s, y) == pytest.approx(brute_auc(s, y), abs=1e-12)


def test_rankdata_mean_ranks_and_columns():
    x = np.array([[3.0, 1.0], [1.0, 1.0], [3.0, 2.0], [2.0, 1.0]])
    assert rankdata(x).tolist() == [[3.5, 2.0], [1.0, 2.0], [3.5, 4.0], [2.0, 2.0]]
    cols = auc(x, [1, 0, 1, 0])
    assert cols.tolist() == [brute_auc(x[:, 0], [1, 0, 1, 0]), brute_auc(x[:, 1], [1, 0, 1, 0])]


def _char_model(cell: str, **kw) -> RNNModel:
    cfg = ModelConfig(
        cell=cell,
        vocab=VOCAB,
        hidden_size=5,
        embed_size=0,
        head="classifier",
        labels=["no", "yes"],
        tokenizer={"kind": "char"},
        **kw,
    )
    return RNNModel(cfg).eval()


def _flag_lstm(sign: float, layers: int = 1, bidirectional: bool = False) -> RNNModel:
    """Every unit's cell state is reset each step (forget gate ≈ 0, input gate ≈ 1); the
    candidate g of unit 3 (top layer, last direction) reads the one-hot 'a' feature, so
    c₃ = tanh(±3) exactly on 'a' and 0 elsewhere. Nothing else carries any signal."""
    m = _char_model("lstm", num_layers=layers, bidirectional=bidirectional)
    H = 5
    with torch.no_grad():
        for name, p in m.rnn.named_parameters():
            p.zero_()
            if name.startswith("bias_ih"):
                p[0:H] = 10.0  # input gate open
                p[H : 2 * H] = -10.0  # forget gate shut
        suffix = f"_l{layers - 1}" + ("_reverse" if bidirectional else "")
        w = getattr(m.rnn, "weight_ih" + suffix)
        if layers == 1:
            w[2 * H + 3, VOCAB.index("a")] = 3.0 * sign
        else:  # layer 0 unit 0 copies 'a' into h; the top layer's unit 3 reads it
            m.rnn.weight_ih_l0[2 * H + 0, VOCAB.index("a")] = 3.0
            m.rnn.bias_ih_l0[3 * H :] = 10.0  # output gate open: h = tanh(c)
            w[2 * H + 3, 0] = 3.0 * sign
    return m


def _is_a(text: str) -> list[int]:
    return [int(ch == "a") for ch in text]


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_lstm_flag_unit_found_with_its_sign(sign):
    m = _flag_lstm(sign)
    ranked = find_units(m, TEXTS, [_is_a(t) for t in TEXTS])
    best = ranked[0]
    assert (best.layer, best.direction, best.unit, best.state) == (0, 0, 3, "cell")
    assert best.auc_best == 1.0 and best.auc == (1.0 if sign > 0 else 0.0)
    assert best.effect == (1 if sign > 0 else -1)
    assert len(ranked) == 5 and all(r.auc == 0.5 for r in ranked[1:])  # constant: all ties


def test_flag_in_second_layer_and_backward_direction():
    m = _flag_lstm(1.0, layers=2, bidirectional=True)
    ranked = find_units(m, TEXTS, [_is_a(t) for t in TEXTS])
    perfect = {(r.layer, r.direction, r.unit) for r in ranked if r.auc == 1.0}
    # the layer-0 unit that copies 'a' upward is a perfect flag too, and nothing else is
    assert perfect == {(0, 0, 0), (1, 1, 3)}
    assert all(r.auc == 0.5 for r in ranked[2:]) and len(ranked) == 2 * 2 * 5


def test_one_label_per_text_reads_the_final_state():
    m = _flag_lstm(1.0)
    labels = [int(t.endswith("a")) for t in TEXTS]
    best = find_units(m, TEXTS, labels)[0]
    assert (best.unit, best.auc) == (3, 1.0)


def test_gru_uses_hidden_state():
    m = _char_model("gru")
    H = 5
    with torch.no_grad():
        for name, p in m.rnn.named_parameters():
            p.zero_()
            if name == "bias_ih_l0":
                p[H : 2 * H] = -10.0  # update gate z ≈ 0: h = n, nothing kept
        m.rnn.weight_ih_l0[2 * H + 3, VOCAB.index("b")] = 2.0
    ranked = find_units(m, TEXTS, [[int(ch == "b") for ch in t] for t in TEXTS])
    assert (ranked[0].unit, ranked[0].auc, ranked[0].state) == (3, 1.0, "hidden")
    with pytest.raises(ValueError, match="no cell state"):
        find_units(m, TEXTS, [_is_a(t) for t in TEXTS], state="cell")


def test_bad_annotations_are_refused():
    m = _flag_lstm(1.0)
    with pytest.raises(ValueError, match="aligned"):
        find_units(m, ["abc"], [[1, 0]])
    with pytest.raises(ValueError, match="always|never"):
        find_units(m, ["abc"], [[0, 0, 0]])
    with pytest.raises(ValueError, match="texts but"):
        find_units(m, ["abc", "a"], [[0, 1, 0]])


# ---- each unit's own lamp ------------------------------------------------------------------


def brute_best_cut(x, y) -> float:
    """The best balanced accuracy of any lamp on column x: every cut, both directions."""
    vals = sorted(set(x))
    cuts = [(a + b) / 2 for a, b in itertools.pairwise(vals)]
    pos, neg = sum(y), len(y) - sum(y)
    best = 0.5 if not cuts else 0.0
    for c in cuts:
        for side in (1, -1):
            on = [side * (v - c) > 0 for v in x]
            tpr = sum(o and t for o, t in zip(on, y)) / pos
            tnr = sum((not o) and (not t) for o, t in zip(on, y)) / neg
            best = max(best, (tpr + tnr) / 2)
    return best


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(-4, 4), st.booleans()), min_size=2, max_size=40))
def test_best_cut_matches_every_cut_tried(pairs):
    x = [float(p[0]) for p in pairs]
    y = [int(p[1]) for p in pairs]
    if all(y) or not any(y):
        with pytest.raises(ValueError):
            best_cuts(np.array(x)[:, None], y)
        return
    cut, effect, balanced = best_cuts(np.array(x)[:, None], y)
    assert balanced[0] == pytest.approx(brute_best_cut(x, y), abs=1e-12)
    on = effect[0] * (np.array(x) - cut[0]) > 0
    y_ = np.array(y, bool)
    measured = (on[y_].mean() + (~on[~y_]).mean()) / 2  # the returned cut really scores that
    if len(set(x)) > 1:
        assert measured == pytest.approx(balanced[0], abs=1e-12)
        assert cut[0] not in x  # halfway between two sample values


def test_best_cut_separates_a_perfect_column_and_reads_its_sign():
    x = np.array([[-3.0, 1.0], [-2.5, 2.0], [-0.5, 3.0], [0.2, 4.0]])
    cut, effect, balanced = best_cuts(x, [1, 1, 0, 0])
    assert cut[0] == pytest.approx(-1.5) and effect[0] == -1 and balanced[0] == 1.0
    assert cut[1] == pytest.approx(2.5) and effect[1] == -1 and balanced[1] == 1.0


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_unit_ranges_light_the_flag_unit_exactly_where_the_property_holds(sign):
    m = _flag_lstm(sign)
    notes = [_is_a(t) for t in TEXTS]
    r = unit_ranges(m, TEXTS, notes, property="is_a")
    best = r.ranked(0, 0)[0]
    assert (best["unit"], best["balanced"], best["flag"]) == (3, 1.0, True)
    assert [x["flag"] for x in r.ranked()[1:]] == [False] * 4  # constant units: no flag
    lamp = r.lamps(0, 0)
    flag = np.tanh(3.0) * sign  # c of unit 3 on "a" (gates at σ(±10): within 1e-4); 0 else
    assert lamp["low"][3] == pytest.approx(min(0, flag), abs=1e-3)
    assert lamp["high"][3] == pytest.approx(max(0, flag), abs=1e-3)
    side = "on_above" if sign > 0 else "on_below"
    assert lamp[side][3] == pytest.approx(flag / 2, abs=1e-3)  # halfway from 0 to tanh(3)
    assert lamp["on_below" if sign > 0 else "on_above"][3] is None
    assert r.samples == sum(len(t) for t in TEXTS)


def test_unit_ranges_without_a_property_use_each_units_usual_range():
    m = _flag_lstm(1.0)
    r = unit_ranges(m, TEXTS)
    values = np.array([np.tanh(3.0) if ch == "a" else 0.0 for t in TEXTS for ch in t])
    lamp = r.lamps(0, 0, digits=8)
    assert lamp["on_above"][3] == pytest.approx(values.mean() + 1.5 * values.std(), abs=1e-3)
    assert lamp["on_below"][3] == pytest.approx(values.mean() - 1.5 * values.std(), abs=1e-3)
    assert r.ranked() == [] and lamp["balanced"][3] is None
