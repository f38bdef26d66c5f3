"""Vanishing gradients, measured: how much does the final output depend on each earlier token?

For a text and a model, the size (L2 norm) of the gradient of the model's final output
— the logit of its answer for a classifier, of its top next token for a language model —
with respect to

- each token's input vector x_t (the embedding that entered at step t), and
- each hidden state h_t of the top layer (forward direction),

computed by autograd through the reference loop (:func:`rnnviz.tracing.reference.unroll`,
the equations of ``rnnviz.cells``, so every h_t is a node whose gradient can be read) and the
model's own readout (:func:`rnnviz.model.readout`). The unrolled output
is checked against the model's own forward before anything is returned.

Also: gate saturation, the share of steps where a gate sits below 0.1 or above 0.9 —
a saturated sigmoid passes almost no gradient.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import torch

from rnnviz.model import RNNModel, readout
from rnnviz.tokenize import Vocab, tokenizer_from_config
from rnnviz.tracing.reference import unroll
from rnnviz.tracing.rnn import TraceInputError
from rnnviz.tracing.text import Trace


@dataclass
class Gradients:
    """Gradient sizes of the final output, one per token (index = input position)."""

    tokens: list[str]
    target: str  # which output was differentiated
    wrt_input: np.ndarray  # [time]  ||∂y/∂x_t||
    wrt_hidden: np.ndarray | None  # [time]  ||∂y/∂h_t||, top layer forward; None for the bag

    def relative(self, which: str = "input") -> np.ndarray:
        """Gradient sizes divided by the largest one (1 = the token that matters most)."""
        g = self.wrt_input if which == "input" else self.wrt_hidden
        return g / max(float(g.max()), 1e-30)


def gradients(model: RNNModel, text: str) -> Gradients:
    """Gradient sizes of ``model``'s final output w.r.t. every token's input and hidden state."""
    if not isinstance(model, RNNModel):
        raise TypeError("gradients() works on rnnviz models (rnnviz.load / RNNModel)")
    cfg = model.config
    tokens = tokenizer_from_config(cfg.tokenizer).tokenize(text)
    if not tokens:
        raise TraceInputError("the text has no tokens: type a sentence first")
    ids = torch.tensor([Vocab(cfg.vocab).encode(tokens)[0]], device=model.fc.weight.device)
    was_training = model.training
    model.eval()
    try:
        with torch.enable_grad():
            x = model.inputs(ids).detach().requires_grad_(True)  # [1, T, E]
            T = x.shape[1]
            if model.rnn is None:  # the bag: the mean of the embeddings
                outputs, states = [x.mean(1)], None
                feats = outputs[0]
            else:
                rnn = model.rnn
                D = 2 if rnn.bidirectional else 1
                zeros = x.new_zeros(rnn.num_layers * D, 1, rnn.hidden_size)
                top = unroll(rnn, x, zeros, zeros)[-1]  # the same steps as the reference
                states = top[0].h  # the forward direction's h_t, each a node of the graph
                for h in states:
                    h.retain_grad()
                output = torch.stack([torch.cat([r.h[t] for r in top], -1) for t in range(T)], 1)
                how = "last" if cfg.head == "lm" else cfg.readout  # an LM reads its last step
                feats = readout(output, how, D)
            logits = model.fc(feats)[0]
            with torch.no_grad():  # the unrolled copy must be the model itself
                own = model(ids)[0, -1] if cfg.head == "lm" else model(ids)[0]
            if not torch.allclose(logits, own, atol=1e-4):
                raise RuntimeError("internal error: the unrolled network disagrees with the model")
            k = int(logits.argmax())
            logits[k].backward()
    finally:
        model.train(was_training)
    outputs_names = cfg.labels if cfg.head == "classifier" else cfg.vocab
    return Gradients(
        tokens=tokens,
        target=outputs_names[k],
        wrt_input=x.grad[0].norm(dim=-1).cpu().numpy(),
        wrt_hidden=None
        if states is None
        else np.array([float(h.grad.norm()) if h.grad is not None else 0.0 for h in states]),
    )


def saturation(traces: Iterable[Trace], low: float = 0.1, high: float = 0.9) -> dict:
    """Per gate: the share of (step, unit) values below ``low`` and above ``high``.

    Only sigmoid gates count (LSTM input/forget/output, GRU reset/update): the candidate
    is a tanh in [-1, 1] and is not a gate that opens or shuts.
    """
    acc: dict[str, list[np.ndarray]] = {}
    for tr in traces:
        for name, g in tr.gates.items():
            if name != "candidate":
                acc.setdefault(name, []).append(g.ravel())
    out = {}
    for name, parts in acc.items():
        v = np.concatenate(parts)
        out[name] = {"below": float((v < low).mean()), "above": float((v > high).mean())}
    return out
