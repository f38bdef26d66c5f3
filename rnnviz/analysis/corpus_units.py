"""Units across a corpus: what one unit tracks, and units found by example (LSTMVis-style).

One unit (Karpathy et al.'s cell pictures): :func:`top_contexts` (where it is highest or
lowest, with a few tokens either side), :func:`histogram`, :func:`mean_by_token`.

By example (Strobelt et al.'s LSTMVis, "select + threshold + match"):

- :func:`units_on`: the units that stay at or above a threshold at EVERY token of a span
  the user selected (the hypothesis "these units track what this span has in common").
- :func:`match`: the places in the corpus where those units are on together. A match is
  a maximal run of consecutive tokens of one text at which every selected unit is on; its
  own unit set is the units on throughout the run. Matches are ranked by intersection
  over union of the two unit sets (1: exactly the selected units stay on; lower: others
  stay on too, so the run is less specific), then by length, longer first.
- :func:`marked_units`: the user marks tokens that have a property; every unit ranked by
  AUC with the flag finder (:func:`rnnviz.analysis.units.find_units`).

Rankings and matches read the corpus's stored states (``float16`` by default, see
:mod:`rnnviz.analysis.corpus`); a value shown next to a context is exact (the text
re-traced). Bad input raises ``ValueError`` with one readable line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rnnviz.analysis.corpus import Corpus
from rnnviz.analysis.units import UnitScore, find_units
from rnnviz.messages import N_, MessageError
from rnnviz.tracing.text import trace

MAX_MATCHES = 1000


@dataclass(frozen=True)
class Context:
    """One token of the corpus with its neighbours: ``left`` ``token`` ``right``."""

    index: int  # in the corpus's flat token arrays
    doc: int
    pos: int
    value: float  # the stored value (exact when the corpus keeps float32)
    left: tuple[str, ...]
    token: str
    right: tuple[str, ...]


def top_contexts(
    corpus: Corpus,
    unit: int,
    k: int = 10,
    width: int = 3,
    lowest: bool = False,
    layer: int = 0,
    direction: int = 0,
    state: str = "auto",
) -> list[Context]:
    """The ``k`` tokens where the unit is highest (or ``lowest``), best first."""
    if not 1 <= k <= 1000:
        raise ValueError("k must be between 1 and 1000")
    v = corpus.values(unit, layer, direction, state)
    key = v if lowest else -v
    k = min(k, len(v))
    # every token up to the k-th value (ties included), then by value and corpus order
    cand = np.flatnonzero(key <= np.partition(key, k - 1)[k - 1])
    top = cand[np.lexsort((cand, key[cand]))][:k]
    out = []
    for i in top:
        left, tok, right = corpus.context(int(i), width)
        out.append(
            Context(
                int(i),
                int(corpus.doc[i]),
                int(corpus.pos[i]),
                float(v[i]),
                tuple(left),
                tok,
                tuple(right),
            )
        )
    return out


def histogram(
    corpus: Corpus,
    unit: int,
    bins: int = 40,
    layer: int = 0,
    direction: int = 0,
    state: str = "auto",
) -> tuple[np.ndarray, np.ndarray]:
    """Counts and bin edges of the unit's value over every token of the corpus."""
    return np.histogram(corpus.values(unit, layer, direction, state), bins=bins)


def mean_by_token(
    corpus: Corpus,
    unit: int,
    min_count: int = 1,
    layer: int = 0,
    direction: int = 0,
    state: str = "auto",
) -> list[tuple[str, float, int]]:
    """(vocabulary token, mean value, count) for tokens seen ``min_count`` times, highest first."""
    v = corpus.values(unit, layer, direction, state).astype(np.float64)
    V = len(corpus.vocab)
    count = np.bincount(corpus.ids, minlength=V)
    total = np.bincount(corpus.ids, weights=v, minlength=V)
    keep = np.flatnonzero(count >= max(1, min_count))
    mean = total[keep] / count[keep]
    order = np.argsort(-mean, kind="stable")
    return [(corpus.vocab[keep[j]], float(mean[j]), int(count[keep[j]])) for j in order]


def units_on(states: np.ndarray, span: tuple[int, int], threshold: float) -> np.ndarray:
    """Units whose value is ``>= threshold`` at every token of ``span = (start, end)``.

    ``states``: ``[time, units]`` (one layer and direction of one sentence's trace, e.g.
    ``trace.state('cell')[layer, direction]``). Returns the unit indices, ascending.
    """
    s = np.asarray(states)
    if s.ndim != 2:
        raise ValueError(f"states must be [time, units], got shape {s.shape}")
    a, b = span
    if not (0 <= a < b <= s.shape[0]):
        raise ValueError(
            f"the span {a}–{b} is not inside the sentence's {s.shape[0]} tokens; "
            "select at least one token"
        )
    return np.flatnonzero((s[a:b] >= threshold).all(axis=0))


