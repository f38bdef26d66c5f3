"""The readable reference tracer: one step at a time, straight from ``rnnviz.cells``.

Slow (a Python loop over time) but obviously right; tests hold it and the fast
``trace_rnn`` against ``torch.nn`` modules, and the app's formula view shows the same
step functions.
"""

from __future__ import annotations

import torch
from torch import Tensor

from rnnviz import cells
from rnnviz.cells import CellWeights
from rnnviz.tracing.rnn import RNNTrace, _check, _initial_state


@torch.no_grad()
def trace_rnn_reference(rnn: torch.nn.Module, x: Tensor, h0=None) -> RNNTrace:
    """Same contract as :func:`rnnviz.tracing.rnn`, computed step by step."""
    kind, x, _ = _check(rnn, x, h0)
    B, T, _ = x.shape
    D = 2 if rnn.bidirectional else 1
    h_init, c_init = _initial_state(rnn, kind, h0, B, x)
    hidden, cellstate, gates = [], [], {g: [] for g in cells.GATES[kind]}
    inp = x
    for layer in range(rnn.num_layers):
        hs, cs, gs = [], [], {g: [] for g in gates}
        for d in range(D):
            w = CellWeights.of(rnn, layer, reverse=d == 1)
            h = h_init[layer * D + d]
            c = c_init[layer * D + d] if kind == "lstm" else None
            H_t, C_t, G_t = [None] * T, [None] * T, {g: [None] * T for g in gates}
            for t in range(T) if d == 0 else range(T - 1, -1, -1):
                if kind == "lstm":
                    h, c, g = cells.lstm_step(inp[:, t], h, c, w)
                    C_t[t] = c
                elif kind == "gru":
                    h, g = cells.gru_step(inp[:, t], h, w)
                else:
                    h, g = cells.rnn_step(inp[:, t], h, w, rnn.nonlinearity), {}
                H_t[t] = h
                for name, v in g.items():
                    G_t[name][t] = v
            hs.append(torch.stack(H_t, dim=1))
            if kind == "lstm":
                cs.append(torch.stack(C_t, dim=1))
            for name in gates:
                gs[name].append(torch.stack(G_t[name], dim=1))
        hidden.append(torch.stack(hs))
        if kind == "lstm":
            cellstate.append(torch.stack(cs))
        for name in gates:
            gates[name].append(torch.stack(gs[name]))
        inp = torch.cat(hs, dim=-1)
    return RNNTrace(
        kind=kind,
        hidden=torch.stack(hidden).numpy(),
        cell=torch.stack(cellstate).numpy() if kind == "lstm" else None,
        gates={name: torch.stack(v).numpy() for name, v in gates.items()},
        nonlinearity=getattr(rnn, "nonlinearity", "tanh") if kind == "rnn" else "tanh",
    )
