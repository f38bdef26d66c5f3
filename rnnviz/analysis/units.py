"""The flag finder: which single unit of a model carries a given property?

The lesson says components of the LSTM cell state behave like flags ("female noun",
"plural"). ``find_units`` turns that into a measurement: trace the model over some texts
(with :func:`rnnviz.tracing.text`, so the numbers are exactly the ones the app shows), and score
every unit of every layer and direction by how well its value alone separates tokens (or
texts) where the property holds from those where it does not.

The score is the ROC AUC: the probability that a random positive sample has a higher
value than a random negative one (ties count one half). It is computed exactly from
ranks (the Mann–Whitney U statistic), with no sampling and no thresholds. AUC 1 or 0 is
a perfect flag (0: the unit goes DOWN when the property holds); 0.5 is no information.
Units are ranked by ``auc_best = max(auc, 1 - auc)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import torch

from rnnviz.model import RNNModel, readout
from rnnviz.tracing.text import trace

STATES = ("auto", "cell", "hidden")


@dataclass(frozen=True)
class UnitScore:
    """How well one unit separates a property."""

    layer: int
    direction: int  # 0 forward, 1 backward
    unit: int
    auc: float  # P(value on a positive > value on a negative), ties count 1/2
    effect: int  # +1: the unit is higher when the property holds; -1: lower
    auc_best: float  # max(auc, 1 - auc), what the ranking uses
    state: str = "cell"  # which state was scored: cell | hidden

    def to_dict(self) -> dict:
        return asdict(self)


def rankdata(x: np.ndarray) -> np.ndarray:
    """Ranks 1..n of ``x`` along axis 0, tied values sharing their mean rank."""
    x = np.asarray(x, dtype=np.float64)
    n = x.shape[0]
    order = np.argsort(x, axis=0, kind="mergesort")
    xs = np.take_along_axis(x, order, axis=0)
    ranks_sorted = np.empty_like(xs)
    for col in np.ndindex(*xs.shape[1:]):
        v = xs[(slice(None), *col)]
        # boundaries of runs of equal values; each run gets the mean of its positions
        starts = np.flatnonzero(np.r_[True, v[1:] != v[:-1]])
        ends = np.r_[starts[1:], n]
        mean_rank = (starts + ends + 1) / 2.0  # positions start+1 .. end, averaged
        ranks_sorted[(slice(None), *col)] = np.repeat(mean_rank, ends - starts)
    ranks = np.empty_like(ranks_sorted)
    np.put_along_axis(ranks, order, ranks_sorted, axis=0)
    return ranks


def auc(scores: np.ndarray, labels: Sequence[int] | np.ndarray) -> np.ndarray | float:
    """Exact ROC AUC of ``scores`` (``[n]`` or ``[n, k]`` columns) for 0/1 ``labels``.

    AUC = (R₊ − n₊(n₊+1)/2) / (n₊·n₋), where R₊ is the sum of the positives' ranks.
    """
    y = np.asarray(labels).astype(bool)
    s = np.asarray(scores, dtype=np.float64)
    if s.shape[0] != y.shape[0]:
        raise ValueError(f"{s.shape[0]} scores but {y.shape[0]} labels")
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if n_pos == 0 or n_neg == 0:
        raise ValueError("the AUC needs both positive and negative samples")
    r = rankdata(s)
    out = (r[y].sum(axis=0) - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
    return float(out) if np.ndim(out) == 0 else out


def _state_name(model, state: str) -> str:
    if state not in STATES:
        raise ValueError(f"state must be one of {STATES}, got {state!r}")
    if state == "auto":
        kind = model.config.cell if isinstance(model, RNNModel) else type(model.rnn).__name__
        return "cell" if str(kind).lower() == "lstm" else "hidden"
    return state


def collect(
    model, texts: Sequence[str], targets: Sequence, state: str = "auto", **trace_kwargs
) -> tuple[np.ndarray, np.ndarray, tuple[int, int, int], str]:
    """Samples ``[n, layers·directions·units]`` and their 0/1 labels, from traces.

    ``targets[i]`` is either a list of 0/1 per token of ``texts[i]`` (every token is a
    sample) or one 0/1 label for the whole text (one sample: the state the classifier
    reads, i.e. the last token for the forward direction and the first token for the
    backward one, which has read the whole text by then).
    """
    if len(texts) != len(targets):
        raise ValueError(f"{len(texts)} texts but {len(targets)} annotations/labels")
    if not texts:
        raise ValueError("find_units needs at least one text")
    which = _state_name(model, state)
    rows, ys, shape = [], [], None
    for i, (text, target) in enumerate(zip(texts, targets)):
        tr = trace(model, text, **trace_kwargs)
        s = tr.state(which)  # [L, D, T, H]
        if which == "cell" and tr.cell is None:
            raise ValueError(f"this {tr.kind} model has no cell state; use state='hidden'")
        L, D, T, H = s.shape
        shape = (L, D, H)
        if np.ndim(target) == 0:  # every layer's final states, read as the classifier reads
            final = [readout(torch.from_numpy(np.concatenate(list(s[k]), -1)[None]), "last", D)
                     for k in range(L)]  # fmt: skip
            rows.append(torch.cat(final, -1).numpy())  # [1, L·D·H]
            ys.append([int(target)])
        else:
            if len(target) != T:
                raise ValueError(
                    f"text {i} has {T} tokens {tr.tokens[:8]}... but {len(target)} annotations; "
                    "annotations must be aligned to the model's tokens"
                )
            rows.append(s.transpose(2, 0, 1, 3).reshape(T, -1))  # [T, L·D·H]
            ys.append([int(v) for v in target])
    y = np.concatenate([np.asarray(v) for v in ys])
    if not set(np.unique(y)) <= {0, 1}:
        raise ValueError("annotations and labels must be 0 or 1")
    return np.concatenate(rows), y, shape, which


def find_units(
    model,
    texts: Sequence[str],
    annotations_or_labels: Sequence,
    state: str = "auto",
    **trace_kwargs,
) -> list[UnitScore]:
    """Every unit ranked by how well it alone separates the property, best first.

    ``state``: 'auto' (the cell state of an LSTM, the hidden state otherwise), 'cell' or
    'hidden'. ``trace_kwargs`` go to :func:`rnnviz.tracing.text` (``vocab``/``tokenizer`` for a
    model that is not an ``RNNModel``).
    """
    X, y, (_, D, H), which = collect(model, texts, annotations_or_labels, state, **trace_kwargs)
    if y.min() == y.max():
        raise ValueError(
            f"the property is {'always' if y[0] else 'never'} true in these texts; "
            "find_units needs examples where it holds and where it does not"
        )
    a = np.atleast_1d(auc(X, y))
    out = []
    for k, v in enumerate(a):
        layer, rest = divmod(k, D * H)
        direction, unit = divmod(rest, H)
        out.append(
            UnitScore(
                layer, direction, unit, float(v), 1 if v >= 0.5 else -1, float(max(v, 1 - v)), which
            )
        )
    # stable sort: ties keep the natural (layer, direction, unit) order
    return sorted(out, key=lambda r: -r.auc_best)
