"""``trace_rnn``: run a ``torch.nn.RNN`` / ``LSTM`` / ``GRU`` and record every state and gate.

How it stays fast and exact: each layer runs through PyTorch's own fused kernel (the
same ``_VF`` call the module makes), which gives every hidden state h_t. Knowing
h_{t-1} for every step, all gates of all steps come from ONE batched evaluation of the
equations in ``rnnviz.cells``. Only the LSTM cell state needs a recurrence,
c_t = f ⊙ c_{t-1} + i ⊙ g, which is elementwise and cheap. The readable step-by-step
loop lives in ``rnnviz.tracing.reference``; tests hold both against the modules' outputs.

Tracing uses evaluation semantics: no dropout between layers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch
from torch import Tensor

from rnnviz import cells
from rnnviz.cells import CellWeights
from rnnviz.messages import MessageError


class LayersDirections:
    """``num_layers`` and ``num_directions`` of a trace whose ``hidden`` starts [L, D, …]."""

    hidden: np.ndarray

    @property
    def num_layers(self) -> int:
        return self.hidden.shape[0]

    @property
    def num_directions(self) -> int:
        return self.hidden.shape[1]


@dataclass(repr=False)
class RNNTrace(LayersDirections):
    """Everything a recurrent module computed, as NumPy arrays.

    Shapes are ``[num_layers, num_directions, batch, time, hidden_size]``. Direction 1 (the
    backward one) is indexed by input position: its value at ``t`` is the state after
    reading x_t … x_T.
    """

    kind: str  # 'lstm' | 'gru' | 'rnn'
    hidden: np.ndarray
    cell: np.ndarray | None  # LSTM cell state; None for GRU and plain RNN
    gates: dict[str, np.ndarray] = field(default_factory=dict)
    nonlinearity: str = "tanh"

    def __repr__(self) -> str:
        L, D, B, T, H = self.hidden.shape
        return (
            f"<RNNTrace {self.kind}: {L} layer(s) × {D} direction(s), batch {B}, {T} steps, "
            f"{H} units, gates {sorted(self.gates)}>"
        )

    @property
    def output(self) -> np.ndarray:
        """The module's output: last layer, directions concatenated, ``[batch, time, D·H]``."""
        top = self.hidden[-1]
        return np.concatenate(list(top), axis=-1)


class TraceInputError(MessageError):
    """The input does not fit the module (size, layout, dtype, length, initial state); a
    text's problem carries its :class:`~rnnviz.messages.Message` (``err.message``)."""


def _check(rnn: torch.nn.Module, x: Tensor, h0) -> tuple[str, Tensor, bool]:
    kind = cells.cell_kind(rnn)
    if getattr(rnn, "proj_size", 0):
        raise TraceInputError(
            "LSTMs with proj_size > 0 are not supported: their hidden state is projected, so "
            "there is no single h to show per unit"
        )
    if not isinstance(x, Tensor):
        raise TraceInputError(f"x must be a torch.Tensor, got {type(x).__name__}")
    if not x.is_floating_point():
        raise TraceInputError(
            f"x must hold floats (embeddings or one-hot vectors), got dtype {x.dtype}; "
            "token ids go through an embedding first (see rnnviz.tracing.text)"
        )
    if x.dim() not in (2, 3):
        raise TraceInputError(
            f"x must be 3-D ({'batch, time' if rnn.batch_first else 'time, batch'}, features) "
            f"or 2-D (time, features) for one sequence; got shape {tuple(x.shape)}"
        )
    batched = x.dim() == 3
    if batched and not rnn.batch_first:
        x = x.transpose(0, 1)  # internally always [batch, time, features]
    if not batched:
        x = x.unsqueeze(0)
    if x.shape[-1] != rnn.input_size:
        layout = "(batch, time, features)" if rnn.batch_first else "(time, batch, features)"
        raise TraceInputError(
            f"the module expects {rnn.input_size} input features but x has {x.shape[-1]} in "
            f"its last axis (shape {tuple(x.shape)}, layout {layout}); check the layout "
            "(batch_first) and the embedding size"
        )
    if x.shape[1] == 0:
        raise TraceInputError("the sequence is empty: there is nothing to trace (time = 0)")
    if x.shape[0] == 0:
        raise TraceInputError("the batch is empty (batch = 0)")
    w = rnn.weight_ih_l0
    if x.dtype != w.dtype:
        raise TraceInputError(f"x is {x.dtype} but the module's weights are {w.dtype}")
    return kind, x, batched


def _initial_state(rnn, kind: str, h0, batch: int, like: Tensor) -> tuple[Tensor, Tensor | None]:
    D = 2 if rnn.bidirectional else 1
    want = (rnn.num_layers * D, batch, rnn.hidden_size)
    if h0 is None:
        z = like.new_zeros(want)
        return z, (z.clone() if kind == "lstm" else None)
    if kind == "lstm":
        if not (isinstance(h0, (tuple, list)) and len(h0) == 2):
            raise TraceInputError("an LSTM's initial state is a tuple (h0, c0)")
        h, c = h0
    else:
        h, c = h0, None
    out = []
    for name, s in (("h0", h), ("c0", c)):
        if s is None:
            out.append(None)
            continue
        if s.dim() == 2:  # unbatched, as the module accepts for one sequence
            s = s.unsqueeze(1)
        if tuple(s.shape) != want:
            raise TraceInputError(
                f"{name} must have shape (num_layers·directions, batch, hidden) = {want}, "
                f"got {tuple(s.shape)}"
            )
        out.append(s.to(like.dtype))
    return out[0], out[1]


