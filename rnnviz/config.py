"""A model's config, checked without PyTorch: ``ModelConfig`` and the weights it implies.

Everything here is decided from JSON alone, before any tensor exists and before torch is
even imported: a config read from a file decides how much memory the model takes, so its
types are strict and its sizes capped (``LIMITS``), and ``expected_shapes`` says which
tensors the weights file must hold. ``rnnviz.model`` builds the module from a config;
``rnnviz.folders`` compares a folder's config with its weights' header.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

from rnnviz.messages import N_, Message, MessageError, message_of
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


def summarise(what: str | Message, problems: list[str | Message]) -> Message:
    """``what: first problem; second ...`` under ~MAX_MESSAGE characters (counted in English),
    the rest counted; a Message, so each part can be shown in the reader's language."""
    what_len = len(str(what))
    shown: list[str | Message] = []
    for p in problems:
        line = "; ".join(map(str, [*shown, p]))
        if shown and what_len + len(line) > MAX_MESSAGE - 20:
            break
        room = MAX_MESSAGE - what_len
        shown.append(p if len(str(p)) <= room else Message(str(p)[: room - 3] + "..."))
    rest = len(problems) - len(shown)
    if rest:
        return Message(
            N_("{what}: {problems} (and {rest} more)"), what=what, problems=shown, rest=rest
        )
    return Message(N_("{what}: {problems}"), what=what, problems=shown)


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
                    Message(
                        N_("{name} must be one of {choices}, got {value}"),
                        name=name,
                        choices=str(list(choices)),
                        value=_show(getattr(self, name)),
                    )
                )
        for name, low in (("hidden_size", 1), ("num_layers", 1), ("embed_size", 0)):
            v = getattr(self, name)
            if not _is_int(v):
                problems.append(
                    Message(N_("{name} must be an integer, got {value}"), name=name, value=_show(v))
                )
            elif not low <= v <= LIMITS[name]:
                problems.append(
                    Message(
                        N_("{name} is {value}; it must be between {low} and {high}"),
                        name=name,
                        value=str(v),
                        low=str(low),
                        high=str(LIMITS[name]),
                    )
                )
        if not isinstance(self.bidirectional, bool):
            problems.append(
                Message(
                    N_("bidirectional must be true or false, got {value}"),
                    value=_show(self.bidirectional),
                )
            )
        if not isinstance(self.task, str):
            problems.append(
                Message(N_("task must be a string, got {value}"), value=_show(self.task))
            )
        for name in ("vocab", "labels"):
            v = getattr(self, name)
            if not (isinstance(v, list) and all(isinstance(t, str) for t in v)):
                problems.append(
                    Message(
                        N_("{name} must be a list of strings, got {value}"),
                        name=name,
                        value=_show(v),
                    )
                )
        vocab_ok = isinstance(self.vocab, list)
        if vocab_ok and len(self.vocab) > LIMITS["vocab"]:
            problems.append(
                Message(
                    N_("the vocabulary has {n} tokens; the limit is {limit}"),
                    n=len(self.vocab),
                    limit=LIMITS["vocab"],
                )
            )
        elif vocab_ok and len(self.vocab) < 2:
            problems.append(Message(N_("the vocabulary needs at least two tokens")))
        if (
            vocab_ok
            and _is_int(self.embed_size)
            and self.embed_size == 0
            and len(self.vocab) > LIMITS["one_hot_vocab"]
        ):
            problems.append(
                Message(
                    N_(
                        "embed_size 0 (one-hot input) allows at most {limit} tokens, "
                        "the vocabulary has {n}"
                    ),
                    limit=LIMITS["one_hot_vocab"],
                    n=len(self.vocab),
                )
            )
        if isinstance(self.labels, list) and len(self.labels) > LIMITS["labels"]:
            problems.append(
                Message(
                    N_("{n} labels; the limit is {limit}"),
                    n=len(self.labels),
                    limit=LIMITS["labels"],
                )
            )
        if self.head == "classifier" and isinstance(self.labels, list) and len(self.labels) < 2:
            problems.append(Message(N_("a classifier needs at least two labels")))
        if not (isinstance(self.tokenizer, dict) and isinstance(self.tokenizer.get("kind"), str)):
            problems.append(
                Message(
                    N_("tokenizer must be an object such as {example}, got {value}"),
                    example='{"kind": "word"}',
                    value=_show(self.tokenizer),
                )
            )
        else:
            try:
                tokenizer_from_config(self.tokenizer)
            except ValueError as e:
                problems.append(message_of(e))
        if self.head == "lm" and self.bidirectional is True:
            problems.append(
                Message(N_("a language model cannot be bidirectional (it would see the future)"))
            )
        if self.cell == "bag" and (
            self.head != "classifier" or not _is_int(self.embed_size) or self.embed_size < 1
        ):
            problems.append(
                Message(N_("the bag-of-embeddings baseline is a classifier with an embedding"))
            )
        if problems:
            raise MessageError(summarise(Message(N_("invalid model config")), problems))

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
            more = f" (+{len(unknown) - 5})" if len(unknown) > 5 else ""
            raise MessageError(
                N_("unknown config keys {keys}; known keys are {known}"),
                keys=f"{[_show(k) for k in unknown[:5]]}{more}",
                known=str(sorted(known)),
            )
        missing = [k for k in ("cell", "vocab") if k not in d]
        if missing:
            raise MessageError(N_("config is missing {keys}"), keys=str(missing))
        return cls(**d)


def expected_shapes(config: ModelConfig) -> dict[str, tuple[int, ...]]:
    """The state dict's names and shapes for ``config``, computed without building anything."""
    c = config
    V, H, E = len(c.vocab), c.hidden_size, c.embed_size
    D = 2 if c.bidirectional else 1
    want: dict[str, tuple[int, ...]] = {}
    if E:
        want["embedding.weight"] = (V, E)
    if c.cell == "bag":
        fc_in = E
    else:
        G = {"rnn": 1, "gru": 3, "lstm": 4}[c.cell] * H
        for k in range(c.num_layers):
            for sfx in ("", "_reverse")[:D]:
                want[f"rnn.weight_ih_l{k}{sfx}"] = (G, (E or V) if k == 0 else H * D)
                want[f"rnn.weight_hh_l{k}{sfx}"] = (G, H)
                want[f"rnn.bias_ih_l{k}{sfx}"] = (G,)
                want[f"rnn.bias_hh_l{k}{sfx}"] = (G,)
        fc_in = H * D
    want["fc.weight"] = (c.num_outputs, fc_in)
    want["fc.bias"] = (c.num_outputs,)
    return want
