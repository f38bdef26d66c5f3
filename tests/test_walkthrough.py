"""The one-step walk holds the trace's own numbers, and its terms add up to them.

Ground truth is the trace (itself held against torch.nn.LSTM/GRU/RNN): every gate
activation and state in the walk must be the trace's value, and the sum of ALL of a gate's
row-product terms plus its bias must be its pre-activation, to 1e-5.
"""

import json

import numpy as np
import pytest
from test_payload import make
from walkthrough import TOP, step_walk

from rnnviz.tracing import layer_input

CASES = [
    ("lstm", 1, False),
    ("gru", 1, False),
    ("rnn", 1, False),
    ("lstm", 2, True),
    ("gru", 2, True),
    ("rnn", 2, True),
]
ATOL = 1e-5


def _ops(walk: dict) -> dict:
    return {op["id"]: op for op in walk["ops"]}


def _check(m, tr, t, layer, d, u):
    walk = step_walk(m, tr, t, layer=layer, direction=d, unit=u)
    json.dumps(walk, allow_nan=False)  # JSON-ready, no NaN
    ops = _ops(walk)
    H = tr.hidden.shape[-1]
    back = d == 1
    prev_t = t + 1 if back else t - 1
    inside = 0 <= prev_t < len(tr)
    h_prev = tr.hidden[layer, d, prev_t] if inside else np.zeros(H)
    x = layer_input(tr, layer)[t]
    # the input and the state carried in
    first = ops["embed"] if layer == 0 else ops["read"]
    np.testing.assert_allclose(first["x"]["values"], x, atol=ATOL)
    np.testing.assert_allclose(ops["prev"]["h_prev"]["values"], h_prev, atol=ATOL)
    gates = [op for op in walk["ops"] if op["kind"] == "gate"]
    for op in gates:
        want = (
            tr.hidden[layer, d, t, u]
            if op["gate"] == "rnn"
            else tr.gates[op["gate"]][layer, d, t, u]
        )
        assert op["act"] == pytest.approx(want, abs=ATOL)
        # every term, plus the bias, is the pre-activation
        total = sum(op["input"]["products"]) + sum(op["hidden"]["products"]) + op["bias"]
        assert total == pytest.approx(op["pre"], abs=ATOL)
        assert op["input"]["total"] + op["hidden"]["total"] + op["bias"] == pytest.approx(
            op["pre"], abs=ATOL
        )
        # the top contributors plus the rest are the whole row product
        for side in ("input", "hidden"):
            s = op[side]
            assert len(s["top"]) == min(TOP, len(s["products"]))
            top = sum(c["product"] for c in s["top"])
            assert top + s["rest"] == pytest.approx(s["total"], abs=ATOL)
            mags = [abs(c["product"]) for c in s["top"]]
            assert mags == sorted(mags, reverse=True)
            rest = sorted(np.abs(s["products"]))[: -len(mags)]
            assert all(p <= mags[-1] + 1e-12 for p in rest)
            for c in s["top"]:
                assert c["weight"] * c["value"] * s["scale"] == pytest.approx(c["product"])
        # the x-side terms use the real input: products = row of W_ih ⊙ x
        np.testing.assert_allclose(
            op["input"]["products"], np.array(op["input"]["weights"]) * x, atol=ATOL
        )
        np.testing.assert_allclose(
            op["hidden"]["products"],
            op["hidden"]["scale"] * np.array(op["hidden"]["weights"]) * h_prev,
            atol=ATOL,
        )
    # elementwise updates
    h = ops["hidden"]["values"]["h"]
    assert h == pytest.approx(tr.hidden[layer, d, t, u], abs=ATOL)
    v = ops["hidden"]["values"]
    if tr.kind == "lstm":
        cv = ops["cell"]["values"]
        c_prev = tr.cell[layer, d, prev_t, u] if inside else 0.0
        assert cv["c"] == pytest.approx(tr.cell[layer, d, t, u], abs=ATOL)
        assert cv["c_prev"] == pytest.approx(c_prev, abs=ATOL)
        assert cv["kept"] + cv["written"] == pytest.approx(cv["c"], abs=ATOL)
        assert v["o"] * np.tanh(v["c"]) == pytest.approx(h, abs=ATOL)
    elif tr.kind == "gru":
        assert v["kept"] + v["taken"] == pytest.approx(h, abs=ATOL)
        assert v["h_prev"] == pytest.approx(h_prev[u], abs=ATOL)
        assert ops["candidate"]["reset"] == pytest.approx(ops["reset"]["act"], abs=ATOL)
    else:
        assert np.tanh(v["pre"]) == pytest.approx(h, abs=ATOL)
    # the whole layer at this step
    lv = walk["layer_view"]
    np.testing.assert_allclose(lv["states"]["h"], tr.hidden[layer, d, t], atol=ATOL)
    for g, vals in lv["gates"].items():
        np.testing.assert_allclose(vals, tr.gates[g][layer, d, t], atol=ATOL)
    return walk