def _run_layer(rnn, kind: str, layer: int, inp: Tensor, h0: Tensor, c0: Tensor | None) -> Tensor:
    """One layer (both directions) through PyTorch's fused kernel; returns its output."""
    D = 2 if rnn.bidirectional else 1
    weights: list[Tensor] = []
    for d in range(D):
        w = CellWeights.of(rnn, layer, reverse=d == 1)
        weights += [w.W_ih, w.W_hh] + ([w.b_ih, w.b_hh] if rnn.bias else [])
    args = (rnn.bias, 1, 0.0, False, rnn.bidirectional, True)
    if kind == "lstm":
        return torch._VF.lstm(inp, (h0, c0), weights, *args)[0]
    if kind == "gru":
        return torch._VF.gru(inp, h0, weights, *args)[0]
    fn = torch._VF.rnn_tanh if rnn.nonlinearity == "tanh" else torch._VF.rnn_relu
    return fn(inp, h0, weights, *args)[0]


def _cell_recurrence(f: np.ndarray, ig: np.ndarray, c0: np.ndarray, reverse: bool) -> np.ndarray:
    """c_t = f_t ⊙ c_{t-1} + (i ⊙ g)_t, over time-major arrays ``[time, batch, hidden]``."""
    C = np.empty_like(f)
    c = c0
    steps = range(f.shape[0] - 1, -1, -1) if reverse else range(f.shape[0])
    for t in steps:
        np.multiply(f[t], c, out=C[t])
        C[t] += ig[t]
        c = C[t]
    return C


@torch.no_grad()
def trace_rnn(rnn: torch.nn.Module, x: Tensor, h0=None, gates: bool = True) -> RNNTrace:
    """Run ``rnn`` on ``x`` and record hidden state, cell state and every gate.

    ``x`` is laid out as the module expects (``batch_first`` or not; 2-D for one
    sequence, which is traced as a batch of 1). ``h0`` is an optional initial state in
    the module's own format (``(h0, c0)`` for an LSTM). Returns an :class:`RNNTrace`.
    ``gates=False`` keeps the states only (``gates`` is then empty): a GRU or RNN computes no
    gate, an LSTM only what its cell state needs, and nothing is copied out (a corpus of
    200,000 tokens spent a fifth of its tracing time copying gates it never read).
    """
    kind, x, _ = _check(rnn, x, h0)
    B = x.shape[0]
    H, D = rnn.hidden_size, 2 if rnn.bidirectional else 1
    h_init, c_init = _initial_state(rnn, kind, h0, B, x)

    hidden, cellstate = [], []
    keep_gates = gates
    gates: dict[str, list] = {g: [] for g in cells.GATES[kind]} if keep_gates else {}
    inp = x.contiguous()
    for layer in range(rnn.num_layers):
        sl = slice(layer * D, (layer + 1) * D)
        out = _run_layer(
            rnn,
            kind,
            layer,
            inp,
            h_init[sl].contiguous(),
            None if c_init is None else c_init[sl].contiguous(),
        )
        hs, cs, gs = [], [], {g: [] for g in gates}
        for d in range(D):
            h_all = out[..., d * H : (d + 1) * H]  # [B, T, H]
            hs.append(h_all.cpu().numpy())
            if kind != "lstm" and not keep_gates:
                continue  # h is all there is to keep
            h_start = h_init[layer * D + d].unsqueeze(1)  # [B, 1, H]
            # the state each step started from: forward reads left to right, backward right to left
            if d == 0:
                h_prev = torch.cat([h_start, h_all[:, :-1]], dim=1)
            else:
                h_prev = torch.cat([h_all[:, 1:], h_start], dim=1)
            w = CellWeights.of(rnn, layer, reverse=d == 1)
            if kind == "lstm":
                g = cells.lstm_gates(inp, h_prev, w)
                f = g["forget"].transpose(0, 1).cpu().numpy()
                ig = (g["input"] * g["candidate"]).transpose(0, 1).cpu().numpy()
                c0 = c_init[layer * D + d].cpu().numpy()
                cs.append(_cell_recurrence(f, ig, c0, reverse=d == 1).transpose(1, 0, 2))
            elif kind == "gru" and keep_gates:
                g = cells.gru_gates(inp, h_prev, w)
            else:
                g = {}
            for name, v in g.items() if keep_gates else ():
                gs[name].append(v.cpu().numpy())
        hidden.append(np.stack(hs))
        if kind == "lstm":
            cellstate.append(np.stack(cs))
        for name in gates:
            gates[name].append(np.stack(gs[name]))
        inp = out
    return RNNTrace(
        kind=kind,
        hidden=np.stack(hidden),
        cell=np.stack(cellstate) if kind == "lstm" else None,
        gates={name: np.stack(v) for name, v in gates.items()},
        nonlinearity=getattr(rnn, "nonlinearity", "tanh") if kind == "rnn" else "tanh",
    )
