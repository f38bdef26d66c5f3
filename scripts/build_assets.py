"""Train every shipped model and write it to ``assets/<name>/`` (weights, config, cards).

    python scripts/build_assets.py                 # all of them, two at a time
    python scripts/build_assets.py --only sentiment-lstm sentiment-bag --jobs 1
    python scripts/build_assets.py --data ../shared/data   # also the real-text models

Each model is exactly one ``rnnviz train ...`` command (run as ``python -m rnnviz train``),
so its card's ``command`` reproduces it byte for byte; sizes, epochs and weight decay come
from the task defaults in ``rnnviz.training.tasks.TASK_DEFAULTS``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TASKS = ("sentiment", "news", "agreement", "brackets", "long_range", "long_range_far", "stories")
MODELS: dict[str, list[str]] = {
    f"{task}-{cell}": [task, "--cell", cell] for task in TASKS for cell in ("rnn", "lstm", "gru")
}
MODELS.update(
    {
        "sentiment-bilstm": ["sentiment", "--cell", "lstm", "--bidirectional"],
        "sentiment-lstm2": ["sentiment", "--cell", "lstm", "--layers", "2"],
        "sentiment-bag": ["sentiment", "--cell", "bag"],
    }
)
# The lesson's flag example in five of its translations' languages (character level).
LANGS = ("uk", "sr", "bg", "ro", "lt")
MODELS.update(
    {
        f"agreement_{lang}-{cell}": [f"agreement_{lang}", "--cell", cell]
        for lang in LANGS
        for cell in ("lstm", "gru", "rnn")
    }
)
# Real-text models (agnews-*, reviews-*, alice-*): built with --data DIR by
# scripts/build_realtext.py, one process per model.
REAL_MODELS = [f"agnews-{c}" for c in ("rnn", "lstm", "gru")]
REAL_MODELS += [f"reviews-{c}" for c in ("rnn", "lstm", "gru", "bilstm")]
REAL_MODELS += [f"alice-{c}" for c in ("rnn", "lstm", "gru")]
MAX_TOTAL_BYTES = 40 * 2**20
# Every task's three cells train on the same data (the seed also generates the data). The
# agreement seed is chosen: see TASK_NOTES in rnnviz/training/tasks.py.
TASK_SEEDS = {
    "agreement": 3,
    "agreement_sr": 2,
    "agreement_ro": 3,
    "agreement_lt": 1,
    "agreement_bg": 6,
}


def build(name: str, seed: int, data: Path | None = None) -> tuple[str, int, float]:
    if name in REAL_MODELS:
        script = str(ROOT / "scripts" / "build_realtext.py")
        cmd = [sys.executable, script, "--data", str(data), "--only", name, "--seed", str(seed)]
        return _run(name, cmd)
    cmd = [
        sys.executable,
        "-m",
        "rnnviz",
        "train",
        *MODELS[name],
        "--seed",
        str(seed),
        "--out",
        f"assets/{name}",
        "--quiet",
    ]
    return _run(name, cmd)


def _run(name: str, cmd: list[str]) -> tuple[str, int, float]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode:
        print(f"{name} FAILED:\n{proc.stderr[-3000:]}", file=sys.stderr)
    return name, proc.returncode, time.perf_counter() - t0


def summary(names: list[str]) -> None:
    for name in names:
        f = ROOT / "assets" / name / "card.json"
        if not f.is_file():
            continue
        c = json.loads(f.read_text())
        flags = ", ".join(f"{k} {v['auc_best']:.3f}" for k, v in c.get("flags", {}).items())
        dist = c.get("accuracy_by_distance")
        pair = c.get("order", {}).get("pair_accuracy")
        print(
            f"{name:18} acc {c['accuracy']:.3f}  {c['train_seconds']:6.1f}s  flags: {flags}"
            + (f"  by distance: {dist}" if dist else "")
            + (f"  pairs: {pair:.3f}" if pair is not None else "")
        )
    total = sum(p.stat().st_size for p in (ROOT / "assets").rglob("*") if p.is_file())
    print(f"assets total: {total / 2**20:.2f} MiB (limit {MAX_TOTAL_BYTES // 2**20} MiB)")
    if total > MAX_TOTAL_BYTES:
        raise SystemExit("assets are over the size limit")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--only",
        nargs="+",
        choices=sorted([*MODELS, *REAL_MODELS]),
        metavar="NAME",
        help=f"build only these ({', '.join(sorted([*MODELS, *REAL_MODELS]))})",
    )
    ap.add_argument(
        "--data",
        type=Path,
        help="folder with the real data (ag_news_7600.csv, sst2_train.tsv, alice_11-0.txt): "
        "also build the real-text models",
    )
    ap.add_argument("--jobs", type=int, default=2, help="trainings in parallel (one thread each)")
    ap.add_argument("--seed", type=int, default=0, help="seed for tasks not in TASK_SEEDS")
    args = ap.parse_args(argv)
    names = args.only or list(MODELS) + (REAL_MODELS if args.data else [])
    if args.data is None and any(n in REAL_MODELS for n in names):
        ap.error("the real-text models need --data DIR (the folder with their data files)")
    failed = []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for name, rc, seconds in pool.map(
            lambda n: build(
                n, TASK_SEEDS.get(MODELS[n][0], args.seed) if n in MODELS else args.seed, args.data
            ),
            names,
        ):
            print(f"{'ok' if rc == 0 else 'FAILED':6} {name} ({seconds:.0f} s)", flush=True)
            if rc:
                failed.append(name)
    summary(names)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
