"""The cell equations, in one place, written the way the app prints them.

PyTorch's conventions (``torch.nn.RNN``, ``LSTM``, ``GRU``)::

    RNN   h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)        (or relu)

    LSTM  i = σ(W_ii x + b_ii + W_hi h + b_hi)      input gate: how much of g is written
          f = σ(W_if x + b_if + W_hf h + b_hf)      forget gate: how much of c_{t-1} is kept
          g = tanh(W_ig x + b_ig + W_hg h + b_hg)   candidate values
          o = σ(W_io x + b_io + W_ho h + b_ho)      output gate: how much of tanh(c_t) is shown
          c_t = f ⊙ c_{t-1} + i ⊙ g
          h_t = o ⊙ tanh(c_t)

    GRU   r = σ(W_ir x + b_ir + W_hr h + b_hr)      reset gate
          z = σ(W_iz x + b_iz + W_hz h + b_hz)      update gate: z near 1 KEEPS the old state
          n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
          h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}

``weight_ih`` stacks the gates' rows in the order i, f, g, o (LSTM) and r, z, n (GRU).

Every function here works on any leading shape: one step of one sequence
(``x``: ``[input]``) or all steps of a batch at once (``x``: ``[batch, time, input]``).
The fast tracer (``rnnviz.tracing.rnn``) computes every gate of every step with
``lstm_gates`` / ``gru_gates``; the step functions are the readable reference used for
the formula view and in tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor

#: Gate names per cell, in PyTorch's weight order, with the names the app shows.
GATES = {
    "lstm": ("input", "forget", "candidate", "output"),  # i, f, g, o
    "gru": ("reset", "update", "candidate"),  # r, z, n
    "rnn": (),
}
SYMBOLS = {
    "input": "i",
    "forget": "f",
    "candidate": "g",
    "output": "o",
    "reset": "r",
    "update": "z",
}


@dataclass(frozen=True)
class CellWeights:
    """The weights of one layer and direction: ``W_ih [G·H, in]``, ``W_hh [G·H, H]``."""

    W_ih: Tensor
    W_hh: Tensor
    b_ih: Tensor | None
    b_hh: Tensor | None

    @classmethod
    def of(cls, rnn: torch.nn.RNNBase, layer: int, reverse: bool = False) -> CellWeights:
        sfx = f"_l{layer}" + ("_reverse" if reverse else "")
        bias = rnn.bias
        return cls(
            W_ih=getattr(rnn, "weight_ih" + sfx),
            W_hh=getattr(rnn, "weight_hh" + sfx),
            b_ih=getattr(rnn, "bias_ih" + sfx) if bias else None,
            b_hh=getattr(rnn, "bias_hh" + sfx) if bias else None,
        )

    def input_part(self, x: Tensor) -> Tensor:
        """W_ih x + b_ih, for every gate at once."""
        return _affine(x, self.W_ih, self.b_ih)

    def hidden_part(self, h: Tensor) -> Tensor:
        """W_hh h + b_hh, for every gate at once."""
        return _affine(h, self.W_hh, self.b_hh)


def _affine(x: Tensor, W: Tensor, b: Tensor | None) -> Tensor:
    return torch.nn.functional.linear(x, W, b)


# ---- every gate's parts -------------------------------------------------------------------


@dataclass(frozen=True)
class GateParts:
    """One gate's numbers: what the input and the previous state contribute, their sum
    (what the activation reads) and the activation. Each ``[..., hidden]``."""

    x: Tensor  # W_i· x_t + b_i·  (the gate's rows of W_ih)
    h: Tensor  # W_h· h_{t-1} + b_h·  (the gate's rows of W_hh)
    pre: Tensor  # the pre-activation: x + h (GRU candidate: x + r ⊙ h)
    act: Tensor  # the gate's value


def _activation(kind: str, name: str, nonlinearity: str):
    if name in ("candidate",) or (name == "rnn" and nonlinearity == "tanh"):
        return torch.tanh
    if name == "rnn":
        return torch.relu
    return torch.sigmoid  # input, forget, output, reset, update


def gate_parts(
    kind: str, x: Tensor, h_prev: Tensor, w: CellWeights, nonlinearity: str = "tanh"
) -> dict[str, GateParts]:
    """Every gate of one cell, taken apart; the plain RNN's single "gate" is called ``rnn``.

    The rows of ``W_ih`` / ``W_hh`` are split in PyTorch's order (``GATES``). The GRU's
    candidate is the one gate whose pre-activation is not a plain sum:
    n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)).
    """
    names = GATES[kind] or ("rnn",)
    xs = w.input_part(x).chunk(len(names), dim=-1)
    hs = w.hidden_part(h_prev).chunk(len(names), dim=-1)
    out: dict[str, GateParts] = {}
    for name, a, b in zip(names, xs, hs):
        pre = a + out["reset"].act * b if (kind == "gru" and name == "candidate") else a + b
        out[name] = GateParts(a, b, pre, _activation(kind, name, nonlinearity)(pre))
    return out


# ---- plain RNN -----------------------------------------------------------------------------


def rnn_step(x: Tensor, h_prev: Tensor, w: CellWeights, nonlinearity: str = "tanh") -> Tensor:
    """h_t = tanh(W_ih x + b_ih + W_hh h_{t-1} + b_hh) (or relu)."""
    return gate_parts("rnn", x, h_prev, w, nonlinearity)["rnn"].act


# ---- LSTM ----------------------------------------------------------------------------------


def lstm_gates(x: Tensor, h_prev: Tensor, w: CellWeights) -> dict[str, Tensor]:
    """i, f, g, o from the input and the previous hidden state."""
    return {k: p.act for k, p in gate_parts("lstm", x, h_prev, w).items()}


def lstm_cell(c_prev: Tensor, gates: dict[str, Tensor]) -> tuple[Tensor, Tensor]:
    """c_t = f ⊙ c_{t-1} + i ⊙ g and h_t = o ⊙ tanh(c_t)."""
    c = gates["forget"] * c_prev + gates["input"] * gates["candidate"]
    return gates["output"] * torch.tanh(c), c


def lstm_step(
    x: Tensor, h_prev: Tensor, c_prev: Tensor, w: CellWeights
) -> tuple[Tensor, Tensor, dict[str, Tensor]]:
    """One LSTM step: returns h_t, c_t and the gates."""
    gates = lstm_gates(x, h_prev, w)
    h, c = lstm_cell(c_prev, gates)
    return h, c, gates


# ---- GRU -----------------------------------------------------------------------------------


def gru_gates(x: Tensor, h_prev: Tensor, w: CellWeights) -> dict[str, Tensor]:
    """r, z, n from the input and the previous hidden state."""
    return {k: p.act for k, p in gate_parts("gru", x, h_prev, w).items()}


def gru_state(h_prev: Tensor, gates: dict[str, Tensor]) -> Tensor:
    """h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}: z near 1 keeps the old state."""
    z, n = gates["update"], gates["candidate"]
    return (1 - z) * n + z * h_prev


def gru_step(x: Tensor, h_prev: Tensor, w: CellWeights) -> tuple[Tensor, dict[str, Tensor]]:
    """One GRU step: returns h_t and the gates."""
    gates = gru_gates(x, h_prev, w)
    return gru_state(h_prev, gates), gates


def step(
    kind: str, x: Tensor, h_prev: Tensor, c_prev: Tensor | None, w: CellWeights, nonlinearity="tanh"
) -> tuple[Tensor, Tensor | None, dict[str, Tensor]]:
    """One step of any cell: (h_t, c_t or None, gates)."""
    if kind == "lstm":
        return lstm_step(x, h_prev, c_prev, w)
    if kind == "gru":
        h, g = gru_step(x, h_prev, w)
        return h, None, g
    return rnn_step(x, h_prev, w, nonlinearity), None, {}


def cell_kind(rnn: torch.nn.Module) -> str:
    """'lstm', 'gru' or 'rnn' for a PyTorch recurrent module; TypeError otherwise."""
    if isinstance(rnn, torch.nn.LSTM):
        return "lstm"
    if isinstance(rnn, torch.nn.GRU):
        return "gru"
    if isinstance(rnn, torch.nn.RNN):
        return "rnn"
    raise TypeError(
        f"expected a torch.nn.RNN, LSTM or GRU module, got {type(rnn).__name__}; "
        "for a whole model with embedding/rnn/fc submodules use rnnviz.trace(model, text)"
    )
