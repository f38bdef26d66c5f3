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


# ---- plain RNN -----------------------------------------------------------------------------


def rnn_preactivation(x: Tensor, h_prev: Tensor, w: CellWeights) -> Tensor:
    """W_ih x + b_ih + W_hh h_{t-1} + b_hh."""
    return w.input_part(x) + w.hidden_part(h_prev)


def rnn_step(x: Tensor, h_prev: Tensor, w: CellWeights, nonlinearity: str = "tanh") -> Tensor:
    """h_t = tanh(W_ih x + b_ih + W_hh h_{t-1} + b_hh) (or relu)."""
    a = rnn_preactivation(x, h_prev, w)
    return torch.tanh(a) if nonlinearity == "tanh" else torch.relu(a)


# ---- LSTM ----------------------------------------------------------------------------------


def lstm_gates(x: Tensor, h_prev: Tensor, w: CellWeights) -> dict[str, Tensor]:
    """i, f, g, o from the input and the previous hidden state."""
    a_i, a_f, a_g, a_o = (w.input_part(x) + w.hidden_part(h_prev)).chunk(4, dim=-1)
    return {
        "input": torch.sigmoid(a_i),
        "forget": torch.sigmoid(a_f),
        "candidate": torch.tanh(a_g),
        "output": torch.sigmoid(a_o),
    }


def lstm_step(
    x: Tensor, h_prev: Tensor, c_prev: Tensor, w: CellWeights
) -> tuple[Tensor, Tensor, dict[str, Tensor]]:
    """One LSTM step: returns h_t, c_t and the gates."""
    gates = lstm_gates(x, h_prev, w)
    i, f, g, o = (gates[k] for k in GATES["lstm"])
    c = f * c_prev + i * g
    h = o * torch.tanh(c)
    return h, c, gates


# ---- GRU -----------------------------------------------------------------------------------


def gru_gates(x: Tensor, h_prev: Tensor, w: CellWeights) -> dict[str, Tensor]:
    """r, z, n from the input and the previous hidden state."""
    x_r, x_z, x_n = w.input_part(x).chunk(3, dim=-1)
    h_r, h_z, h_n = w.hidden_part(h_prev).chunk(3, dim=-1)
    r = torch.sigmoid(x_r + h_r)
    z = torch.sigmoid(x_z + h_z)
    n = torch.tanh(x_n + r * h_n)
    return {"reset": r, "update": z, "candidate": n}


def gru_step(x: Tensor, h_prev: Tensor, w: CellWeights) -> tuple[Tensor, dict[str, Tensor]]:
    """One GRU step: returns h_t and the gates."""
    gates = gru_gates(x, h_prev, w)
    z, n = gates["update"], gates["candidate"]
    h = (1 - z) * n + z * h_prev
    return h, gates


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
