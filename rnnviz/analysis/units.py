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

    def summary(self) -> dict:
        """The record a model card keeps: where the unit is, its AUC (4 decimals), effect."""
        d = self.to_dict()
        d["auc"], d["auc_best"] = round(self.auc, 4), round(self.auc_best, 4)
        return d


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


# ---- lamps: each unit's own "on" range --------------------------------------------------
#
# One absolute threshold cannot show a flag: one unit lives in −0.1…+0.1, another in −6…+3,
# and a flag unit may say "plural" at −0.8 as clearly as another says it at +2. So each unit
# gets its own cut, measured on a reference sample of the model's task: for a property, the
# cut that best separates the tokens where it holds from those where it does not (highest
# balanced accuracy, i.e. Youden's J); with no property (and for units that are no flag for it),
# the unit's usual range, mean ± 1.5 standard deviations, outside which it is "on" (high or low).


def best_cuts(
    X: np.ndarray, labels: Sequence[int] | np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each column of ``X`` (``[n, k]``), the cut that best separates 0/1 ``labels``.

    Returns ``(cut, effect, balanced)``, each ``[k]``: the lamp of column j is on when
    ``effect[j] * (x − cut[j]) > 0`` (effect +1: on above the cut; −1: on below it), and
    ``balanced[j]`` is its balanced accuracy on the sample, (true-positive rate +
    true-negative rate) / 2, the highest any cut of that column reaches in either direction.
    A cut lies halfway between two neighbouring sample values, so no sample sits on it.
    """
    y = np.asarray(labels).astype(bool)
    X = np.asarray(X, dtype=np.float64)
    if X.ndim == 1:
        X = X[:, None]
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"{X.shape[0]} samples but {y.shape[0]} labels")
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if n_pos == 0 or n_neg == 0:
        raise ValueError("a cut needs both positive and negative samples")
    order = np.argsort(X, axis=0, kind="mergesort")
    xs = np.take_along_axis(X, order, axis=0)  # ascending
    ys = y[order]
    # "on above the cut" with the cut just above sorted position i: the samples after i
    pos_above = n_pos - np.cumsum(ys, axis=0)
    neg_above = n_neg - np.cumsum(~ys, axis=0)
    j_up = pos_above / n_pos - neg_above / n_neg  # TPR − FPR, on above the cut
    # a cut can only fall between two DIFFERENT values (not inside a run of ties, not after
    # the last value, which would be a lamp that is never on)
    valid = np.zeros_like(xs, dtype=bool)
    valid[:-1] = xs[1:] != xs[:-1]
    j_up = np.where(valid, j_up, -np.inf)
    j_down = np.where(valid, -j_up, -np.inf)  # on below the cut: the mirror image
    i_up, i_down = j_up.argmax(axis=0), j_down.argmax(axis=0)
    cols = np.arange(X.shape[1])
    best_up, best_down = j_up[i_up, cols], j_down[i_down, cols]
    up = best_up >= best_down
    i = np.where(up, i_up, i_down)
    nxt = np.minimum(i + 1, X.shape[0] - 1)
    cut = (xs[i, cols] + xs[nxt, cols]) / 2
    J = np.where(up, best_up, best_down)
    J = np.where(np.isfinite(J), J, 0.0)  # a constant column: no cut separates anything
    return cut, np.where(up, 1, -1), (1 + J) / 2


@dataclass(frozen=True)
class UnitRanges:
    """Every unit's own lamp, measured on a reference sample; arrays are ``[L, D, H]``.

    ``low``/``high``: the smallest and largest value the unit took on the sample (its range,
    drawn as a small scale). ``on_above``/``on_below``: the lamp is on when the value is
    above ``on_above`` or below ``on_below`` (NaN: no such side). ``balanced``: for a
    property, the balanced accuracy of the unit's best cut on the sample (NaN without one).
    ``flag``: the unit's lamp shows the property (its best cut reaches ``min_balanced``);
    every other lamp shows the unit's usual range.
    """

    state: str  # cell | hidden
    property: str | None
    low: np.ndarray
    high: np.ndarray
    on_above: np.ndarray
    on_below: np.ndarray
    balanced: np.ndarray
    flag: np.ndarray  # bool
    samples: int  # tokens in the reference sample

    def ranked(self, layer: int | None = None, direction: int | None = None) -> list[dict]:
        """Units by how well their lamp shows the property, best first (needs a property)."""
        if self.property is None:
            return []
        L, D, H = self.balanced.shape
        rows = [
            dict(
                layer=a,
                direction=b,
                unit=u,
                balanced=float(self.balanced[a, b, u]),
                flag=bool(self.flag[a, b, u]),
            )
            for a in range(L)
            for b in range(D)
            for u in range(H)
            if (layer is None or a == layer) and (direction is None or b == direction)
        ]
        return sorted(rows, key=lambda r: -r["balanced"])  # stable: ties keep unit order

    def lamps(self, layer: int, direction: int, digits: int = 4) -> dict:
        """One layer/direction as plain lists (for JSON; NaN becomes None)."""

        def col(a: np.ndarray) -> list:
            return [
                None if not np.isfinite(v) else round(float(v), digits) for v in a[layer, direction]
            ]

        return {
            "property": self.property,
            "state": self.state,
            "samples": self.samples,
            "low": col(self.low),
            "high": col(self.high),
            "on_above": col(self.on_above),
            "on_below": col(self.on_below),
            "balanced": col(self.balanced),
            "flag": [bool(v) for v in self.flag[layer, direction]],
        }


def unit_ranges(
    model,
    texts: Sequence[str],
    annotations: Sequence | None = None,
    property: str | None = None,
    state: str = "auto",
    min_balanced: float = 0.8,
    spread: float = 1.5,
    **trace_kwargs,
) -> UnitRanges:
    """Each unit's own lamp from a reference sample of texts (see :class:`UnitRanges`).

    A lamp is on outside its unit's usual range: mean ± ``spread`` standard deviations over
    every token of the sample. With per-token 0/1 ``annotations`` of a ``property`` (one list per
    text), a unit whose best cut for it (:func:`best_cuts`) reaches a balanced accuracy of
    ``min_balanced`` is a flag for it: its lamp is on on the property's side of that cut.
    (Every unit has SOME best cut; lighting them all would make most lamps noise.)
    """
    if annotations is None:
        annotations = [[0] * len(trace(model, t, **trace_kwargs)) for t in texts]
    X, y, shape, which = collect(model, texts, annotations, state, **trace_kwargs)
    L, D, H = shape

    def grid(a: np.ndarray) -> np.ndarray:
        return np.asarray(a, dtype=np.float64).reshape(L, D, H)

    mean, std = X.mean(axis=0), X.std(axis=0)
    above, below = mean + spread * std, mean - spread * std
    balanced, flag = np.full(X.shape[1], np.nan), np.zeros(X.shape[1], dtype=bool)
    if property is not None:
        if y.min() == y.max():
            raise ValueError(
                f"“{property}” is {'always' if y[0] else 'never'} true in these texts; "
                "a cut needs tokens where it holds and where it does not"
            )
        cut, effect, balanced = best_cuts(X, y)
        flag = balanced >= min_balanced
        above = np.where(flag, np.where(effect > 0, cut, np.nan), above)
        below = np.where(flag, np.where(effect < 0, cut, np.nan), below)
    return UnitRanges(
        state=which,
        property=property,
        low=grid(X.min(axis=0)),
        high=grid(X.max(axis=0)),
        on_above=grid(above),
        on_below=grid(below),
        balanced=grid(balanced),
        flag=grid(flag).astype(bool),
        samples=int(X.shape[0]),
    )
