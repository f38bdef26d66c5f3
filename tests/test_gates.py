"""Every gate, under its own name, against an independent float64 recurrence (tests/oracle.py).

The oracle is written from PyTorch's documentation and checked against the module's own
output, so swapping two gates' labels in rnnviz (the LSTM's input gate and candidate are
symmetric in i·g and would never show in h or c) fails here, as does a gate outside its
range: sigmoid gates live in [0, 1], candidates in [−1, 1].
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from oracle import GRU_ORDER, LSTM_ORDER, check_against_module, recurrence

import rnnviz
from rnnviz.tracing import gate_terms, trace_rnn_reference

NAMES = {"lstm": LSTM_ORDER, "gru": GRU_ORDER, "rnn": ()}  # PyTorch's, from the oracle
SIGMOID = {"input", "forget", "output", "reset", "update"}
CASES = [(c, n, bi) for c in ("lstm", "gru", "rnn") for n, bi in ((1, False), (2, True))]


def module(cell: str, layers: int, bi: bool, seed: int = 0) -> torch.nn.RNNBase:
    torch.manual_seed(seed)
    cls = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[cell]
    m = cls(5, 7, num_layers=layers, bidirectional=bi, batch_first=True)
    with torch.no_grad():  # larger weights than the default init: gates far from 0.5
        for p in m.parameters():
            p.mul_(3.0)
    return m


@pytest.mark.parametrize("cell,layers,bi", CASES)
@pytest.mark.parametrize("tracer", ["fast", "reference"])
def test_every_gate_matches_the_oracle(cell, layers, bi, tracer):
    m = module(cell, layers, bi)
    x = torch.randn(9, 5, generator=torch.Generator().manual_seed(1))
    want = recurrence(m, x.numpy())
    check_against_module(m, x.numpy(), want)
    tr = rnnviz.trace_rnn(m, x) if tracer == "fast" else trace_rnn_reference(m, x)
    names = {
        "lstm": {"input", "forget", "candidate", "output"},
        "gru": {"reset", "update", "candidate"},
    }
    assert set(tr.gates) == names.get(cell, set())
    for layer in range(layers):
        for d in range(tr.num_directions):
            w = want[layer][d]
            np.testing.assert_allclose(tr.hidden[layer, d, 0], w["h"], atol=1e-5)
            if cell == "lstm":
                np.testing.assert_allclose(tr.cell[layer, d, 0], w["c"], atol=1e-5)
            for name, g in tr.gates.items():
                np.testing.assert_allclose(g[layer, d, 0], w["parts"][name]["act"], atol=1e-5)


@pytest.mark.parametrize("cell,layers,bi", CASES)
def test_gates_stay_in_their_ranges(cell, layers, bi):
    m = module(cell, layers, bi, seed=3)
    tr = rnnviz.trace_rnn(m, 4 * torch.randn(2, 30, 5))  # large inputs: saturated gates too
    for name, g in tr.gates.items():
        lo = 0.0 if name in SIGMOID else -1.0
        assert lo <= g.min() and g.max() <= 1.0, name
        if name == "candidate":
            assert g.min() < 0, "a candidate (tanh) that is never negative reads like a gate"


@pytest.mark.parametrize("cell,layers,bi", CASES)
def test_formula_terms_are_the_oracles_parts(cell, layers, bi):
    """What the formula view prints (input part, recurrent part, pre-activation, value)."""
    torch.manual_seed(0)
    cfg = rnnviz.ModelConfig(
        cell=cell, vocab=["<unk>", "<pad>", "a", "b", "c"], labels=["n", "p"], hidden_size=7,
        embed_size=5, num_layers=layers, bidirectional=bi,
    )  # fmt: skip
    model = rnnviz.RNNModel(cfg)
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(3.0)
    tr = rnnviz.trace(model, "a b c c a b zzz a")
    want = recurrence(model.rnn, tr.inputs)
    check_against_module(model.rnn, tr.inputs, want)
    for layer in range(layers):
        for d in range(tr.num_directions):
            got = gate_terms(model, tr, layer, d)
            assert set(got) == set(want[layer][d]["parts"])
            for name, parts in got.items():
                for k in ("x", "h", "pre", "act"):
                    np.testing.assert_allclose(
                        parts[k], want[layer][d]["parts"][name][k], atol=1e-5, err_msg=name + k
                    )
