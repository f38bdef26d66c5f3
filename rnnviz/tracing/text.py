"""``trace(model, text)``: a whole model reading a text, token by token.

Text → tokens → ids → the vectors that enter the recurrent layers (embedding, or one-hot
characters) → :func:`rnnviz.tracing.rnn` → the head's output after EVERY prefix: class
probabilities for a classifier (the last row is the model's own prediction), next-token
probabilities for a language model.

Works with rnnviz's own :class:`~rnnviz.model.RNNModel` and with any module built the
way the lesson's notebook builds them (submodules ``embedding`` (optional), ``rnn``,
``fc``), given its vocabulary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from rnnviz.messages import N_
from rnnviz.model import RNNModel
from rnnviz.tokenize import CharTokenizer, Tokenizer, Vocab, WordTokenizer, tokenizer_from_config
from rnnviz.tracing.rnn import LayersDirections, TraceInputError, trace_rnn


@dataclass(repr=False)
class Trace(LayersDirections):
    """One text through one model. Arrays have no batch axis.

    ``hidden``, ``cell`` and every ``gates[name]``: ``[layers, directions, time, units]``.
    ``inputs``: ``[time, features]`` (the embedding of each token, or its one-hot vector).
    ``probs``: ``[time, outputs]``, the head's softmax after each prefix; ``outputs``
    names its columns (class labels, or the vocabulary for a language model).
    """

    text: str
    tokens: list[str]
    spans: list[tuple[int, int]]
    ids: list[int]
    unknown: list[bool]
    kind: str  # lstm | gru | rnn | bag
    head: str  # classifier | lm
    hidden: np.ndarray
    cell: np.ndarray | None
    gates: dict[str, np.ndarray]
    inputs: np.ndarray
    probs: np.ndarray
    outputs: list[str]
    model_name: str = ""
    meta: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.tokens)

    def __repr__(self) -> str:
        shown = " ".join(self.tokens[:8]) + (" …" if len(self.tokens) > 8 else "")
        L, D, T, H = self.hidden.shape
        answer = f", answer={self.prediction!r}" if self.head == "classifier" else ""
        return (
            f"<Trace {self.model_name or self.kind}: {T} tokens [{shown}], {self.kind} "
            f"{L} layer(s) × {D} direction(s) × {H} units, gates {sorted(self.gates)}{answer}>"
        )

    @property
    def prediction(self) -> str:
        """The top output after the whole text (the model's answer, or its next token)."""
        return self.outputs[int(self.probs[-1].argmax())]

    def top(self, t: int, k: int = 5) -> list[tuple[str, float]]:
        """The ``k`` most likely outputs after token ``t``, with their probabilities."""
        order = np.argsort(-self.probs[t])[:k]
        return [(self.outputs[i], float(self.probs[t, i])) for i in order]

    def state(self, which: str = "cell") -> np.ndarray:
        """The cell state if there is one and ``which == 'cell'``, else the hidden state."""
        return self.cell if which == "cell" and self.cell is not None else self.hidden


def _tokenizer(model: nn.Module, tokenizer) -> Tokenizer:
    if isinstance(model, RNNModel) and tokenizer is None:
        return tokenizer_from_config(model.config.tokenizer)
    if tokenizer is None or tokenizer == "word":
        return WordTokenizer()
    if tokenizer == "char":
        return CharTokenizer()
    return tokenizer


def _device(model: nn.Module) -> torch.device:
    """Where the model's weights are: ids are made there, results come back to the CPU."""
    p = next(model.parameters(), None)
    return p.device if p is not None else torch.device("cpu")


def _inputs(model: nn.Module, ids: torch.Tensor, V: int) -> torch.Tensor:
    if isinstance(model, RNNModel):
        return model.inputs(ids)
    if getattr(model, "embedding", None) is not None:
        return model.embedding(ids)
    dtype = next(model.parameters()).dtype
    return nn.functional.one_hot(ids, V).to(dtype)


@torch.no_grad()
def _prefix_probs(model: nn.Module, ids: torch.Tensor, top: np.ndarray, head: str) -> np.ndarray:
    """Softmax of the head after each prefix, computed by the model's own forward."""
    T = ids.shape[1]
    if head == "lm":
        logits = model.fc(
            torch.from_numpy(top).to(ids.device)
        )  # [T, V]: what the model reads at each step
    elif isinstance(model, RNNModel):
        # every prefix at once: T copies of the text, lengths 1..T (packed, so exact)
        logits = model(ids.expand(T, T), torch.arange(1, T + 1))
    else:
        logits = torch.cat([_user_forward(model, ids[:, : t + 1]) for t in range(T)])
    return torch.softmax(logits.double(), dim=-1).cpu().numpy()


def _user_forward(model: nn.Module, ids: torch.Tensor) -> torch.Tensor:
    try:
        out = model(ids)
    except TypeError:  # the notebook's packed variant also takes the lengths
        out = model(ids, torch.tensor([ids.shape[1]]))  # lengths stay on the CPU (packing)
    if isinstance(out, tuple):
        out = out[0]
    return out.reshape(1, -1)


def trace(
    model: nn.Module,
    text: str,
    vocab: Sequence[str] | None = None,
    tokenizer: Tokenizer | str | None = None,
    head: str | None = None,
) -> Trace:
    """Run ``model`` over ``text`` and record everything; see :class:`Trace`.

    For a user's own module, pass its ``vocab`` (index → token) and, if it is a character
    model, ``tokenizer='char'``. ``head`` ('classifier' or 'lm') is inferred when omitted:
    an ``fc`` with one output per vocabulary entry is a language model.
    """
    if not isinstance(text, str):
        raise TraceInputError(f"text must be a string, got {type(text).__name__}")
    ours = isinstance(model, RNNModel)
    if ours:
        vocab = model.config.vocab
        head = model.config.head
    elif vocab is None:
        raise TraceInputError("pass the model's vocabulary (a list of tokens, index → token)")
    elif not all(hasattr(model, n) for n in ("rnn", "fc")):
        raise TraceInputError(
            f"{type(model).__name__} has no 'rnn' and 'fc' submodules; rnnviz.tracing.text reads "
            "models built as embedding → rnn → fc (or use rnnviz.tracing.rnn on the rnn itself)"
        )
    voc = Vocab(vocab)
    tok = _tokenizer(model, tokenizer)
    spans = tok.spans(text)
    if not spans:
        raise TraceInputError(N_("the text has no tokens: type a sentence first"))
    tokens = [s.text for s in spans]
    ids_list, unknown = voc.encode(tokens)
    if head is None:
        head = "lm" if model.fc.out_features == len(voc) else "classifier"
    if head not in ("classifier", "lm"):
        raise TraceInputError(f"head must be 'classifier' or 'lm', got {head!r}")
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            ids = torch.tensor([ids_list], device=_device(model))
            x = _inputs(model, ids, len(voc))  # [1, T, E]
            rnn = model.rnn
            if rnn is None:  # bag of embeddings: its "state" is the running mean
                T = x.shape[1]
                steps = torch.arange(1, T + 1, device=x.device, dtype=x.dtype)[:, None]
                run_mean = (torch.cumsum(x[0], 0) / steps).cpu()
                hidden, cell, gates = run_mean.numpy()[None, None], None, {}
                kind, top = "bag", run_mean.numpy()
            else:
                tr = trace_rnn(rnn, x if rnn.batch_first else x.transpose(0, 1))
                hidden = tr.hidden[:, :, 0]
                cell = tr.cell[:, :, 0] if tr.cell is not None else None
                gates = {k: v[:, :, 0] for k, v in tr.gates.items()}
                kind, top = tr.kind, tr.output[0]
            probs = _prefix_probs(model, ids, top, head)
    finally:
        model.train(was_training)
    if ours:
        outputs = list(model.config.labels) if head == "classifier" else list(voc.tokens)
    elif head == "lm":
        outputs = list(voc.tokens)
    else:
        outputs = [f"class {i}" for i in range(probs.shape[1])]
    return Trace(
        text=text,
        tokens=tokens,
        spans=[(s.start, s.end) for s in spans],
        ids=ids_list,
        unknown=unknown,
        kind=kind,
        head=head,
        hidden=hidden,
        cell=cell,
        gates=gates,
        inputs=x[0].cpu().numpy(),
        probs=probs,
        outputs=outputs,
        model_name=getattr(model, "name", type(model).__name__),
    )
