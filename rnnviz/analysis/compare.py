"""Two texts through one model, side by side: minimal pairs and word order.

``minimal_pair`` lines two traces up with the fewest edits (:func:`edit_alignment`):
shared tokens side by side, a replaced token beside its replacement, and an inserted or
deleted token as a column of its own ("alice went home" / "alice and tom went home":
alice, +and, +tom, went, home). For every column and unit it gives the difference of
the states after reading up to that column, b − a, exactly the difference of the two
traces (in an insertion column the first text has read nothing new: its state is the one
after its previous token, or the zero start state). Units are ranked by the largest
difference from the first column where the texts part on.

``word_order`` runs two orderings of the same words through a model and says where
their states first diverge.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

from rnnviz.tracing.text import Trace


@dataclass
class PairDiff:
    """State differences b − a, column by column; ``diff``: ``[columns, units]``."""

    a: Trace
    b: Trace
    columns: list[tuple[int | None, int | None]]  # (index in a, index in b); None: inserted
    pairs: list[tuple[int | None, int | None]]  # the states compared: the last token read
    state_name: str  # "cell" or "hidden"
    layer: int
    direction: int
    diff: np.ndarray
    ranking: list[int]  # unit indices, most different first
    first_divergence: int  # index into ``columns`` of the first column where the texts part

    def label(self, k: int) -> tuple[str, str]:
        """What column k shows: ("alice", "") shared, ("good / bad", "replaced"),
        ("+and", "inserted") (only in the second text), ("−not", "deleted")."""
        i, j = self.columns[k]
        if i is None:
            return f"+{self.b.tokens[j]}", "inserted"
        if j is None:
            return f"−{self.a.tokens[i]}", "deleted"
        ta, tb = self.a.tokens[i], self.b.tokens[j]
        return (ta, "") if ta == tb else (f"{ta} / {tb}", "replaced")

    def top_units(self, k: int = 5) -> list[tuple[int, float]]:
        after = self.diff[self.first_divergence :]
        peak = np.abs(after).max(0) if len(after) else np.zeros(self.diff.shape[1])
        return [(u, float(peak[u])) for u in self.ranking[:k]]


def align(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Index pairs of tokens the two sequences share, in order (longest matching blocks)."""
    sm = SequenceMatcher(a=a, b=b, autojunk=False)
    return [(i + k, j + k) for i, j, n in sm.get_matching_blocks() for k in range(n)]


def edit_alignment(a: list[str], b: list[str]) -> list[tuple[int | None, int | None]]:
    """The fewest edits that turn ``a`` into ``b`` (Levenshtein: keep, replace, insert or
    delete one token, each edit costing 1), as columns in reading order: ``(i, j)`` a token
    kept or replaced, ``(None, j)`` one inserted into b, ``(i, None)`` one deleted from a."""
    n, m = len(a), len(b)
    cost = np.zeros((n + 1, m + 1), dtype=np.int64)
    cost[:, 0], cost[0, :] = np.arange(n + 1), np.arange(m + 1)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost[i, j] = min(
                cost[i - 1, j - 1] + (a[i - 1] != b[j - 1]),
                cost[i - 1, j] + 1,
                cost[i, j - 1] + 1,
            )
    out: list[tuple[int | None, int | None]] = []
    i, j = n, m
    while i or j:  # walk back; a kept/replaced token first, so shared words line up
        if i and j and cost[i, j] == cost[i - 1, j - 1] + (a[i - 1] != b[j - 1]):
            i, j = i - 1, j - 1
            out.append((i, j))
        elif j and cost[i, j] == cost[i, j - 1] + 1:
            j -= 1
            out.append((None, j))
        else:
            i -= 1
            out.append((i, None))
    return out[::-1]


def minimal_pair(
    a: Trace, b: Trace, layer: int = 0, direction: int = 0, state: str = "cell"
) -> PairDiff:
    """Compare two traces of the same model; see the module docstring."""
    if a.hidden.shape[3] != b.hidden.shape[3] or a.kind != b.kind:
        raise ValueError("compare two traces of the same model")
    which = "cell" if state == "cell" and a.cell is not None else "hidden"
    sa, sb = a.state(which)[layer, direction], b.state(which)[layer, direction]
    columns = edit_alignment(a.tokens, b.tokens)
    # the states compared in each column: each text's state after its last token read so far
    # (None before its first token: the zero start state)
    pairs, ia, jb = [], None, None
    for i, j in columns:
        ia, jb = (i if i is not None else ia), (j if j is not None else jb)
        pairs.append((ia, jb))
    zero = np.zeros(sa.shape[-1], dtype=sa.dtype)
    diff = np.stack(
        [(sb[j] if j is not None else zero) - (sa[i] if i is not None else zero) for i, j in pairs]
    )
    # the first column where the texts part: an insertion, a deletion or a replacement
    first = next(
        (
            k
            for k, (i, j) in enumerate(columns)
            if i is None or j is None or a.tokens[i] != b.tokens[j]
        ),
        len(columns) - 1,
    )
    peak = np.abs(diff[first:]).max(0)
    ranking = [int(u) for u in np.argsort(-peak, kind="stable")]
    return PairDiff(a, b, columns, pairs, which, layer, direction, diff, ranking, first)


@dataclass
class OrderDiff:
    """Two orders of the same words: per step, how far apart the states are."""

    a: Trace
    b: Trace
    first_difference: int  # first position where the tokens differ
    distance: np.ndarray  # [time] L2 distance of the top-layer states at each position
    same_answer: bool

    @property
    def prediction_gap(self) -> float:
        """Largest difference between the two final output distributions."""
        return float(np.abs(self.a.probs[-1] - self.b.probs[-1]).max())


def word_order(a: Trace, b: Trace) -> OrderDiff:
    """Compare a text and a reordering of it (the same tokens, another order)."""
    if Counter(a.tokens) != Counter(b.tokens):
        raise ValueError("the two texts must hold the same words in another order")
    first = next((t for t, (x, y) in enumerate(zip(a.tokens, b.tokens)) if x != y), len(a))
    top_a = np.concatenate(list(a.hidden[-1]), axis=-1)
    top_b = np.concatenate(list(b.hidden[-1]), axis=-1)
    dist = np.linalg.norm(top_a - top_b, axis=-1)
    return OrderDiff(a, b, first, dist, a.prediction == b.prediction)
