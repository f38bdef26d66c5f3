"""Intervene: change a unit while the model reads, and see what the answer does.

    edits = [Edit("zero", step=2, units=(7,), state="cell")]
    iv = intervene(model, "the film was not good", edits)
    iv.before.probs[-1], iv.after.probs[-1]      # the answer without and with the edit

What an edit means (one layer, one direction, the units named):

- ``clamp`` (to ``value``), ``zero``, ``flip`` (the sign): at every position the direction
  reads at or after ``step``, right after the cell computes its state there, the units of
  the chosen state (``hidden`` h, or ``cell`` c of an LSTM) are replaced. The edited state
  is what the step passes on: the next step starts from it, and the layer's output at that
  position (read by the layer above and the head) is the edited h. An edit of c reaches h
  from the next step on (h_t = o ⊙ tanh(c_t) was already computed).
- ``reset``: before reading the token at ``step``, every layer's state (h and c) of the
  direction is set to zero, as at the start: the model forgets what it read so far.
- A backward direction reads right to left, so "at or after ``step``" are the positions
  ``<= step`` there. Edits name positions of the text; the answer after a prefix of a
  bidirectional model re-reads that prefix with the same edits at the same positions.

The numbers come from a step loop over :mod:`rnnviz.cells` (the app's formulas); with no
edits it equals :func:`rnnviz.trace`, and tests hold every edit against PyTorch's own
modules stepped one token at a time with the edited state as their initial state.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import Tensor

from rnnviz import cells
from rnnviz.analysis.generation import MAX_NEW_TOKENS
from rnnviz.cells import CellWeights
from rnnviz.model import RNNModel
from rnnviz.tokenize import Vocab, tokenizer_from_config
from rnnviz.tracing.rnn import TraceInputError

KINDS = ("clamp", "zero", "flip", "reset")
MAX_EDITS = 16
MAX_TOKENS = 1000  # the step loop is Python: fine for a sentence, not for a book


@dataclass(frozen=True)
class Edit:
    """One change to the state; see the module docstring."""

    kind: str  # clamp | zero | flip | reset
    step: int  # token position where it starts (reset: where it happens)
    units: tuple[int, ...] = ()
    state: str = "hidden"  # hidden | cell (reset: both)
    value: float = 0.0  # clamp only
    layer: int = 0
    direction: int = 0


@dataclass
class Run:
    """States and answers of one reading: ``hidden``/``cell`` ``[layers, directions, T, H]``,
    ``probs`` ``[T, outputs]`` (the answer after every prefix)."""

    hidden: np.ndarray
    cell: np.ndarray | None
    probs: np.ndarray


@dataclass
class Intervention:
    text: str
    tokens: list[str]
    edits: list[Edit]
    outputs: list[str]
    before: Run
    after: Run

    def difference(self, state: str = "hidden") -> np.ndarray:
        """after − before, ``[layers, directions, T, H]``."""
        a, b = (
            (self.after.cell, self.before.cell)
            if state == "cell"
            else (self.after.hidden, self.before.hidden)
        )
        if a is None:
            raise ValueError("this model has no cell state")
        return a - b


def check_edits(model: RNNModel, edits: Sequence[Edit], T: int) -> list[Edit]:
    """The edits as a list, or ValueError naming the first problem."""
    c = model.config
    if isinstance(edits, Edit):
        edits = [edits]
    edits = list(edits)
    if len(edits) > MAX_EDITS:
        raise ValueError(f"{len(edits)} edits; the cap is {MAX_EDITS}")
    D = 2 if c.bidirectional else 1
    for e in edits:
        if not isinstance(e, Edit):
            raise ValueError(f"an edit is an rnnviz Edit, got {type(e).__name__}")
        if e.kind not in KINDS:
            raise ValueError(f"edit kind must be one of {KINDS}, got {e.kind!r}")
        if not 0 <= e.step < T:
            raise ValueError(f"edit step {e.step} is outside the text's {T} tokens (0–{T - 1})")
        if not 0 <= e.layer < c.num_layers:
            raise ValueError(f"layer {e.layer} is out of range: layers 0–{c.num_layers - 1}")
        if not 0 <= e.direction < D:
            raise ValueError(f"direction {e.direction} is out of range: directions 0–{D - 1}")
        if e.kind == "reset":
            continue
        if e.state not in ("hidden", "cell"):
            raise ValueError(f"state must be 'hidden' or 'cell', got {e.state!r}")
        if e.state == "cell" and c.cell != "lstm":
            raise ValueError(f"a {c.cell.upper()} has no cell state: edit 'hidden'")
        if not e.units:
            raise ValueError("no units selected: name at least one unit to edit")
        bad = [u for u in e.units if not 0 <= int(u) < c.hidden_size]
        if bad:
            raise ValueError(f"unit {bad[0]} is out of range: units 0–{c.hidden_size - 1}")
        if e.kind == "clamp" and not math.isfinite(e.value):
            raise ValueError("a clamp value must be a finite number")
    return edits


def _applies(e: Edit, layer: int, d: int, t: int) -> bool:
    if e.kind == "reset" or e.layer != layer or e.direction != d:
        return False
    return t >= e.step if d == 0 else t <= e.step


def _edit(e: Edit, s: Tensor) -> Tensor:
    s = s.clone()
    u = list(e.units)
    if e.kind == "clamp":
        s[u] = e.value
    elif e.kind == "zero":
        s[u] = 0.0
    else:
        s[u] = -s[u]
    return s


@torch.no_grad()
def _read(model: RNNModel, x: Tensor, edits: list[Edit]) -> tuple[np.ndarray, np.ndarray, Tensor]:
    """The edited recurrence over ``x`` ``[T, in]``: hidden, cell, top output ``[T, D·H]``."""
    rnn, c = model.rnn, model.config
    kind = c.cell
    T, H, D = x.shape[0], c.hidden_size, 2 if c.bidirectional else 1
    hidden = np.zeros((c.num_layers, D, T, H), dtype=np.float32)
    cell = np.zeros_like(hidden) if kind == "lstm" else None
    inp = x
    for layer in range(c.num_layers):
        outs = []
        for d in range(D):
            w = CellWeights.of(rnn, layer, reverse=d == 1)
            mine = [e for e in edits if e.layer == layer and e.direction == d]
            resets = {e.step for e in edits if e.kind == "reset" and e.direction == d}
            h = x.new_zeros(H)
            cs = x.new_zeros(H) if kind == "lstm" else None
            out = [None] * T
            for t in range(T) if d == 0 else range(T - 1, -1, -1):
                if t in resets:
                    h = torch.zeros_like(h)
                    cs = None if cs is None else torch.zeros_like(cs)
                if kind == "lstm":
                    h, cs, _ = cells.lstm_step(inp[t], h, cs, w)
                elif kind == "gru":
                    h, _ = cells.gru_step(inp[t], h, w)
                else:
                    h = cells.rnn_step(inp[t], h, w, c.nonlinearity)
                for e in mine:
                    if _applies(e, layer, d, t):
                        if e.state == "cell":
                            cs = _edit(e, cs)
                        else:
                            h = _edit(e, h)
                out[t] = h
                hidden[layer, d, t] = h.numpy()
                if cell is not None:
                    cell[layer, d, t] = cs.numpy()
            outs.append(torch.stack(out))
        inp = torch.cat(outs, dim=-1)  # [T, D·H]: what the layer above reads
    return hidden, cell, inp


@torch.no_grad()
def _answers(model: RNNModel, x: Tensor, edits: list[Edit]) -> Run:
    c = model.config
    hidden, cell, top = _read(model, x, edits)
    T = x.shape[0]
    if not c.bidirectional:
        if c.head == "classifier" and c.readout == "mean":
            top = torch.cumsum(top, 0) / torch.arange(1, T + 1)[:, None]
        logits = model.fc(top)
    else:  # the answer after a prefix needs the prefix re-read (the backward half changes)
        H = c.hidden_size
        rows = []
        for p in range(T):
            _, _, tp = _read(model, x[: p + 1], edits)
            if c.readout == "mean":
                rows.append(tp.mean(0))
            else:
                rows.append(torch.cat([tp[p, :H], tp[0, H:]]))
        logits = model.fc(torch.stack(rows))
    return Run(hidden, cell, torch.softmax(logits.double(), -1).numpy())


def _ids(model: RNNModel, text: str) -> tuple[list[str], list[int]]:
    tok = tokenizer_from_config(model.config.tokenizer)
    tokens = tok.tokenize(text)
    if not tokens:
        raise TraceInputError("the text has no tokens: type a sentence first")
    if len(tokens) > MAX_TOKENS:
        raise TraceInputError(f"the text has {len(tokens)} tokens; the cap is {MAX_TOKENS}")
    return tokens, Vocab(model.config.vocab).encode(tokens)[0]


@torch.no_grad()
def intervene(model: RNNModel, text: str, edits: Sequence[Edit]) -> Intervention:
    """Read ``text`` without and with ``edits``; see the module docstring."""
    if not isinstance(model, RNNModel) or model.rnn is None:
        raise ValueError("intervene works on an rnnviz RNN, LSTM or GRU model (not a bag)")
    tokens, ids = _ids(model, text)
    edits = check_edits(model, edits, len(tokens))
    was_training = model.training
    model.eval()
    try:
        x = model.inputs(torch.tensor([ids]))[0]
        before = _answers(model, x, [])
        after = _answers(model, x, edits)
    finally:
        model.train(was_training)
    c = model.config
    outputs = list(c.labels) if c.head == "classifier" else list(c.vocab)
    return Intervention(text, tokens, edits, outputs, before, after)


@torch.no_grad()
def generate_edited(
    model: RNNModel,
    prompt: str,
    edits: Sequence[Edit],
    n: int = 80,
    temperature: float = 0.8,
    seed: int = 0,
) -> tuple[str, str]:
    """A language model writing ``n`` tokens after ``prompt`` without and with ``edits``.

    Both use the same seeded draws as :func:`rnnviz.generate` (without edits, the text is
    the same). Edits keep applying to every written token (a clamp stays clamped).
    """
    c = model.config
    if not isinstance(model, RNNModel) or c.head != "lm":
        raise TraceInputError("only a language model can write text (this one is a classifier)")
    if not (0.05 <= temperature <= 5.0):
        raise TraceInputError("temperature must be between 0.05 and 5")
    if not (1 <= n <= MAX_NEW_TOKENS):
        raise TraceInputError(f"n must be between 1 and {MAX_NEW_TOKENS}")
    tokens, ids = _ids(model, prompt)
    edits = check_edits(model, edits, len(tokens))
    tok = tokenizer_from_config(c.tokenizer)
    vocab = Vocab(c.vocab)
    banned = [vocab.index[s] for s in ("<pad>", "<unk>") if s in vocab.index]
    texts = []
    model.eval()
    for eds in ([], edits):
        gen = torch.Generator().manual_seed(seed)
        stepper = _Stepper(model, eds)
        for i in ids:
            out = stepper.step(i)
        new = []
        for _ in range(n):
            logits = model.fc(out) / temperature
            logits[banned] = -float("inf")
            p = torch.softmax(logits.double(), -1)
            k = int(torch.multinomial(p, 1, generator=gen))
            new.append(vocab.tokens[k])
            out = stepper.step(k)
        texts.append(
            tok.detokenize([*tokens, *new]) if tok.kind == "word" else prompt + "".join(new)
        )
    return texts[0], texts[1]


class _Stepper:
    """A unidirectional model reading one token at a time, edits applied (for writing)."""

    def __init__(self, model: RNNModel, edits: list[Edit]) -> None:
        self.model, self.edits, self.t = model, edits, 0
        c = model.config
        z = torch.zeros(c.hidden_size)
        self.h = [z.clone() for _ in range(c.num_layers)]
        self.c = [z.clone() for _ in range(c.num_layers)]
        self.w = [CellWeights.of(model.rnn, k) for k in range(c.num_layers)]

    def step(self, token_id: int) -> Tensor:
        m, c, t = self.model, self.model.config, self.t
        x = m.inputs(torch.tensor([token_id]))[0]
        if any(e.kind == "reset" and e.step == t for e in self.edits):
            self.h = [torch.zeros_like(h) for h in self.h]
            self.c = [torch.zeros_like(s) for s in self.c]
        for k in range(c.num_layers):
            if c.cell == "lstm":
                self.h[k], self.c[k], _ = cells.lstm_step(x, self.h[k], self.c[k], self.w[k])
            elif c.cell == "gru":
                self.h[k], _ = cells.gru_step(x, self.h[k], self.w[k])
            else:
                self.h[k] = cells.rnn_step(x, self.h[k], self.w[k], c.nonlinearity)
            for e in self.edits:
                if _applies(e, k, 0, t):
                    if e.state == "cell":
                        self.c[k] = _edit(e, self.c[k])
                    else:
                        self.h[k] = _edit(e, self.h[k])
            x = self.h[k]
        self.t += 1
        return x
