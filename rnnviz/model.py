"""``RNNModel``: the small models rnnviz ships and trains, and their config.

Built the way the lesson's notebooks build theirs, so the same tracing code serves both:
``embedding`` (or one-hot characters when ``embed_size`` is 0) → ``rnn`` (``nn.RNN``,
``nn.LSTM`` or ``nn.GRU``, batch first) → ``fc``, a linear head that is either

- a sequence **classifier** read off the final state (``readout='last'``: the forward
  direction's last state, with the backward direction's state at the first token for a
  bidirectional model, i.e. ``h_n`` of the top layer) or the mean of all outputs
  (``readout='mean'``, as the notebook's plain-RNN classifier does), or
- a next-token **language model** (``head='lm'``) read off every step.

``cell='bag'`` is the order-blind baseline: the mean of the embeddings, no recurrence.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

import torch
from torch import Tensor, nn

from rnnviz.tokenize import tokenizer_from_config

CELLS = ("rnn", "lstm", "gru", "bag")
HEADS = ("classifier", "lm")
READOUTS = ("last", "mean")
# Far above anything rnnviz shows well, far below what would exhaust a laptop.
LIMITS = {
    "hidden_size": 4096,
    "num_layers": 16,
    "embed_size": 4096,
    "vocab": 1_000_000,
    "one_hot_vocab": 4096,
    "labels": 10_000,
}
MAX_MESSAGE = 300  # characters of an error message; the rest is counted, not printed


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _show(v: object) -> str:
    """A value as it appears in a message: short, so a huge bad value cannot flood it."""
    r = repr(v)
    return r if len(r) <= 40 else r[:37] + "..."


def summarise(what: str, problems: list[str]) -> str:
    """``what: first problem; second ...`` under ~MAX_MESSAGE characters, the rest counted."""
    shown: list[str] = []
    for p in problems:
        line = "; ".join([*shown, p])
        if shown and len(what) + len(line) > MAX_MESSAGE - 20:
            break
        shown.append(
            p if len(p) <= MAX_MESSAGE - len(what) else p[: MAX_MESSAGE - len(what) - 3] + "..."
        )
    rest = len(problems) - len(shown)
    return f"{what}: " + "; ".join(shown) + (f" (and {rest} more)" if rest else "")


@dataclass
class ModelConfig:
    """Everything needed to rebuild a model; saved as JSON next to the weights."""

    cell: str  # rnn | lstm | gru | bag
    vocab: list[str]  # index → token
    hidden_size: int = 32
    embed_size: int = 64  # 0 = one-hot input of len(vocab) features (character models)
    num_layers: int = 1
    bidirectional: bool = False
    head: str = "classifier"  # classifier | lm
    readout: str = "last"  # classifier only: last | mean
    labels: list[str] = field(default_factory=list)  # classifier only
    tokenizer: dict = field(default_factory=lambda: {"kind": "word", "lowercase": True})
    nonlinearity: str = "tanh"  # plain RNN only
    task: str = ""  # the rnnviz task it was trained on, if any

    def __post_init__(self) -> None:
        # Checked before any tensor exists: a config read from a file decides how much
        # memory the model takes, so types are strict (1e9, "64" and True are not sizes)
        # and sizes are capped.
        problems = []
        for name, choices in (
            ("cell", CELLS),
            ("head", HEADS),
            ("readout", READOUTS),
            ("nonlinearity", ("tanh", "relu")),
        ):
            if getattr(self, name) not in choices:
                problems.append(
                    f"{name} must be one of {list(choices)}, got {_show(getattr(self, name))}"
                )
        for name, low in (("hidden_size", 1), ("num_layers", 1), ("embed_size", 0)):
            v = getattr(self, name)
            if not _is_int(v):
                problems.append(f"{name} must be an integer, got {_show(v)}")
            elif not low <= v <= LIMITS[name]:
                problems.append(f"{name} is {v}; it must be between {low} and {LIMITS[name]}")
        if not isinstance(self.bidirectional, bool):
            problems.append(f"bidirectional must be true or false, got {_show(self.bidirectional)}")
        if not isinstance(self.task, str):
            problems.append(f"task must be a string, got {_show(self.task)}")
        for name in ("vocab", "labels"):
            v = getattr(self, name)
            if not (isinstance(v, list) and all(isinstance(t, str) for t in v)):
                problems.append(f"{name} must be a list of strings, got {_show(v)}")
        vocab_ok = isinstance(self.vocab, list)
        if vocab_ok and len(self.vocab) > LIMITS["vocab"]:
            problems.append(
                f"the vocabulary has {len(self.vocab):,} tokens; the limit is {LIMITS['vocab']:,}"
            )
        elif vocab_ok and len(self.vocab) < 2:
            problems.append("the vocabulary needs at least two tokens")
        if (
            vocab_ok
            and _is_int(self.embed_size)
            and self.embed_size == 0
            and len(self.vocab) > LIMITS["one_hot_vocab"]
        ):
            problems.append(
                f"embed_size 0 (one-hot input) allows at most {LIMITS['one_hot_vocab']:,} tokens, "
                f"the vocabulary has {len(self.vocab):,}"
            )
        if isinstance(self.labels, list) and len(self.labels) > LIMITS["labels"]:
            problems.append(f"{len(self.labels):,} labels; the limit is {LIMITS['labels']:,}")
        if self.head == "classifier" and isinstance(self.labels, list) and len(self.labels) < 2:
            problems.append("a classifier needs at least two labels")
        if not (isinstance(self.tokenizer, dict) and isinstance(self.tokenizer.get("kind"), str)):
            problems.append(
                'tokenizer must be an object such as {"kind": "word"}, '
                f"got {_show(self.tokenizer)}"
            )
        else:
            try:
                tokenizer_from_config(self.tokenizer)
            except ValueError as e:
                problems.append(str(e))
        if self.head == "lm" and self.bidirectional is True:
            problems.append("a language model cannot be bidirectional (it would see the future)")
        if self.cell == "bag" and (
            self.head != "classifier" or not _is_int(self.embed_size) or self.embed_size < 1
        ):
            problems.append("the bag-of-embeddings baseline is a classifier with an embedding")
        if problems:
            raise ValueError(summarise("invalid model config", problems))

    @property
    def num_outputs(self) -> int:
        return len(self.labels) if self.head == "classifier" else len(self.vocab)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> ModelConfig:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            more = f" (and {len(unknown) - 5} more)" if len(unknown) > 5 else ""
            raise ValueError(
                f"unknown config keys {[_show(k) for k in unknown[:5]]}{more}; "
                f"known keys are {sorted(known)}"
            )
        missing = [k for k in ("cell", "vocab") if k not in d]
        if missing:
            raise ValueError(f"config is missing {missing}")
        return cls(**d)


def readout(output: Tensor, how: str, directions: int, lengths: Tensor | None = None) -> Tensor:
    """The vector a classifier reads from the top layer's output ``[B, T, D·H]``.

    THE one definition every caller uses (the model's forward, the gradients' unroll, the
    figures of what the classifier reads). ``how='last'``: the forward direction's state
    after each sequence's last token, with the backward direction's state at the first
    token (it has read the whole text by then) — ``h_n`` of the top layer. ``how='mean'``:
    the mean of the outputs over each sequence's own tokens. ``lengths``: ``[B]`` unpadded
    sizes (default: all ``T``). Returns ``[B, D·H]``.
    """
    B, T, DH = output.shape
    if lengths is None:
        lengths = torch.full((B,), T, dtype=torch.long, device=output.device)
    lengths = lengths.to(output.device)
    if how == "mean":
        mask = (torch.arange(T, device=output.device)[None, :] < lengths[:, None]).to(output.dtype)
        return (output * mask[..., None]).sum(1) / lengths[:, None].to(output.dtype)
    if how != "last":
        raise ValueError(f"readout must be one of {READOUTS}, got {how!r}")
    H = DH // directions
    last = output[torch.arange(B, device=output.device), lengths - 1, :H]
    return last if directions == 1 else torch.cat([last, output[:, 0, H:]], dim=-1)


class RNNModel(nn.Module):
    """embedding → rnn → fc; see the module docstring."""

    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        self.config = c = config
        V = len(c.vocab)
        self.embedding = nn.Embedding(V, c.embed_size) if c.embed_size else None
        in_size = c.embed_size or V
        if c.cell == "bag":
            self.rnn = None
            fc_in = c.embed_size
        else:
            kw = dict(num_layers=c.num_layers, bidirectional=c.bidirectional, batch_first=True)
            if c.cell == "rnn":
                self.rnn = nn.RNN(in_size, c.hidden_size, nonlinearity=c.nonlinearity, **kw)
            else:
                self.rnn = {"lstm": nn.LSTM, "gru": nn.GRU}[c.cell](in_size, c.hidden_size, **kw)
            fc_in = c.hidden_size * (2 if c.bidirectional else 1)
        self.fc = nn.Linear(fc_in, c.num_outputs)

    def inputs(self, ids: Tensor) -> Tensor:
        """What enters the recurrent layer for token ids ``[batch, time]``."""
        if self.embedding is not None:
            return self.embedding(ids)
        return nn.functional.one_hot(ids, len(self.config.vocab)).to(self.fc.weight.dtype)

    def features(self, ids: Tensor, lengths: Tensor | None = None) -> Tensor:
        """The vector the classifier reads, ``[batch, features]`` (lengths: unpadded sizes)."""
        x = self.inputs(ids)
        B, T = ids.shape
        if lengths is None:
            lengths = torch.full((B,), T, dtype=torch.long, device=ids.device)
        if self.rnn is None:  # the bag: the mean of the embeddings, no recurrence
            return readout(x, "mean", 1, lengths)
        packed = nn.utils.rnn.pack_padded_sequence(
            x, lengths.cpu(), batch_first=True, enforce_sorted=False
        )
        out, _ = self.rnn(packed)
        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=T)
        D = 2 if self.config.bidirectional else 1
        return readout(out, self.config.readout, D, lengths)

    def forward(self, ids: Tensor, lengths: Tensor | None = None) -> Tensor:
        """Classifier: logits ``[batch, classes]``. LM: logits ``[batch, time, vocab]``."""
        if self.config.head == "lm":
            out, _ = self.rnn(self.inputs(ids))
            return self.fc(out)
        return self.fc(self.features(ids, lengths))
