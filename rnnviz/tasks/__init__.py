"""Synthetic teaching tasks, generated from a seed: no downloads, ground truth by construction.

    from rnnviz import tasks
    tasks.names()                        # ['agreement', 'brackets', ...]
    tasks.info("sentiment")              # TaskInfo(kind, tokenizer, labels, properties, ...)
    data = tasks.generate("sentiment", 1000, seed=0, pairs=True)
    data[0].text, data[0].label, data[0].tokens, data[0].annotations, data[0].targets
    tasks.examples("sentiment")          # hand-picked demo sentences for the app

``generate`` is deterministic per (name, n, seed, options), and a longer run starts with
the examples of a shorter one (same name, seed and options). Each task module documents
its grammar and exactly what its annotations and targets mean.
"""

from __future__ import annotations

import random
from types import ModuleType

from . import (
    agreement,
    agreement_bg,
    agreement_lt,
    agreement_ro,
    agreement_sr,
    agreement_uk,
    brackets,
    long_range,
    long_range_far,
    news,
    sentiment,
    stories,
)
from .base import Example, TaskInfo, make_tokenizer

__all__ = [
    "Example",
    "TaskInfo",
    "examples",
    "generate",
    "info",
    "names",
    "options",
    "tokenizer",
    "vocabulary",
]

_TASKS: dict[str, ModuleType] = {
    m.INFO.name: m for m in (agreement, brackets, long_range, news, sentiment, stories)
}
# The lesson's flag example in five of its translations' languages (character level).
_TASKS.update(
    {m.INFO.name: m for m in (agreement_uk, agreement_sr, agreement_bg, agreement_ro, agreement_lt)}
)
# long_range with no short gaps: where the plain RNN fails (the Gradients page's claim).
_TASKS[long_range_far.INFO.name] = long_range_far


def _task(name: str) -> ModuleType:
    try:
        return _TASKS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown task {name!r}; valid names: {', '.join(names())}") from None


def names() -> list[str]:
    """All task names, sorted."""
    return sorted(_TASKS)


def info(name: str) -> TaskInfo:
    return _task(name).INFO


def options(name: str) -> dict[str, object]:
    """The options ``generate`` accepts for this task, with their defaults."""
    return dict(_task(name).OPTIONS)


def generate(name: str, n: int, seed: int = 0, **opts: object) -> list[Example]:
    """``n`` examples of task ``name`` from ``seed``; ``opts`` are the task's options."""
    module = _task(name)
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"n must be an int >= 0, got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"seed must be an int, got {seed!r}")
    unknown = sorted(set(opts) - set(module.OPTIONS))
    if unknown:
        valid = ", ".join(module.OPTIONS) or "none"
        raise ValueError(f"unknown option(s) {', '.join(unknown)} for task {name!r}; "
                         f"valid options: {valid}")
    # A string seed is hashed (SHA-512) by random.Random, so every int gives its own
    # stream (random.Random(-1) and random.Random(1) would be the same) and each task
    # draws independently of the others for the same seed.
    rng = random.Random(f"rnnviz.tasks:{name}:{seed}")
    return module.generate(rng, n, **{**module.OPTIONS, **opts})


def examples(name: str) -> list[str]:
    """A handful of hand-picked demo texts that show the lesson's points on this task."""
    return list(_task(name).EXAMPLES)


def vocabulary(name: str) -> list[str]:
    """Every token the generator can emit (sorted), e.g. to mark out-of-vocabulary input."""
    return list(_task(name).VOCAB)


def tokenizer(name: str):
    """A fresh tokenizer of the task's kind (``WordTokenizer`` or ``CharTokenizer``)."""
    return make_tokenizer(info(name).tokenizer)
