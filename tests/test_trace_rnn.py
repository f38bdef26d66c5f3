"""trace_rnn against PyTorch's own modules: outputs, end states, and every gate.

Ground truth is the module's forward (output, h_n, c_n). Gates have no public ground
truth in PyTorch, so they are checked three ways: against the step-by-step reference
built from the equations, by rebuilding h and c from them, and by autograd-free
recomputation in float64.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnviz import TraceInputError, trace_rnn
from rnnviz.tracing.reference import trace_rnn_reference

CELLS = {
    "lstm": lambda *a, **k: torch.nn.LSTM(*a, **k),
    "gru": lambda *a, **k: torch.nn.GRU(*a, **k),
    "rnn_tanh": lambda *a, **k: torch.nn.RNN(*a, nonlinearity="tanh", **k),
    "rnn_relu": lambda *a, **k: torch.nn.RNN(*a, nonlinearity="relu", **k),
}
GATE_NAMES = {
    "lstm": ["candidate", "forget", "input", "output"],
    "gru": ["candidate", "reset", "update"],
    "rnn_tanh": [],
    "rnn_relu": [],
}


def _ground_truth(rnn, x, h0=None):
    with torch.no_grad():
        out, hn = rnn(x, h0)
    c_n = None
    if isinstance(hn, tuple):
        hn, c_n = hn
    return out, hn, c_n


def _check_against_module(rnn, x, tr, h0=None, tol=1e-5):
    out, h_n, c_n = _ground_truth(rnn, x, h0)
    out = out if (rnn.batch_first or x.dim() == 2) else out.transpose(0, 1)
    if x.dim() == 2:
        out = out.unsqueeze(0)
    np.testing.assert_allclose(tr.output, out.numpy(), atol=tol, rtol=0)
    L, D = rnn.num_layers, 2 if rnn.bidirectional else 1
    hn = h_n.reshape(L, D, -1, rnn.hidden_size).numpy()
    cn = None if c_n is None else c_n.reshape(L, D, -1, rnn.hidden_size).numpy()
    for d in range(D):
        end = -1 if d == 0 else 0  # the backward direction ends at the first token
        np.testing.assert_allclose(tr.hidden[:, d, :, end], hn[:, d], atol=tol, rtol=0)
        if cn is not None:
            np.testing.assert_allclose(tr.cell[:, d, :, end], cn[:, d], atol=tol, rtol=0)


@pytest.mark.parametrize(
    "cell,layers,bidirectional,batch_first,batch",
    list(itertools.product(CELLS, [1, 2, 3], [False, True], [False, True], [1, 4])),
)
def test_matches_pytorch_every_combination(cell, layers, bidirectional, batch_first, batch):
    torch.manual_seed(layers * 7 + batch)
    rnn = CELLS[cell](5, 6, num_layers=layers, bidirectional=bidirectional, batch_first=batch_first)
    T = 9
    x = torch.randn(batch, T, 5) if batch_first else torch.randn(T, batch, 5)
    tr = trace_rnn(rnn, x)
    D = 2 if bidirectional else 1
    assert tr.hidden.shape == (layers, D, batch, T, 6)
    assert sorted(tr.gates) == GATE_NAMES[cell]
    for g in tr.gates.values():
        assert g.shape == tr.hidden.shape
    assert (tr.cell is None) == (cell != "lstm")
    _check_against_module(rnn, x, tr)
    ref = trace_rnn_reference(rnn, x)
    np.testing.assert_allclose(tr.hidden, ref.hidden, atol=1e-5)
    for name in tr.gates:
        np.testing.assert_allclose(tr.gates[name], ref.gates[name], atol=1e-5)
    if cell == "lstm":
        np.testing.assert_allclose(tr.cell, ref.cell, atol=1e-5)


def test_issue_example_shapes():
    lstm = torch.nn.LSTM(8, 16, num_layers=2, bidirectional=True, batch_first=True)
    tr = trace_rnn(lstm, torch.randn(3, 20, 8))
    assert tr.hidden.shape == (2, 2, 3, 20, 16)
    assert tr.cell.shape == (2, 2, 3, 20, 16)
    assert sorted(tr.gates) == ["candidate", "forget", "input", "output"]
    assert trace_rnn(torch.nn.RNN(8, 4), torch.randn(5, 2, 8)).gates == {}


def test_gates_rebuild_states():
    """c_t = f·c_{t-1} + i·g and h_t = o·tanh(c_t); GRU h_t = (1-z)·n + z·h_{t-1}."""
    torch.manual_seed(1)
    x = torch.randn(2, 12, 4)
    tr = trace_rnn(torch.nn.LSTM(4, 5, batch_first=True), x)
    i, f, g, o = (tr.gates[k][0, 0] for k in ("input", "forget", "candidate", "output"))
    c = tr.cell[0, 0]
    c_prev = np.concatenate([np.zeros_like(c[:, :1]), c[:, :-1]], axis=1)
    np.testing.assert_allclose(c, f * c_prev + i * g, atol=1e-6)
    np.testing.assert_allclose(tr.hidden[0, 0], o * np.tanh(c), atol=1e-6)
    tr = trace_rnn(torch.nn.GRU(4, 5, batch_first=True), x)
    z, n, h = tr.gates["update"][0, 0], tr.gates["candidate"][0, 0], tr.hidden[0, 0]
    h_prev = np.concatenate([np.zeros_like(h[:, :1]), h[:, :-1]], axis=1)
    np.testing.assert_allclose(h, (1 - z) * n + z * h_prev, atol=1e-6)


@pytest.mark.parametrize("cell", list(CELLS))
def test_float64_traces_in_float64(cell):
    torch.manual_seed(2)
    rnn = CELLS[cell](3, 4, num_layers=2, bidirectional=True).double()
    x = torch.randn(7, 2, 3, dtype=torch.float64)
    tr = trace_rnn(rnn, x)
    assert tr.hidden.dtype == np.float64
    _check_against_module(rnn, x, tr, tol=1e-12)


@pytest.mark.parametrize("cell", list(CELLS))
def test_initial_state_in_module_format(cell):
    torch.manual_seed(3)
    rnn = CELLS[cell](3, 4, num_layers=2, bidirectional=True, batch_first=True)
    x = torch.randn(2, 6, 3)
    h0 = torch.randn(4, 2, 4)
    state = (h0, torch.randn(4, 2, 4)) if cell == "lstm" else h0
    tr = trace_rnn(rnn, x, state)
    _check_against_module(rnn, x, tr, h0=state)
    ref = trace_rnn_reference(rnn, x, state)
    np.testing.assert_allclose(tr.hidden, ref.hidden, atol=1e-5)


def test_unbatched_input_is_a_batch_of_one():
    rnn = torch.nn.GRU(3, 4)
    x = torch.randn(6, 3)
    tr = trace_rnn(rnn, x)
    assert tr.hidden.shape == (1, 1, 1, 6, 4)
    _check_against_module(rnn, x, tr)


@settings(max_examples=25, deadline=None)
@given(
    cell=st.sampled_from(list(CELLS)),
    inp=st.integers(1, 6),
    hid=st.integers(1, 7),
    layers=st.integers(1, 3),
    bidirectional=st.booleans(),
    batch_first=st.booleans(),
    batch=st.integers(1, 3),
    T=st.integers(1, 15),
    bias=st.booleans(),
    seed=st.integers(0, 99),
)
def test_property_random_shapes(
    cell, inp, hid, layers, bidirectional, batch_first, batch, T, bias, seed
):
    torch.manual_seed(seed)
    rnn = CELLS[cell](
        inp, hid, num_layers=layers, bidirectional=bidirectional, batch_first=batch_first, bias=bias
    )
    x = torch.randn(batch, T, inp) if batch_first else torch.randn(T, batch, inp)
    _check_against_module(rnn, x, trace_rnn(rnn, x))


# ---- bad input: clear errors that name the problem -----------------------------------------


def test_wrong_input_size_names_sizes():
    with pytest.raises(TraceInputError, match="expects 8 input features but x has 5"):
        trace_rnn(torch.nn.LSTM(8, 4, batch_first=True), torch.randn(2, 3, 5))


def test_wrong_layout_is_explained():
    # (time, batch, features) given to a batch_first module whose feature size is 3
    with pytest.raises(TraceInputError, match="layout"):
        trace_rnn(torch.nn.LSTM(3, 4, batch_first=True), torch.randn(2, 3, 7))


def test_empty_sequence():
    with pytest.raises(TraceInputError, match="empty"):
        trace_rnn(torch.nn.GRU(3, 4, batch_first=True), torch.randn(1, 0, 3))


def test_not_a_recurrent_module():
    with pytest.raises(TypeError, match="expected a torch.nn.RNN, LSTM or GRU"):
        trace_rnn(torch.nn.Linear(3, 4), torch.randn(2, 3))


def test_token_ids_instead_of_vectors():
    with pytest.raises(TraceInputError, match="floats"):
        trace_rnn(torch.nn.GRU(3, 4), torch.tensor([[1, 2, 3]]))


def test_dtype_mismatch_and_bad_rank_and_h0():
    with pytest.raises(TraceInputError, match="float64"):
        trace_rnn(torch.nn.GRU(3, 4), torch.randn(2, 1, 3, dtype=torch.float64))
    with pytest.raises(TraceInputError, match="3-D"):
        trace_rnn(torch.nn.GRU(3, 4), torch.randn(2, 1, 1, 3))
    with pytest.raises(TraceInputError, match="h0 must have shape"):
        trace_rnn(torch.nn.GRU(3, 4), torch.randn(2, 1, 3), torch.zeros(2, 1, 4))
    with pytest.raises(TraceInputError, match=r"\(h0, c0\)"):
        trace_rnn(torch.nn.LSTM(3, 4), torch.randn(2, 1, 3), torch.zeros(1, 1, 4))


def test_proj_size_refused():
    with pytest.raises(TraceInputError, match="proj_size"):
        trace_rnn(torch.nn.LSTM(3, 4, proj_size=2), torch.randn(2, 1, 3))


def test_module_and_its_weights_are_left_untouched():
    rnn = torch.nn.LSTM(3, 4, num_layers=2, dropout=0.5).train()
    before = {k: v.clone() for k, v in rnn.state_dict().items()}
    trace_rnn(rnn, torch.randn(5, 2, 3))
    assert rnn.training
    assert all(torch.equal(before[k], v) for k, v in rnn.state_dict().items())
    assert not rnn._forward_hooks and not rnn._forward_pre_hooks
