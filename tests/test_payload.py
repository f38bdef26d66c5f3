"""The cell view's payload holds the trace's own numbers.

Ground truth is the trace (itself held against torch.nn modules and an independent float64
recurrence in test_trace_rnn.py and test_gates.py): every gate and state in the payload must
be the trace's value, and the states must follow from the payload's gates by the documented
updates. The formula terms themselves are held against the oracle in test_gates.py.
"""

import json

import numpy as np
import pytest
import torch
from payload import step_payload

import rnnviz
from rnnviz.tracing import layer_input, previous

VOCAB = ["<unk>", "<pad>", "the", "film", "was", "not", "good", "bad", "very"]
TEXT = "the film was not very good zzz"


def make(cell: str, layers: int = 1, bi: bool = False, head: str = "classifier", seed: int = 0):
    torch.manual_seed(seed)
    cfg = rnnviz.ModelConfig(
        cell=cell,
        vocab=VOCAB,
        labels=["negative", "positive"] if head == "classifier" else [],
        hidden_size=6,
        embed_size=5,
        num_layers=layers,
        bidirectional=bi,
        head=head,
    )
    m = rnnviz.RNNModel(cfg)
    with torch.no_grad():  # bigger weights than the default init: gates away from 0.5
        for p in m.parameters():
            p.mul_(2.5)
    return m, rnnviz.trace(m, TEXT)


CASES = [
    ("lstm", 1, False),
    ("gru", 1, False),
    ("rnn", 1, False),
    ("lstm", 2, True),
    ("gru", 2, True),
    ("rnn", 2, True),
]


@pytest.mark.parametrize("cell,layers,bi", CASES)
def test_payload_is_the_trace(cell, layers, bi):
    m, tr = make(cell, layers, bi)
    layer, d, u = layers - 1, tr.num_directions - 1, 4
    p = step_payload(m, tr, layer=layer, direction=d, unit=u, digits=None)
    h = tr.hidden[layer, d]
    np.testing.assert_allclose(p["series"]["h"], h[:, u], atol=1e-6)
    np.testing.assert_allclose(p["series"]["h_prev"], previous(h, d)[:, u], atol=1e-6)
    state = tr.cell[layer, d] if cell == "lstm" else h
    np.testing.assert_allclose(p["state"], state, atol=1e-6)
    assert p["state_name"] == ("cell state c" if cell == "lstm" else "hidden state h")
    for g in p["gate_names"]:
        np.testing.assert_allclose(p["gates"][g], tr.gates[g][layer, d][:, u], atol=1e-6)
        np.testing.assert_allclose(p["gates_mean"][g], tr.gates[g][layer, d].mean(1), atol=1e-6)
        np.testing.assert_allclose(p["terms"][g]["act"], p["gates"][g], atol=1e-5)
    s = p["series"]
    if cell == "lstm":  # c_t = f·c_prev + i·g and h_t = o·tanh(c_t), from the payload alone
        gt = {k: np.array(v) for k, v in p["gates"].items()}
        c = gt["forget"] * np.array(s["c_prev"]) + gt["input"] * gt["candidate"]
        np.testing.assert_allclose(c, s["c"], atol=1e-5)
        np.testing.assert_allclose(gt["output"] * np.tanh(c), s["h"], atol=1e-5)
    elif cell == "gru":  # h_t = (1 − z)·n + z·h_prev
        z, n = np.array(p["gates"]["update"]), np.array(p["gates"]["candidate"])
        np.testing.assert_allclose((1 - z) * n + z * np.array(s["h_prev"]), s["h"], atol=1e-5)
    else:
        np.testing.assert_allclose(p["terms"]["rnn"]["act"], s["h"], atol=1e-5)
    x = layer_input(tr, layer)
    assert p["shapes"]["input_size"] == x.shape[1] == (5 if layers == 1 else 6 * (1 + bi))
    G = {"lstm": 4, "gru": 3, "rnn": 1}[cell]
    assert p["shapes"]["W_ih"] == [G * 6, x.shape[1]] and p["shapes"]["W_hh"] == [G * 6, 6]
    assert p["shapes"]["embed_size"] == 5
    np.testing.assert_allclose(p["x_norm"], np.linalg.norm(x, axis=1), atol=1e-5)
    np.testing.assert_allclose(p["x_head"], x[:, :8], atol=1e-6)


def test_backward_steps_start_from_the_right():
    m, tr = make("lstm", 1, True)
    p = step_payload(m, tr, direction=1, unit=0, digits=None)
    c = tr.cell[0, 1, :, 0]
    assert p["series"]["c_prev"][-1] == 0.0  # the backward pass starts at the last token
    np.testing.assert_allclose(p["series"]["c_prev"][:-1], c[1:])


def test_tokens_prediction_and_options():
    m, tr = make("lstm")
    p = step_payload(m, tr, unit=None, order="change", step=99, threshold=0.3, large=True)
    assert [t["text"] for t in p["tokens"]] == tr.tokens
    assert [t["unknown"] for t in p["tokens"]] == [False] * 6 + [True]
    assert p["step"] == len(tr) - 1  # clamped
    assert p["unit"] is None and p["formula_unit"] == 0
    assert p["order"] == "change" and p["order_label"]
    assert p["large"] is True and p["threshold"] == 0.3
    pred = p["prediction"]
    assert pred["type"] == "classifier" and pred["labels"] == ["negative", "positive"]
    np.testing.assert_allclose(pred["probs"], tr.probs, atol=1e-4)
    assert step_payload(m, tr, order=[5, 0, 2])["order"] == [5, 0, 2]
    assert step_payload(m, tr)["order"] == list(range(6))
    for bad in ({"order": [6]}, {"order": "random"}, {"unit": 6}, {"layer": 1}, {"direction": 1}):
        with pytest.raises(ValueError):
            step_payload(m, tr, **bad)


def test_language_model_top_tokens():
    m, tr = make("lstm", head="lm")
    p = step_payload(m, tr)
    pred = p["prediction"]
    assert pred["type"] == "lm" and len(pred["tokens"]) == len(tr) == len(pred["probs"])
    for t in range(len(tr)):
        want = tr.top(t, 5)
        assert pred["tokens"][t] == [w for w, _ in want]
        np.testing.assert_allclose(pred["probs"][t], [q for _, q in want], atol=1e-4)


def test_bag_has_no_gates_and_a_running_mean():
    m, tr = make("bag")
    p = step_payload(m, tr, unit=2, digits=None)
    assert p["kind"] == "bag" and p["gate_names"] == [] and p["terms"] == {}
    assert "W_ih" not in p["shapes"]
    run = np.cumsum(tr.inputs, 0) / np.arange(1, len(tr) + 1)[:, None]
    np.testing.assert_allclose(p["state"], run, atol=1e-6)
    json.dumps(p)


def test_json_size_for_a_long_text():
    torch.manual_seed(0)
    words = [f"w{i}" for i in range(50)]
    cfg = rnnviz.ModelConfig(
        cell="lstm",
        vocab=["<unk>", *words],
        labels=["a", "b", "c", "d"],
        hidden_size=32,
        embed_size=64,
    )
    m = rnnviz.RNNModel(cfg)
    tr = rnnviz.trace(m, " ".join(words[i % 50] for i in range(300)))
    p = step_payload(m, tr, unit=7)
    s = json.dumps(p, allow_nan=False)
    assert len(tr) == 300
    assert len(s) < 250_000, len(s)
    assert json.loads(s)["state"][299][31] == p["state"][299][31]