@dataclass(frozen=True)
class Match:
    """A run of tokens ``[start, end)`` of text ``doc`` where the selected units are on."""

    doc: int
    start: int  # position in the text
    end: int
    iou: float  # |selected ∩ on-throughout| / |selected ∪ on-throughout|
    on_units: int  # how many units are on throughout the run

    @property
    def length(self) -> int:
        return self.end - self.start


def check_selection(units: Sequence[int], total: int) -> np.ndarray:
    """The selected units as a sorted array; ValueError when empty, all, or out of range."""
    u = np.unique(np.asarray(list(units), dtype=np.int64))
    if u.size == 0:
        raise MessageError(
            N_(
                "no units are selected: lower the threshold or select a shorter span, so that "
                "some units stay on through it"
            )
        )
    if u.min() < 0 or u.max() >= total:
        bad = int(u[(u < 0) | (u >= total)][0])
        raise ValueError(f"unit {bad} is out of range: this layer has units 0–{total - 1}")
    if u.size == total:
        raise MessageError(
            N_(
                "all {n} units are selected, so every match would look the same: raise the "
                "threshold so that only some units stay on"
            ),
            n=total,
        )
    return u


def match(
    corpus: Corpus,
    units: Sequence[int],
    threshold: float,
    layer: int = 0,
    direction: int = 0,
    state: str = "auto",
    k: int = 50,
    min_length: int = 1,
) -> list[Match]:
    """The corpus runs where every unit of ``units`` is on; see the module docstring.

    Returns up to ``k`` (at most ``MAX_MATCHES``) best, ranked by IoU then length, ties in
    corpus order.
    """
    if not 1 <= k <= MAX_MATCHES:
        raise ValueError(f"k must be between 1 and {MAX_MATCHES}")
    X = corpus.block(state, layer, direction)  # [N, H], stored dtype
    H = X.shape[1]
    sel = check_selection(units, H)
    thr = X.dtype.type(threshold) if X.dtype == np.float16 else threshold
    hits = np.flatnonzero((X[:, sel] >= thr).all(axis=1))  # tokens where all selected are on
    if hits.size == 0:
        return []
    # maximal runs: consecutive corpus indices within one text
    brk = (np.diff(hits) != 1) | (np.diff(corpus.doc[hits]) != 0)
    starts = np.r_[0, np.flatnonzero(brk) + 1]
    ends = np.r_[starts[1:], hits.size]
    lengths = ends - starts
    on = np.packbits(X[hits] >= thr, axis=1)  # [hits, ceil(H/8)] bit sets
    # AND over each run (reduceat runs from one start to the next: all runs, then filter)
    throughout = np.bitwise_and.reduceat(on, starts, axis=0)
    ok = lengths >= min_length
    starts, lengths, throughout = starts[ok], lengths[ok], throughout[ok]
    if starts.size == 0:
        return []
    n_on = np.unpackbits(throughout, axis=1, count=H).sum(axis=1)
    iou = sel.size / n_on  # the selected units are a subset of those on throughout
    first = hits[starts]
    order = np.lexsort((first, -lengths, -iou))[:k]
    return [
        Match(
            int(corpus.doc[first[j]]),
            int(corpus.pos[first[j]]),
            int(corpus.pos[first[j]]) + int(lengths[j]),
            float(iou[j]),
            int(n_on[j]),
        )
        for j in order
    ]


def marked_units(
    model, texts: Sequence[str], marks: Sequence[Sequence[int]], state: str = "auto"
) -> list[UnitScore]:
    """Units ranked by AUC for tokens the user marked as having a property.

    ``marks[i]``: the token positions of ``texts[i]`` that have it (the others do not). The
    ranking is :func:`rnnviz.analysis.units.find_units` on those 0/1 annotations.
    """
    if len(texts) != len(marks):
        raise ValueError(f"{len(texts)} texts but {len(marks)} lists of marks")
    if not texts:
        raise MessageError(N_("mark some tokens in at least one sentence first"))
    notes = []
    for i, (text, m) in enumerate(zip(texts, marks)):
        T = len(trace(model, text))
        bad = [p for p in m if not 0 <= int(p) < T]
        if bad:
            raise ValueError(f"mark {bad[0]} is outside sentence {i}'s {T} tokens")
        row = [0] * T
        for p in m:
            row[int(p)] = 1
        notes.append(row)
    flat = [v for row in notes for v in row]
    if 1 not in flat or 0 not in flat:
        raise MessageError(
            N_(
                "mark some tokens that have the property and leave some unmarked: the ranking "
                "compares the two"
            )
        )
    return find_units(model, texts, notes, state=state)
