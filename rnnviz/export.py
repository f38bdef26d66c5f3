"""A Trace as a file: JSON (nested, self-describing), CSV (one row per value), NPZ (arrays).

The same functions serve the CLI (``rnnviz trace --format``) and the app's download
buttons, so what a student downloads is what a notebook would compute.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # annotations only: writing a file needs no torch
    from rnnviz.tracing.text import Trace

FORMATS = ("json", "csv", "npz")


def _arrays(tr: Trace) -> dict[str, np.ndarray]:
    arrays = {"hidden": tr.hidden, "inputs": tr.inputs, "probs": tr.probs}
    if tr.cell is not None:
        arrays["cell"] = tr.cell
    for name, g in tr.gates.items():
        arrays[f"gate_{name}"] = g
    return arrays


def to_dict(tr: Trace) -> dict:
    """Plain lists and strings; arrays keep their ``[layer, direction, time, unit]`` nesting."""
    return {
        "model": tr.model_name,
        "text": tr.text,
        "kind": tr.kind,
        "head": tr.head,
        "tokens": tr.tokens,
        "spans": [list(s) for s in tr.spans],
        "ids": tr.ids,
        "unknown": tr.unknown,
        "outputs": tr.outputs,
        "prediction": tr.prediction,
        "axes": {
            "states_and_gates": ["layer", "direction", "time", "unit"],
            "inputs": ["time", "feature"],
            "probs": ["time", "output"],
        },
        "hidden": tr.hidden.tolist(),
        "cell": None if tr.cell is None else tr.cell.tolist(),
        "gates": {k: v.tolist() for k, v in tr.gates.items()},
        "inputs": tr.inputs.tolist(),
        "probs": tr.probs.tolist(),
    }


def to_json(tr: Trace) -> str:
    return json.dumps(to_dict(tr), ensure_ascii=False)


def to_csv(tr: Trace) -> str:
    """Long format: ``quantity,layer,direction,step,token,unit,value`` (probs: unit = output)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["quantity", "layer", "direction", "step", "token", "unit", "value"])
    per_unit = {
        "hidden": tr.hidden,
        **({"cell": tr.cell} if tr.cell is not None else {}),
        **{f"gate_{k}": v for k, v in tr.gates.items()},
    }
    for name, arr in per_unit.items():
        L, D, T, H = arr.shape
        for l in range(L):
            for d in range(D):
                for t in range(T):
                    for u in range(H):
                        w.writerow([name, l, d, t, tr.tokens[t], u, f"{arr[l, d, t, u]:.7g}"])
    for t in range(len(tr)):
        for k, label in enumerate(tr.outputs):
            w.writerow(["prob", "", "", t, tr.tokens[t], label, f"{tr.probs[t, k]:.7g}"])
    return buf.getvalue()


def to_npz(tr: Trace) -> bytes:
    buf = io.BytesIO()
    np.savez_compressed(
        buf,
        tokens=np.array(tr.tokens),
        outputs=np.array(tr.outputs),
        ids=np.array(tr.ids),
        unknown=np.array(tr.unknown),
        **_arrays(tr),
    )
    return buf.getvalue()


def export(tr: Trace, fmt: str) -> bytes:
    """The trace in ``fmt`` ('json', 'csv' or 'npz') as bytes."""
    if fmt == "json":
        return to_json(tr).encode()
    if fmt == "csv":
        return to_csv(tr).encode()
    if fmt == "npz":
        return to_npz(tr)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
