"""``step_walk``: one time step of one cell, taken apart one operation at a time.

The "Inside one step" view walks a student through what a recurrent layer does with ONE
token, the way CNN Explainer walks through a convolution: the embedding lookup, the state
carried in, every gate of the chosen unit as a row of W_ih times x_t plus a row of W_hh
times h_{t−1} (split into its terms, so the student sees which numbers pushed the gate up
or down), the elementwise updates, and the whole layer at that step.

Equations follow PyTorch (see :mod:`rnnviz.cells`): tanh, ``W_ih``/``W_hh`` with the gates
stacked i, f, g, o (LSTM) and r, z, n (GRU). The lesson writes W as emb_size × hid_size
and multiplies x·W; PyTorch stores the transpose (hid × emb) and computes W_ih·x.

Every number is the trace's own or recomputed here from the real weights, input and
previous state; the tests hold them against the trace to 1e-5. Plain Python and NumPy:
the result is JSON-ready (full precision), and a notebook can print it. Its words go through
the figures' translator (``rnnviz.figures.words``: English in a notebook, the session's
language in the app, where the router sets it), with the view's own in ``walk["words"]``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from cell_words import CELL_VIEW, STEP_WALK

from rnnviz.cells import GATES, SYMBOLS, CellWeights

# the words in the session's language: the figures' translator, which the router sets per
# rerun (English outside the app), so this module stays free of Streamlit
from rnnviz.figures.words import N_, _, decimal_mark, num
from rnnviz.tracing.terms import gate_terms, layer_input, previous
from rnnviz.tracing.text import Trace

HEAD = 8  # how many values of a vector the summary prints
TOP = 5  # contributors shown per side (input, previous state)

# what each gate does, in a student's words (GRU z is named by what it does: keep)
# (marked N_(): shown as _(label), _(meaning))
MEANING = {
    "input": (N_("Input gate i"), N_("how much of the candidate gets written into the cell")),
    "forget": (N_("Forget gate f"), N_("how much of the old cell state is kept")),
    "lstm candidate": (N_("Candidate g"), N_("the new value proposed for the cell")),
    "output": (N_("Output gate o"), N_("how much of the cell is shown as the output h")),
    "reset": (N_("Reset gate r"), N_("how much of the old state the candidate may look at")),
    "update": (N_("Update gate z (keep old state)"), N_("how much of the old state is KEPT")),
    "gru candidate": (N_("Candidate n"), N_("the new value proposed for the state")),
    "rnn": (
        N_("The sum before squashing"),
        N_("the input's part and the memory's part added up"),
    ),
}


def _numbers(n: int) -> str:
    """ "{n} numbers": the glyphs' size note (n > 1 in every walk)."""
    return _("{n} numbers").format(n=n)


def _f(v) -> float | None:
    v = float(v)
    return v if np.isfinite(v) else None