@pytest.mark.parametrize("cell,layers,bi", CASES)
def test_numbers_match_the_trace(cell, layers, bi):
    m, tr = make(cell, layers, bi)
    T = len(tr)
    for layer in range(layers):
        for d in range(tr.num_directions):
            for t in (0, 3, T - 1):  # both ends: a zero previous state in one direction
                _check(m, tr, t, layer, d, u=(t + layer + d) % 6)


def test_lstm_walk_reads_like_the_lesson():
    m, tr = make("lstm")
    walk = step_walk(m, tr, 3, unit=2)
    ids = [op["id"] for op in walk["ops"]]
    want = ["embed", "prev", "input", "forget", "candidate", "output", "cell", "hidden", "layer"]
    assert ids == want
    op0 = walk["ops"][0]
    assert op0["title"] == "1. Look up the embedding of «not»"
    assert op0["formula"] == f"xₜ = embedding[{tr.ids[3]}]"
    assert [(s["name"], s["rows"], s["cols"]) for s in op0["shapes"]] == [
        ("embedding", 9, 5),
        ("xₜ", 5, 1),
    ]
    gate = _ops(walk)["forget"]
    assert gate["formula"] == "f = σ(W_if·xₜ + b_if + W_hf·hₜ₋₁ + b_hf)"
    w_ih = gate["shapes"][0]
    assert (w_ih["rows"], w_ih["cols"], w_ih["block"], w_ih["row"]) == (24, 5, [6, 12], 8)
    assert walk["shapes"] == {"W_ih": [24, 5], "W_hh": [24, 6]}
    assert all(op["title"] and op["text"] and op["formula"] for op in walk["ops"])


def test_gru_update_gate_is_labelled_keep_and_backward_reads_t_plus_1():
    m, tr = make("gru", 1, True)
    walk = step_walk(m, tr, 2, direction=1, unit=1)
    ops = _ops(walk)
    assert "keep old state" in ops["update"]["title"]
    assert ops["hidden"]["formula"] == "hₜ = (1 − z) ⊙ n + z ⊙ hₜ₊₁"
    assert ops["candidate"]["formula"] == "n = tanh(W_in·xₜ + b_in + r ⊙ (W_hn·hₜ₊₁ + b_hn))"


def test_rnn_walk_has_the_shapes_of_w_and_h():
    m, tr = make("rnn")
    walk = step_walk(m, tr, 1, unit=0)
    pre = _ops(walk)["rnn"]
    assert [(s["name"], s["rows"], s["cols"]) for s in pre["shapes"]] == [
        ("W_ih", 6, 5),
        ("xₜ", 5, 1),
        ("W_hh", 6, 6),
        ("hₜ₋₁", 6, 1),
    ]
    assert "emb×hid" in pre["text"]  # the lesson's layout, named


def test_bag_walk_is_short_and_exact():
    m, tr = make("bag")
    walk = step_walk(m, tr, 3)
    json.dumps(walk, allow_nan=False)
    assert [op["id"] for op in walk["ops"]] == ["embed", "mean"]
    mean = walk["ops"][1]
    np.testing.assert_allclose(mean["s"]["values"], tr.hidden[0, 0, 3], atol=ATOL)
    mixed = mean["weights"]["old"] * np.array(mean["s_prev"]["values"]) + mean["weights"][
        "new"
    ] * np.array(walk["ops"][0]["x"]["values"])
    np.testing.assert_allclose(mixed, tr.hidden[0, 0, 3], atol=ATOL)


def test_bad_arguments_name_the_valid_range():
    m, tr = make("lstm")
    with pytest.raises(ValueError, match="unit must be in 0..5"):
        step_walk(m, tr, 0, unit=6)
    with pytest.raises(ValueError, match="step must be in 0..6"):
        step_walk(m, tr, 7)
    with pytest.raises(ValueError, match="direction must be in 0..0"):
        step_walk(m, tr, 0, direction=1)
