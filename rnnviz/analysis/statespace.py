"""State space: a PCA of the hidden (or cell) state over a whole corpus, fitted once.

Every token of the corpus is one point (its state vector of one layer and direction);
the principal axes are the directions in which those states vary most. A sentence's
states, projected onto the same axes, draw its path through that cloud.

The fit is exact: the covariance is accumulated in float64 over the whole corpus (or an
evenly spaced sample of ``max_points`` tokens, stated in ``StateSpace.sample``), and its
eigenvectors are the right singular vectors of the centred data (tests hold them against
``numpy.linalg.svd``). Each axis's sign is fixed so that its largest loading is positive.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnnviz.analysis.corpus import Corpus

MAX_POINTS = 1_000_000


@dataclass(frozen=True)
class StateSpace:
    """The principal axes of one state over a corpus."""

    mean: np.ndarray  # [units]
    components: np.ndarray  # [k, units], orthonormal rows, by variance
    explained: np.ndarray  # [k] fraction of the total variance per axis
    variance: np.ndarray  # [k] variance along each axis (divided by n - 1)
    state: str
    layer: int
    direction: int
    sample: int  # how many tokens the fit used

    def project(self, states: np.ndarray) -> np.ndarray:
        """``[..., units]`` → ``[..., k]`` coordinates on the axes."""
        s = np.asarray(states, dtype=np.float64)
        if s.shape[-1] != self.mean.shape[0]:
            raise ValueError(
                f"states have {s.shape[-1]} units but the state space has {self.mean.shape[0]}"
            )
        return (s - self.mean) @ self.components.T


def pca(
    corpus: Corpus,
    state: str = "auto",
    layer: int = 0,
    direction: int = 0,
    k: int = 2,
    max_points: int = MAX_POINTS,
) -> StateSpace:
    """Fit the ``k`` principal axes of one state over the corpus; see the module docstring."""
    X = corpus.block(state, layer, direction)
    N, H = X.shape
    if not 1 <= k <= H:
        raise ValueError(f"k must be between 1 and {H} (the number of units)")
    if N < 2:
        raise ValueError("a PCA needs at least two tokens")
    idx = np.linspace(0, N - 1, min(N, max_points)).round().astype(np.int64)
    idx = np.unique(idx)
    n = idx.size
    # two passes in chunks, in float64: the mean, then the scatter matrix around it
    total = np.zeros(H)
    for a in range(0, n, 65536):
        total += X[idx[a : a + 65536]].astype(np.float64).sum(0)
    mean = total / n
    scatter = np.zeros((H, H))
    for a in range(0, n, 65536):
        c = X[idx[a : a + 65536]].astype(np.float64) - mean
        scatter += c.T @ c
    evals, evecs = np.linalg.eigh(scatter)  # ascending
    order = np.argsort(-evals)
    evals, evecs = np.clip(evals[order], 0, None), evecs[:, order]
    comps = evecs[:, :k].T.copy()
    signs = np.sign(comps[np.arange(k), np.abs(comps).argmax(1)])
    comps *= np.where(signs == 0, 1, signs)[:, None]
    var = evals / (n - 1)
    total_var = var.sum()
    name = "cell" if state == "auto" and "cell" in corpus.states else state
    name = "hidden" if name == "auto" else name
    return StateSpace(
        mean=mean,
        components=comps,
        explained=var[:k] / total_var if total_var > 0 else np.zeros(k),
        variance=var[:k],
        state=name,
        layer=layer,
        direction=direction,
        sample=n,
    )
