"""``step_payload``: everything the per-step cell view draws, as one JSON-ready dict.

The app's cell view (a Streamlit component) steps and plays through a sentence in the
browser, so it needs every step's numbers up front: the flag state of every unit, the
gates of one chosen unit, and the terms of that unit's equations
(``W_ih·x + b_ih``, ``W_hh·h + b_hh``, pre-activation, activation) from
:func:`rnnviz.tracing.terms.gate_terms` (the equations of :mod:`rnnviz.cells`).
They are the same numbers the trace holds (the tests check it to 1e-5).

Series are indexed by input position ``t``, for both directions: a backward step at ``t``
starts from the state at ``t + 1``. Numbers are rounded to ``digits`` decimals to keep
the payload small (about 100 kB for 300 tokens with 32 units).

This module is plain Python and NumPy: a notebook can build the same payload.
"""

from __future__ import annotations

import gettext
from collections.abc import Sequence

import numpy as np
from babel.numbers import get_decimal_symbol
from cell_words import CELL_VIEW, N_

from rnnviz.cells import GATES, SYMBOLS
from rnnviz.tracing import Trace
from rnnviz.tracing.terms import gate_terms, layer_input, previous

X_HEAD = 8  # how many values of the input vector x_t the view prints
LM_TOP = 5  # next-token candidates shown for a language model
G = {"lstm": 4, "gru": 3, "rnn": 1, "bag": 0}


def _round(a, digits: int | None):
    """A nested list of floats, rounded; NaN/inf (never expected) become None for JSON."""
    a = np.asarray(a, dtype=np.float64)
    if digits is not None:
        a = np.round(a, digits)
    out = a.tolist()
    if not np.isfinite(a).all():
        return _finite(out)
    return out


def _finite(x):
    if isinstance(x, list):
        return [_finite(v) for v in x]
    return x if np.isfinite(x) else None


def _order(order, H: int) -> list[int] | str:
    if order is None or order == "index":
        return list(range(H))
    if order == "change":
        return "change"
    if isinstance(order, str):
        raise ValueError(f"order must be 'index', 'change' or a list of units, got {order!r}")
    units = [int(u) for u in order]
    bad = [u for u in units if not 0 <= u < H]
    if bad:
        raise ValueError(f"order has unit indices outside 0..{H - 1}: {bad[:5]}")
    return units


def _lamps(lamps: dict | None, prop_label: str, H: int) -> dict | None:
    if lamps is None:
        return None
    for k in ("low", "high", "on_above", "on_below"):
        if len(lamps[k]) != H:
            raise ValueError(f"lamps[{k!r}] has {len(lamps[k])} units, the layer has {H}")
    return dict(lamps, property_label=prop_label or (lamps.get("property") or ""))


def _order_label(order) -> str:
    if order is None or order == "index":
        return N_("by unit index")
    if order == "change":
        return N_("largest change at this token first")
    return N_("ranked")


def _prediction(trace: Trace, digits: int | None) -> dict:
    if trace.head == "classifier":
        return {
            "type": "classifier",
            "labels": list(trace.outputs),
            "probs": _round(trace.probs, digits),
        }
    k = min(LM_TOP, trace.probs.shape[1])
    top = np.argsort(-trace.probs, axis=1)[:, :k]  # [T, k]
    p = np.take_along_axis(trace.probs, top, axis=1)
    return {
        "type": "lm",
        "tokens": [[trace.outputs[i] for i in row] for row in top.tolist()],
        "probs": _round(p, digits),
    }


def _shapes(model, trace: Trace, layer: int, say=str) -> dict:
    emb = getattr(model, "embedding", None)
    if layer > 0:
        source = (
            say(N_("layer {layer} hidden states (both directions)"))
            if (trace.num_directions == 2)
            else say(N_("layer {layer} hidden state"))
        ).format(layer=layer - 1)
    elif emb is not None:
        source = say(N_("token embedding"))
    else:
        source = say(N_("one-hot token vector"))
    H = trace.hidden.shape[-1]
    in_size = layer_input(trace, layer).shape[-1]
    g = G[trace.kind]
    shapes = {
        "input_size": int(in_size),
        "hidden_size": int(H),
        "source": source,
        "embed_size": int(emb.embedding_dim) if emb is not None else 0,
    }
    if g:
        shapes["W_ih"] = [g * H, int(in_size)]
        shapes["W_hh"] = [g * H, int(H)]
    return shapes


