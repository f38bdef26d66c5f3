"""Shared pieces of the synthetic tasks: ``TaskInfo``, ``Example`` and ``Builder``.

Every generator builds an example token by token through a ``Builder``, setting each
property (annotation) while it emits the tokens, so the annotations are true by
construction rather than guessed afterwards from the text.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from rnnviz.tokenize import CharTokenizer, WordTokenizer

# (token_index, correct_token, wrong_token): at ``token_index`` the text has
# ``correct_token``; a model that has understood the prefix ``tokens[:token_index]``
# should give it a higher probability than ``wrong_token``. The index is never 0, so a
# model without a start token reads its prediction for it at position index - 1.
Target = tuple[int, str, str]


@dataclass(frozen=True)
class TaskInfo:
    """What a task is, for the app and the trainer."""

    name: str
    kind: str  # 'classifier' or 'lm'
    tokenizer: str  # 'word' or 'char'
    labels: list[str] | None  # class names (index = Example.label); None for LMs
    properties: list[str]  # names of the per-token annotations every example carries
    description: str  # one line for a student


@dataclass(frozen=True)
class Example:
    """One generated text with its label and per-token ground truth.

    ``tokens`` are exactly the task tokenizer's tokens of ``text``; every list in
    ``annotations`` has one 0/1 per token. ``targets`` (LM tasks) lists the positions
    where the next token is certain enough to score a model on; other tasks leave it empty.
    """

    text: str
    label: int | None
    tokens: list[str]
    annotations: dict[str, list[int]]
    targets: tuple[Target, ...] = field(default=())


def make_tokenizer(kind: str) -> WordTokenizer | CharTokenizer:
    return WordTokenizer() if kind == "word" else CharTokenizer()


class Builder:
    """Accumulates tokens and their annotations for one example.

    ``state`` holds the current value of every property; ``add`` stamps it on each new
    token (a keyword argument overrides it for that call only). ``set`` changes the state
    for all later tokens, which is how "from here to the end" flags are written.
    """

    def __init__(self, properties: Iterable[str], tokenizer: str) -> None:
        self.tokenizer = tokenizer
        self.tokens: list[str] = []
        self.state = {p: 0 for p in properties}
        self.annotations: dict[str, list[int]] = {p: [] for p in self.state}
        self.targets: list[Target] = []

    def set(self, **flags: int) -> None:
        for name, value in flags.items():
            if name not in self.state:
                raise KeyError(f"unknown property {name!r}")
            self.state[name] = int(value)

    def add(self, tokens: str | Iterable[str], **flags: int) -> None:
        """Append one token, or several (a list, or a space-separated phrase for word tasks)."""
        if isinstance(tokens, str):
            tokens = tokens.split() if self.tokenizer == "word" else list(tokens)
        for name in flags:
            if name not in self.state:
                raise KeyError(f"unknown property {name!r}")
        for tok in tokens:
            self.tokens.append(tok)
            for name, values in self.annotations.items():
                values.append(int(flags.get(name, self.state[name])))

    def target(self, correct: str, wrong: str) -> None:
        """Record a scoring position for the token that is about to be added."""
        self.targets.append((len(self.tokens), correct, wrong))

    def build(self, label: int | None = None) -> Example:
        if self.tokenizer == "word":
            text = WordTokenizer().detokenize(self.tokens)
        else:
            text = "".join(self.tokens)
        # A cheap guard: if a word list ever held something the tokenizer splits
        # differently, fail loudly here instead of shipping misaligned annotations.
        if make_tokenizer(self.tokenizer).tokenize(text) != self.tokens:
            raise RuntimeError(f"generated tokens do not survive the tokenizer: {text!r}")
        for i, correct, _ in self.targets:
            if self.tokens[i] != correct:
                raise RuntimeError(f"target {i} is {self.tokens[i]!r}, not {correct!r}: {text!r}")
        return Example(
            text=text,
            label=label,
            tokens=list(self.tokens),
            annotations={k: list(v) for k, v in self.annotations.items()},
            targets=tuple(self.targets),
        )


def pick(rng: random.Random, items: list | tuple):
    """``rng.choice`` spelled short, since generators call it on every slot."""
    return items[rng.randrange(len(items))]


def words_of(*groups: Iterable[str]) -> tuple[str, ...]:
    """Sorted set of the words in some phrase lists, for a task's ``VOCAB``."""
    out: set[str] = set()
    for group in groups:
        for phrase in group:
            out.update(WordTokenizer().tokenize(phrase))
    return tuple(sorted(out))


def chars_of(*groups: Iterable[str]) -> tuple[str, ...]:
    out: set[str] = set()
    for group in groups:
        for phrase in group:
            out.update(phrase)
    return tuple(sorted(out))
