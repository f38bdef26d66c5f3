"""Two texts through one model, side by side: minimal pairs and word order.

``minimal_pair`` aligns two traces token by token (the shared tokens, found as the
longest common blocks, e.g. "alice went home" / "alice and tom went home" align alice,
went, home) and gives, per aligned position and unit, the difference of their states:
b − a, exactly the difference of the two traces. Units are ranked by the largest
difference after the first point where the texts part.

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
    """State differences b − a at aligned positions; ``diff``: ``[positions, units]``."""

    a: Trace
    b: Trace
    pairs: list[tuple[int, int]]  # aligned (index in a, index in b)
    state_name: str  # "cell" or "hidden"
    layer: int
    direction: int
    diff: np.ndarray
    ranking: list[int]  # unit indices, most different first
    first_divergence: int  # index into ``pairs`` of the first aligned step after a change

    def top_units(self, k: int = 5) -> list[tuple[int, float]]:
        after = self.diff[self.first_divergence :]
        peak = np.abs(after).max(0) if len(after) else np.zeros(self.diff.shape[1])
        return [(u, float(peak[u])) for u in self.ranking[:k]]


def align(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Index pairs of tokens the two sequences share, in order (longest matching blocks)."""
    sm = SequenceMatcher(a=a, b=b, autojunk=False)
    return [(i + k, j + k) for i, j, n in sm.get_matching_blocks() for k in range(n)]


def minimal_pair(
    a: Trace, b: Trace, layer: int = 0, direction: int = 0, state: str = "cell"
) -> PairDiff:
    """Compare two traces of the same model; see the module docstring."""
    if a.hidden.shape[3] != b.hidden.shape[3] or a.kind != b.kind:
        raise ValueError("compare two traces of the same model")
    which = "cell" if state == "cell" and a.cell is not None else "hidden"
    sa, sb = a.state(which)[layer, direction], b.state(which)[layer, direction]
    pairs = align(a.tokens, b.tokens)
    if not pairs:
        pairs = [(len(a) - 1, len(b) - 1)]  # nothing shared: compare the final states
    diff = np.stack([sb[j] - sa[i] for i, j in pairs])
    # the first aligned step that follows a difference in the texts (or the states)
    first = next(
        (k for k, (i, j) in enumerate(pairs) if i != j or a.tokens[: i + 1] != b.tokens[: j + 1]),
        len(pairs) - 1,
    )
    peak = np.abs(diff[first:]).max(0)
    ranking = [int(u) for u in np.argsort(-peak, kind="stable")]
    return PairDiff(a, b, pairs, which, layer, direction, diff, ranking, first)


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
