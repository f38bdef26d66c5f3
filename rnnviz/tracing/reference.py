"""The readable reference: every layer and direction, one step at a time, from ``rnnviz.cells``.

Slow (a Python loop over time) but obviously right. :func:`unroll` is the loop itself, in
torch and differentiable, so the gradients analysis (``rnnviz.analysis.gradients``) runs
through the very same steps; :func:`trace_rnn_reference` wraps it with the contract of the
fast :func:`rnnviz.trace_rnn`. Tests hold both against ``torch.nn`` modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch import Tensor

from rnnviz import cells
from rnnviz.cells import CellWeights
from rnnviz.tracing.rnn import RNNTrace, _check, _initial_state


@dataclass
class Unrolled:
    """One direction of one layer, step by step (index = input position)."""

    h: list[Tensor]  # T × [B, H]
    c: list[Tensor] | None  # LSTM only
    gates: dict[str, list[Tensor]] = field(default_factory=dict)  # name → T × [B, H]


def unroll(rnn: torch.nn.Module, x: Tensor, h_init: Tensor, c_init: Tensor | None):
    """Run ``rnn`` on ``x`` ``[B, T, in]`` step by step: ``layers[l][d]`` is an :class:`Unrolled`.

    ``h_init`` / ``c_init``: ``[layers·directions, B, H]``. Layer ``l > 0`` reads layer
    ``l − 1``'s hidden states, directions concatenated (forward first), as PyTorch does.
    """
    kind = cells.cell_kind(rnn)
    T = x.shape[1]
    D = 2 if rnn.bidirectional else 1
    nonlinearity = getattr(rnn, "nonlinearity", "tanh")
    inp = [x[:, t] for t in range(T)]
    layers: list[list[Unrolled]] = []
    for layer in range(rnn.num_layers):
        dirs = []
        for d in range(D):
            w = CellWeights.of(rnn, layer, reverse=d == 1)
            h = h_init[layer * D + d]
            c = c_init[layer * D + d] if kind == "lstm" else None
            run = Unrolled([None] * T, [None] * T if kind == "lstm" else None)
            run.gates = {g: [None] * T for g in cells.GATES[kind]}
            for t in range(T) if d == 0 else range(T - 1, -1, -1):
                h, c, g = cells.step(kind, inp[t], h, c, w, nonlinearity)
                run.h[t] = h
                if run.c is not None:
                    run.c[t] = c
                for name, v in g.items():
                    run.gates[name][t] = v
            dirs.append(run)
        layers.append(dirs)
        inp = [torch.cat([r.h[t] for r in dirs], dim=-1) for t in range(T)]
    return layers


@torch.no_grad()
def trace_rnn_reference(rnn: torch.nn.Module, x: Tensor, h0=None) -> RNNTrace:
    """Same contract as :func:`rnnviz.trace_rnn`, computed step by step."""
    kind, x, _ = _check(rnn, x, h0)
    h_init, c_init = _initial_state(rnn, kind, h0, x.shape[0], x)
    layers = unroll(rnn, x, h_init, c_init)

    def stack(get) -> Tensor:  # [layers, directions, B, T, H]
        return torch.stack([torch.stack([torch.stack(get(r), 1) for r in ds]) for ds in layers])

    return RNNTrace(
        kind=kind,
        hidden=stack(lambda r: r.h).cpu().numpy(),
        cell=stack(lambda r: r.c).cpu().numpy() if kind == "lstm" else None,
        gates={g: stack(lambda r, g=g: r.gates[g]).cpu().numpy() for g in cells.GATES[kind]},
        nonlinearity=getattr(rnn, "nonlinearity", "tanh") if kind == "rnn" else "tanh",
    )
