"""The terms of every gate's equation at every step of a trace, recomputed with ``rnnviz.cells``.

For one layer and direction of a :class:`~rnnviz.Trace`: what entered the layer
(:func:`layer_input`), the state each step started from (:func:`previous`), and for every
gate ``W_ih·x_t + b_ih``, ``W_hh·h_prev + b_hh``, the pre-activation and the activation
(:func:`gate_terms`). These are the numbers a formula view prints; they come from
:func:`rnnviz.cells.gate_parts`, the same function the tracer evaluates, and the tests hold
the activations against the trace.
"""

from __future__ import annotations

import numpy as np
import torch

from rnnviz.cells import CellWeights, gate_parts
from rnnviz.tracing.text import Trace


def layer_input(trace: Trace, layer: int) -> np.ndarray:
    """What entered ``layer`` at each step, ``[time, features]``.

    Layer 0 reads the token vectors; layer k reads layer k−1's hidden states, both
    directions concatenated (forward first), as PyTorch feeds them.
    """
    if layer == 0:
        return trace.inputs
    below = trace.hidden[layer - 1]  # [D, T, H]
    return np.concatenate(list(below), axis=-1)


def previous(series: np.ndarray, direction: int) -> np.ndarray:
    """The state each step started from: t−1 forward, t+1 backward, zeros at the start."""
    start = np.zeros_like(series[:1])
    if direction == 0:
        return np.concatenate([start, series[:-1]])
    return np.concatenate([series[1:], start])


@torch.no_grad()
def gate_terms(model, trace: Trace, layer: int, direction: int) -> dict[str, dict]:
    """Every gate's terms for every step and unit, unrounded: ``{gate: {x, h, pre, act}}``.

    Each array is ``[time, units]``; the plain RNN's single "gate" is called ``rnn``;
    a bag of embeddings has none (``{}``).
    """
    if trace.kind == "bag":
        return {}
    w = CellWeights.of(model.rnn, layer, reverse=direction == 1)
    dev, dtype = w.W_ih.device, w.W_ih.dtype
    x = torch.as_tensor(layer_input(trace, layer), dtype=dtype, device=dev)  # [T, in]
    h = previous(trace.hidden[layer, direction], direction)
    h_prev = torch.as_tensor(h, dtype=dtype, device=dev)  # [T, H]
    nonlinearity = getattr(model.rnn, "nonlinearity", "tanh")
    parts = gate_parts(trace.kind, x, h_prev, w, nonlinearity)
    return {
        name: {k: getattr(p, k).cpu().numpy() for k in ("x", "h", "pre", "act")}
        for name, p in parts.items()
    }