def _list(a) -> list:
    return [_f(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def vector(a) -> dict:
    """A vector as the walk shows it: size, first values, norm, range, and all values."""
    a = np.asarray(a, dtype=np.float64).ravel()
    lo, hi = (_f(a.min()), _f(a.max())) if a.size else (None, None)
    return {"size": int(a.size), "head": _list(a[:HEAD]), "norm": _f(np.linalg.norm(a)),
            "min": lo, "max": hi, "values": _list(a)}  # fmt: skip


def _mat(name: str, rows: int, cols: int, note: str = "", **extra) -> dict:
    """A matrix (or a column vector, cols=1) as a glyph: name, size, what it is."""
    return {"name": name, "rows": int(rows), "cols": int(cols), "note": note, **extra}


def _op(id: str, kind: str, title: str, text: str, formula: str, shapes: list, **numbers):
    return {"id": id, "kind": kind, "title": title, "text": text, "formula": formula,
            "shapes": shapes, **numbers}  # fmt: skip


def _terms(weights: np.ndarray, values: np.ndarray, labels: list[str], scale: float = 1.0):
    """One row times one vector, split into its terms (each ×``scale``), and the top ones."""
    products = scale * weights * values
    order = np.argsort(-np.abs(products), kind="stable")
    top = [{"index": int(j), "label": labels[j], "weight": _f(weights[j]),
            "value": _f(values[j]), "product": _f(products[j])} for j in order[:TOP]]  # fmt: skip
    return {"top": top, "rest": _f(products[order[TOP:]].sum()),
            "rest_count": max(len(products) - TOP, 0), "total": _f(products.sum()),
            "weights": _list(weights), "products": _list(products), "scale": _f(scale)}  # fmt: skip


def _symbol(kind: str, name: str) -> str:
    if name == "candidate":
        return "g" if kind == "lstm" else "n"
    return SYMBOLS.get(name, "")


@dataclass
class _Step:
    """What every operation of one walk refers to."""

    model: object
    trace: Trace
    t: int
    layer: int
    direction: int
    u: int
    x: np.ndarray  # [in]
    h_prev: np.ndarray  # [H]

    @property
    def H(self) -> int:
        return self.h_prev.size

    @property
    def pm(self) -> str:  # the previous step's subscript: a backward step starts from t+1
        return "ₜ₊₁" if self.direction == 1 else "ₜ₋₁"

    @property
    def token(self) -> str:
        return self.trace.tokens[self.t]

    def input_labels(self) -> list[str]:
        n, k = self.x.size, self.layer - 1
        if self.layer == 0:
            sym = "x" if getattr(self.model, "embedding", None) is not None else "one-hot"
            return [f"{sym}[{j}]" for j in range(n)]
        if self.trace.num_directions == 1:
            return [f"h{k}[{j}]" for j in range(n)]
        return [f"h{k}→[{j}]" if j < self.H else f"h{k}←[{j - self.H}]" for j in range(n)]


def _embed_op(s: _Step) -> dict:
    tr, t, x, n = s.trace, s.t, s.x, s.x.size
    emb = getattr(s.model, "embedding", None)
    if s.layer > 0:
        k, both = s.layer - 1, tr.num_directions == 2
        if both:
            text = _(
                "Layer {layer} does not see the word itself: its input xₜ is what layer "
                "{k} output at this token, both directions side by side."
            )
            formula = _("xₜ = [h→ₜ ; h←ₜ] of layer {k}")
        else:
            text = _(
                "Layer {layer} does not see the word itself: its input xₜ is what layer "
                "{k} output at this token."
            )
            formula = _("xₜ = hₜ of layer {k}")
        return _op(
            "read", "read",
            "1. " + _("Read layer {k}'s output at «{token}»").format(k=k, token=s.token),
            text.format(layer=s.layer, k=k), formula.format(k=k),
            [_mat("xₜ", n, 1, _numbers(n))], x=vector(x),
        )  # fmt: skip
    i = int(tr.ids[t])
    if emb is None:
        return _op(
            "embed", "embed",
            "1. " + _("Turn «{token}» into a one-hot vector").format(token=s.token),
            _("This model has no embedding: xₜ is all zeros with a single 1 at the token's "
              "index in the vocabulary."),
            f"xₜ = one_hot({i})", [_mat("xₜ", n, 1, _("{n} numbers, one of them 1").format(n=n))],
            token_id=i, x=vector(x),
        )  # fmt: skip
    V, E = emb.weight.shape
    text = _(
        "The word becomes its row number in the vocabulary ({i}), and that row of the "
        "embedding table is the vector xₜ the cell reads."
    ).format(i=i)
    if tr.unknown[t]:
        text += " " + _("The word is not in the vocabulary, so it reads the <unk> row.")
    return _op(
        "embed", "embed", "1. " + _("Look up the embedding of «{token}»").format(token=s.token),
        text, f"xₜ = embedding[{i}]",
        [_mat("embedding", V, E, _("{v} words × {e} numbers").format(v=V, e=E), row=i),
         _mat("xₜ", E, 1, _("embedding[{i}] → xₜ: {e} numbers").format(i=i, e=E))],
        token_id=i, x=vector(x),
    )  # fmt: skip


def _prev_op(s: _Step, c_prev) -> dict:
    pm, H = s.pm, s.H
    where = (
        _("what it computed one token earlier")
        if s.direction == 0
        else _("reading right to left, the state comes from the token after this one")
    )
    if s.h_prev.any():
        text = _("The cell's memory: {where}.").format(where=where)
    else:
        text = _("The cell's memory: {where} (all zeros: nothing has been read yet).").format(
            where=where
        )
    if c_prev is not None:
        text += " " + _("An LSTM carries two vectors: the cell state c and the output h.")
    extra = {"c_prev": vector(c_prev)} if c_prev is not None else {}
    if s.direction == 0:
        title = _("Bring in the state from the previous step")
    else:
        title = _("Bring in the state from the next token (backward direction)")
    return _op(
        "prev", "prev", "2. " + title, text,
        f"h{pm}" + (f", c{pm}" if c_prev is not None else ""),
        [_mat(f"h{pm}", H, 1, _numbers(H))], h_prev=vector(s.h_prev), **extra,
    )  # fmt: skip


def _gate_op(s: _Step, n: int, k: int, name: str, w: dict, tv: dict, r: float) -> dict:
    """Gate ``name`` (the ``k``-th block of the weights) of unit ``s.u``, as op ``n``."""
    kind, H, u, pm, x = s.trace.kind, s.H, s.u, s.pm, s.x
    names = GATES[kind] or ("rnn",)
    G, row, lo = len(names), k * H + s.u, k * H
    label, meaning = MEANING[f"{kind} {name}" if name == "candidate" else name]
    sym = _symbol(kind, name)
    fn = "tanh" if name == "candidate" else ("σ" if sym else s.model.rnn.nonlinearity)
    gru_n = kind == "gru" and name == "candidate"
    wi, wh = (f"W_i{sym}", f"W_h{sym}") if sym else ("W_ih", "W_hh")
    bi, bh = (f"b_i{sym}", f"b_h{sym}") if sym else ("b_ih", "b_hh")
    if gru_n:
        formula = f"n = tanh(W_in·xₜ + b_in + r ⊙ (W_hn·h{pm} + b_hn))"
    else:
        formula = f"{sym or 'pre'} = " + (f"{fn}(" if sym else "") + \
            f"{wi}·xₜ + {bi} + {wh}·h{pm} + {bh}" + (")" if sym else "")  # fmt: skip
    if sym:
        text = _("Unit {u} takes row {u} of {wi} times xₜ and row {u} of {wh} times h{pm}, "
                 "adds the biases, and squashes the sum with {fn}.")  # fmt: skip
    else:
        text = _("Unit {u} takes row {u} of W_ih times xₜ and row {u} of W_hh times h{pm} "
                 "and adds the biases. The lesson's W is emb×hid and H is hid×hid; PyTorch "
                 "stores W_ih as hid×emb and computes W_ih·x.")  # fmt: skip
    text = text.format(u=u, wi=wi, wh=wh, pm=pm, fn=fn)
    if gru_n:
        text += " " + _("The memory side is first scaled by the reset gate: r = {r}.").format(
            r=num(r, ".3f")
        )
    if G > 1:
        block = _("rows {lo}–{hi}").format(lo=lo, hi=lo + H - 1)
    else:
        block = _("all rows")
    stack = _("gates stacked {gates}").format(gates=", ".join(_symbol(kind, g) for g in names))
    shapes = [
        _mat("W_ih", G * H, x.size, stack if G > 1 else _("hidden × input"), block=[lo, lo + H],
             row=row),
        _mat("xₜ", x.size, 1, _numbers(x.size)),
        _mat("W_hh", G * H, H, stack if G > 1 else _("hidden × hidden"), block=[lo, lo + H],
             row=row),
        _mat(f"h{pm}", H, 1, _numbers(H)),
    ]  # fmt: skip
    b_ih, b_hh = float(w["b_ih"][row]), float(w["b_hh"][row])
    hl = [f"h{pm}[{j}]" for j in range(H)]
    return _op(
        name, "gate", f"{n}. {_(label)}: {_(meaning)}", text, formula, shapes,
        gate=name, symbol=sym, fn=fn, row=row,
        block=_("{wi} = {block} of W_ih ({h}×{n}); {wh} = {block} of W_hh ({h}×{h})").format(
            wi=wi, wh=wh, block=block, h=H, n=x.size)
        if G > 1 else f"W_ih: {H}×{x.size}, W_hh: {H}×{H}",
        input=_terms(w["W_ih"][row], s.x.astype(np.float64), s.input_labels()),
        hidden=_terms(w["W_hh"][row], s.h_prev.astype(np.float64), hl, scale=r),
        b_ih=b_ih, b_hh=b_hh, reset=r if gru_n else None, bias=b_ih + r * b_hh,
        x_part=tv["x"], h_part=tv["h"], pre=tv["pre"], act=tv["act"],
    )  # fmt: skip


def _update_ops(s: _Step, n: int, g: dict, h: float, c_pair) -> list[dict]:
    """The elementwise updates of unit ``s.u``: cₜ and hₜ (LSTM), hₜ (GRU, RNN)."""
    kind, pm, H = s.trace.kind, s.pm, s.H
    hp = float(s.h_prev[s.u])
    shape = lambda v: [_mat(v, H, 1, _("{n} numbers, one per unit").format(n=H))]  # noqa: E731
    if kind == "lstm":
        cp, c = c_pair
        i, f, gg, o = g["input"], g["forget"], g["candidate"], g["output"]
        return [
            _op("cell", "update", f"{n}. " + _("Update the cell state: keep some, write some"),
                _("Elementwise, for every unit at once: the forget gate keeps f = {f} of the "
                  "old value; the input gate writes i = {i} of the candidate g = {g}.").format(
                    f=num(f, ".3f"), i=num(i, ".3f"), g=num(gg, ".3f")),
                f"cₜ = f ⊙ c{pm} + i ⊙ g", shape("cₜ"),
                values={"f": f, "c_prev": cp, "kept": f * cp, "i": i, "g": gg,
                        "written": i * gg, "c": c}),
            _op("hidden", "update", f"{n + 1}. " + _("Compute the output h: show part of the cell"),
                _("The cell state is squashed with tanh, and the output gate o = {o} chooses "
                  "how much of it becomes hₜ, the state the next step and the layer above "
                  "read.").format(o=num(o, ".3f")), "hₜ = o ⊙ tanh(cₜ)", shape("hₜ"),
                values={"o": o, "c": c, "tanh_c": float(np.tanh(c)), "h": h}),
        ]  # fmt: skip
    if kind == "gru":
        z, nn_ = g["update"], g["candidate"]
        return [
            _op("hidden", "update", f"{n}. " + _("Mix the old state and the candidate"),
                _("The update gate z = {z} keeps that share of the old state; the rest, "
                  "1 − z = {rest}, is taken from the candidate n = {n}. z near 1 means: keep "
                  "the old state.").format(
                    z=num(z, ".3f"), rest=num(1 - z, ".3f"), n=num(nn_, ".3f")),
                f"hₜ = (1 − z) ⊙ n + z ⊙ h{pm}", shape("hₜ"),
                values={"z": z, "n": nn_, "h_prev": hp, "kept": z * hp,
                        "taken": (1 - z) * nn_, "h": h}),
        ]  # fmt: skip
    fn = s.model.rnn.nonlinearity
    if fn == "tanh":
        why = _(
            "tanh keeps the state between −1 and 1. (The lesson writes σ; PyTorch's RNN "
            "uses tanh or relu.)"
        )
    else:
        why = _(
            "{fn} zeroes negative sums. (The lesson writes σ; PyTorch's RNN uses tanh or relu.)"
        ).format(fn=fn)
    return [
        _op("hidden", "update", f"{n}. " + _("Squash with {fn}: the new state hₜ").format(fn=fn),
            why, _("hₜ = {fn}(sum)").format(fn=fn), shape("hₜ"),
            values={"pre": g["rnn_pre"], "h": h, "h_prev": hp}),
    ]  # fmt: skip


def _view_words() -> dict[str, str]:
    """The step walk's (and its diagram's) words in the translator's language (English: none)."""
    out = {w: _(w) for w in (*CELL_VIEW, *STEP_WALK)}
    out = {k: v for k, v in out.items() if v != k}
    if decimal_mark() != ".":  # the JavaScript's numbers (palette.js fmt) take it too
        out["_decimal"] = decimal_mark()
    return out


@torch.no_grad()
def step_walk(
    model,
    trace: Trace,
    step: int,
    layer: int = 0,
    direction: int = 0,
    unit: int = 0,
    large: bool = False,
) -> dict:
    """The operations of step ``step`` of ``trace`` (made by ``model``), for one unit.

    Returns ``{"kind", "token", "step", …, "ops": [...], "layer_view": {...}}``; each op has
    ``id``, ``kind`` (embed|read|prev|gate|update|layer|mean), ``title``, ``text``,
    ``formula``, ``shapes`` and its numbers. A gate op's ``input``/``hidden`` hold every
    term of its row product, so ``input.total + hidden.total + bias == pre``. A backward
    direction's "previous" state is the one at t + 1. ``large``: teacher mode (big text).
    """
    T, H = len(trace), trace.hidden.shape[-1]
    limits = {"step": (step, T), "layer": (layer, trace.num_layers), "unit": (unit, H),
              "direction": (direction, trace.num_directions)}  # fmt: skip
    for name, (v, hi) in limits.items():
        if not 0 <= v < hi:
            raise ValueError(f"{name} must be in 0..{hi - 1}, got {v}")
    t, u, kind = int(step), int(unit), trace.kind
    h_all = trace.hidden[layer, direction]  # [T, H]
    s = _Step(model, trace, t, int(layer), int(direction), u, layer_input(trace, layer)[t],
              previous(h_all, direction)[t])  # fmt: skip
    walk = {
        "version": 1, "kind": kind, "token": s.token, "unknown": bool(trace.unknown[t]),
        "tokens": list(trace.tokens), "step": t, "layer": s.layer, "direction": s.direction,
        "num_layers": int(trace.num_layers), "num_directions": int(trace.num_directions),
        "unit": u, "units": int(H), "input_size": int(s.x.size), "prev": s.pm,
        "nonlinearity": model.rnn.nonlinearity if kind == "rnn" else None,
        "large": bool(large), "words": _view_words(),
    }  # fmt: skip
    if kind == "bag":
        s_prev, n = s.h_prev, s.x.size
        walk["ops"] = [_embed_op(s), _op(
            "mean", "mean", "2. " + _("Update the running mean"),
            _("The bag of embeddings has no cell and no gates: its state is the average of all "
              "token vectors so far, so the order of the words cannot matter."),
            f"sₜ = ({t} · sₜ₋₁ + xₜ) / {t + 1}", [_mat("sₜ", n, 1, _numbers(n))],
            weights={"old": t / (t + 1), "new": 1 / (t + 1)},
            s_prev=vector(s_prev), s=vector(h_all[t]),
        )]  # fmt: skip
        walk["layer_view"] = {"gates": {}, "states": {"s": _list(h_all[t])}}
        return walk

    lstm = kind == "lstm"
    c_all = trace.cell[layer, direction] if lstm else None
    c_prev = previous(c_all, direction)[t] if lstm else None
    cw = CellWeights.of(model.rnn, layer, reverse=direction == 1)
    w = {k: getattr(cw, k).detach().cpu().double().numpy() for k in ("W_ih", "W_hh")}
    for b in ("b_ih", "b_hh"):
        v = getattr(cw, b)
        w[b] = v.detach().cpu().double().numpy() if v is not None else np.zeros(w["W_ih"].shape[0])
    terms = gate_terms(model, trace, layer, direction)
    names = GATES[kind] or ("rnn",)
    G = len(names)
    walk["shapes"] = {"W_ih": [G * H, int(s.x.size)], "W_hh": [G * H, H]}

    ops = [_embed_op(s), _prev_op(s, c_prev)]
    acts = {}
    for k, name in enumerate(names):
        tv = {key: float(v[t, u]) for key, v in terms[name].items()}
        r = acts["reset"] if (kind == "gru" and name == "candidate") else 1.0
        ops.append(_gate_op(s, len(ops) + 1, k, name, w, tv, r))
        acts[name] = tv["act"]
    acts["rnn_pre"] = ops[-1]["pre"]
    c_pair = (float(c_prev[u]), float(c_all[t, u])) if lstm else None
    ops += _update_ops(s, len(ops) + 1, acts, float(h_all[t, u]), c_pair)

    states = {"h": _list(h_all[t]), "h_prev": _list(s.h_prev)}
    if lstm:
        states.update(c=_list(c_all[t]), c_prev=_list(c_prev))
    walk["layer_view"] = {
        "gates": {g: _list(trace.gates[g][layer, direction][t]) for g in GATES[kind]},
        "states": states,
    }
    ops.append(_op(
        "layer", "layer",
        f"{len(ops) + 1}. " + _("Zoom out: all {n} units did this at once").format(n=H),
        _("Unit {u} is one row of the matrices. The layer computes every gate of all {n} units "
          "in one matrix product; each strip shows one gate (or state) for every unit.").format(
            u=u, n=H),
        _("all rows at once: W_ih·xₜ + b_ih and W_hh·h{pm} + b_hh").format(pm=s.pm),
        [_mat("W_ih", G * H, s.x.size, _("every row, every gate"), block=[0, G * H]),
         _mat("W_hh", G * H, H, _("every row, every gate"), block=[0, G * H]),
         _mat("hₜ", H, 1, _("{n} numbers, one per unit").format(n=H))],
    ))  # fmt: skip
    walk["ops"] = ops
    return walk
