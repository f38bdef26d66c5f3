"""An independent oracle for the tests: PyTorch's documented recurrences in float64 NumPy.

Written from the ``torch.nn.RNN`` / ``LSTM`` / ``GRU`` documentation alone, reading the
modules' raw parameters (``weight_ih_l0`` …), sharing no code with rnnviz. The gate order
is PyTorch's: ``weight_ih`` stacks (W_ii | W_if | W_ig | W_io) for the LSTM and
(W_ir | W_iz | W_in) for the GRU. Every caller also checks the oracle's h against the
module's own output, so a wrong order here would fail there: the labels are grounded in
PyTorch, not in the code under test.
"""

from __future__ import annotations

import numpy as np
import torch

LSTM_ORDER = ("input", "forget", "candidate", "output")
GRU_ORDER = ("reset", "update", "candidate")


def _sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def _param(m: torch.nn.Module, name: str) -> np.ndarray | None:
    p = getattr(m, name, None)
    return None if p is None else p.detach().cpu().double().numpy()


def recurrence(m: torch.nn.RNNBase, x: np.ndarray) -> list[list[dict]]:
    """``x``: ``[T, in]`` (one sequence). Returns ``layers[l][d]`` with ``h`` ``[T, H]``, ``c``
    (LSTM) and ``parts[gate] = {x, h, pre, act}`` each ``[T, H]``, indexed by input position
    (a backward step at t starts from the state at t + 1)."""
    kind = type(m).__name__.lower()  # lstm | gru | rnn
    T, H = x.shape[0], m.hidden_size
    D = 2 if m.bidirectional else 1
    inp = x.astype(np.float64)
    out = []
    for layer in range(m.num_layers):
        dirs = []
        for d in range(D):
            sfx = f"_l{layer}" + ("_reverse" if d else "")
            W, U = _param(m, "weight_ih" + sfx), _param(m, "weight_hh" + sfx)
            bi = _param(m, "bias_ih" + sfx)
            bh = _param(m, "bias_hh" + sfx)
            bi = np.zeros(W.shape[0]) if bi is None else bi
            bh = np.zeros(W.shape[0]) if bh is None else bh
            order = {"lstm": LSTM_ORDER, "gru": GRU_ORDER}.get(kind, ("rnn",))
            h, c = np.zeros(H), np.zeros(H)
            hs, cs = np.zeros((T, H)), np.zeros((T, H))
            parts = {g: {k: np.zeros((T, H)) for k in ("x", "h", "pre", "act")} for g in order}
            for t in range(T) if d == 0 else range(T - 1, -1, -1):
                xp = W @ inp[t] + bi
                hp = U @ h + bh
                xs = dict(zip(order, np.split(xp, len(order))))
                hh = dict(zip(order, np.split(hp, len(order))))
                if kind == "lstm":
                    act = {
                        "input": _sigmoid(xs["input"] + hh["input"]),
                        "forget": _sigmoid(xs["forget"] + hh["forget"]),
                        "candidate": np.tanh(xs["candidate"] + hh["candidate"]),
                        "output": _sigmoid(xs["output"] + hh["output"]),
                    }
                    pre = {g: xs[g] + hh[g] for g in order}
                    c = act["forget"] * c + act["input"] * act["candidate"]
                    h = act["output"] * np.tanh(c)
                elif kind == "gru":
                    r = _sigmoid(xs["reset"] + hh["reset"])
                    z = _sigmoid(xs["update"] + hh["update"])
                    pre = {
                        "reset": xs["reset"] + hh["reset"],
                        "update": xs["update"] + hh["update"],
                        "candidate": xs["candidate"] + r * hh["candidate"],
                    }
                    n = np.tanh(pre["candidate"])
                    act = {"reset": r, "update": z, "candidate": n}
                    h = (1 - z) * n + z * h
                else:
                    pre = {"rnn": xs["rnn"] + hh["rnn"]}
                    f = np.tanh if m.nonlinearity == "tanh" else lambda a: np.maximum(a, 0)
                    act = {"rnn": f(pre["rnn"])}
                    h = act["rnn"]
                for g in order:
                    for k, v in (("x", xs[g]), ("h", hh[g]), ("pre", pre[g]), ("act", act[g])):
                        parts[g][k][t] = v
                hs[t], cs[t] = h, c
            dirs.append({"h": hs, "c": cs if kind == "lstm" else None, "parts": parts})
        out.append(dirs)
        inp = np.concatenate([r["h"] for r in dirs], axis=-1)
    return out


def check_against_module(m: torch.nn.RNNBase, x: np.ndarray, layers, atol: float = 1e-5):
    """The oracle's top-layer h must be the module's own output (grounds the gate order)."""
    with torch.no_grad():
        xt = torch.as_tensor(x, dtype=next(m.parameters()).dtype)
        if m.batch_first:
            own = m(xt[None])[0][0]
        else:
            own = m(xt[:, None])[0][:, 0]
    top = np.concatenate([r["h"] for r in layers[-1]], axis=-1)
    np.testing.assert_allclose(top, own.double().numpy(), atol=atol)
