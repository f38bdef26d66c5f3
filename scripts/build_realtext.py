"""Train the models that read real text and write them to ``assets/<name>/``.

    python scripts/build_realtext.py --data ../shared/data                  # all ten
    python scripts/build_realtext.py --data ../shared/data --only alice-lstm

``scripts/build_assets.py --data DIR`` calls this once per model. The data files stay outside
the repository (``../shared/data/README.md``); each card names its file and sha256. Every
model trains on one thread from ``--seed`` (default 0), so a rebuild gives the same weights.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rnnviz.training import realmodels  # noqa: E402
from rnnviz.training.userdata import DataFileError  # noqa: E402

# name → (family, cell, bidirectional)
REAL_MODELS = {
    **{f"agnews-{c}": ("agnews", c, False) for c in ("rnn", "lstm", "gru")},
    **{f"reviews-{c}": ("reviews", c, False) for c in ("rnn", "lstm", "gru")},
    "reviews-bilstm": ("reviews", "lstm", True),
    **{f"alice-{c}": ("alice", c, False) for c in ("rnn", "lstm", "gru")},
}


def build(name: str, data: Path, seed: int, progress: bool = False) -> dict:
    family, cell, bi = REAL_MODELS[name]
    kw = {"bidirectional": True} if bi else {}
    return realmodels.TRAINERS[family](
        data, cell, seed=seed, out=ROOT / "assets" / name, progress=progress, **kw
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, type=Path, help="folder with the data files")
    ap.add_argument("--only", nargs="+", choices=sorted(REAL_MODELS), metavar="NAME")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--progress", action="store_true", help="show a progress bar")
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(1)  # the measurements after training too: one thread, as training
    if not args.data.is_dir():
        print(f"--data {args.data}: no such folder", file=sys.stderr)
        return 2
    for name in args.only or list(REAL_MODELS):
        try:
            c = build(name, args.data, args.seed, args.progress)
        except DataFileError as e:
            print(f"{name}: {e}", file=sys.stderr)
            return 2
        extra = (
            f"bpc {c['bits_per_char']:.3f}"
            if "bits_per_char" in c
            else f"unknown {c['validation_unknown_rate']:.1%}"
        )
        flags = ", ".join(f"{k} {v['auc_best']:.3f}" for k, v in c.get("flags", {}).items())
        neg = c.get("negation", {}).get("flip_rate")
        print(
            f"{name:16} acc {c['accuracy']:.3f}  {extra}  {c['train_seconds']:6.1f}s"
            + (f"  negation flips {neg:.2f}" if neg is not None else "")
            + (f"  flags: {flags}" if flags else ""),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