def step_payload(
    model,
    trace: Trace,
    layer: int = 0,
    direction: int = 0,
    unit: int | None = 0,
    threshold: float = 0.5,
    order: str | Sequence[int] | None = "index",
    order_label: str = "",
    step: int = 0,
    speed: float = 1.0,
    large: bool = False,
    digits: int | None = 4,
    lamps: dict | None = None,
    prop_label: str = "",
    catalog: gettext.NullTranslations | None = None,
) -> dict:
    """The cell view's data for one layer/direction of ``trace`` (made by ``model``).

    ``unit``: the unit whose gates and formula are shown (None: the diagram shows the mean
    over units and the formula shows unit 0). ``order``: 'index', 'change' (by
    |state_t − state_{t−1}|, computed by the view at each step) or a list of unit indices
    (a ranking; units left out are not drawn). ``digits=None`` keeps full precision.
    ``lamps``: each unit's own lamp for this layer/direction
    (:meth:`rnnviz.analysis.UnitRanges.lamps`), named ``prop_label`` for the student; without
    it a lamp is on when ``|value| ≥ threshold``. ``catalog``: the language of the view's
    words (e.g. ``app/i18n.translations("uk")``; None: English).
    """
    T = len(trace)
    if not 0 <= layer < trace.num_layers:
        raise ValueError(f"layer must be in 0..{trace.num_layers - 1}, got {layer}")
    if not 0 <= direction < trace.num_directions:
        raise ValueError(f"direction must be in 0..{trace.num_directions - 1}, got {direction}")
    kind = trace.kind
    H = trace.hidden.shape[-1]
    if unit is not None and not 0 <= unit < H:
        raise ValueError(f"unit must be in 0..{H - 1} or None, got {unit}")
    u = 0 if unit is None else int(unit)
    h = trace.hidden[layer, direction]  # [T, H]
    is_lstm = kind == "lstm" and trace.cell is not None
    state = trace.cell[layer, direction] if is_lstm else h
    x = layer_input(trace, layer)
    gate_names = list(GATES.get(kind, ()))

    series = {"h": h[:, u], "h_prev": previous(h, direction)[:, u]}
    if is_lstm:
        series["c"] = state[:, u]
        series["c_prev"] = previous(state, direction)[:, u]
    gates = {g: trace.gates[g][layer, direction][:, u] for g in gate_names}
    gates_mean = {g: trace.gates[g][layer, direction].mean(axis=1) for g in gate_names}
    terms = {
        name: {k: _round(v[:, u], digits) for k, v in d.items()}
        for name, d in gate_terms(model, trace, layer, direction).items()
    }
    if kind == "bag":
        state_name, state_symbol = N_("running mean of the embeddings"), "s"
    elif is_lstm:
        state_name, state_symbol = N_("cell state c"), "c"
    else:
        state_name, state_symbol = N_("hidden state h"), "h"
    say = (catalog or gettext.NullTranslations()).gettext
    return {
        "version": 1,
        "tokens": [{"text": t, "unknown": bool(k)} for t, k in zip(trace.tokens, trace.unknown)],
        "kind": kind,
        "head": trace.head,
        "nonlinearity": getattr(model.rnn, "nonlinearity", "tanh") if kind == "rnn" else None,
        "step": int(min(max(step, 0), T - 1)),
        "layer": int(layer),
        "direction": int(direction),
        "num_layers": int(trace.num_layers),
        "num_directions": int(trace.num_directions),
        "units": int(H),
        "unit": None if unit is None else u,
        "formula_unit": u,
        "threshold": float(threshold),
        "lamps": _lamps(lamps, prop_label, H),
        "order": _order(order, H),
        "order_label": str(order_label) or say(_order_label(order)),
        "state_name": say(state_name),
        "state_symbol": state_symbol,
        "state": _round(state, digits),
        "gate_names": gate_names,
        "gate_symbols": [
            SYMBOLS[g] if g != "candidate" else ("g" if kind == "lstm" else "n") for g in gate_names
        ],
        "series": {k: _round(v, digits) for k, v in series.items()},
        "gates": {k: _round(v, digits) for k, v in gates.items()},
        "gates_mean": {k: _round(v, digits) for k, v in gates_mean.items()},
        "terms": terms,
        "shapes": _shapes(model, trace, layer, say),
        "x_head": _round(x[:, :X_HEAD], digits),
        "x_norm": _round(np.linalg.norm(x, axis=1), digits),
        "prediction": _prediction(trace, digits),
        "speed": float(speed),
        "large": bool(large),
        "words": _words(catalog, lamps),
    }


def _words(catalog: gettext.NullTranslations | None, lamps: dict | None) -> dict[str, str]:
    """The view's words that ``catalog`` translates (English: none), English → translation."""
    if catalog is None or type(catalog) is gettext.NullTranslations:
        return {}
    out = {w: catalog.gettext(w) for w in CELL_VIEW}
    if lamps is not None and lamps.get("property"):
        n = sum(bool(f) for f in lamps.get("flag") or ())
        out["_flags_how"] = catalog.ngettext(
            "{n} unit is a flag for «{prop}» (marked ⚑): a flag's lamp is on on the «{prop}» "
            "side of its own cut, the cut that best tells, on {samples} words of generated "
            "example sentences, where «{prop}» holds from where it does not. {usual} The bar "
            "under a lamp is the unit's whole range on those sentences, shaded where it is on; "
            "the mark is the value now.",
            "{n} units are flags for «{prop}» (marked ⚑): a flag's lamp is on on the «{prop}» "
            "side of its own cut, the cut that best tells, on {samples} words of generated "
            "example sentences, where «{prop}» holds from where it does not. {usual} The bar "
            "under a lamp is the unit's whole range on those sentences, shaded where it is on; "
            "the mark is the value now.",
            n,
        )
    out = {k: v for k, v in out.items() if v != k}
    mark = get_decimal_symbol(catalog.info().get("language") or "en")
    if mark != ".":  # the JavaScript's numbers (palette.js fmt) take the language's mark
        out["_decimal"] = mark
    return out
