"""How fast, and with how much memory, does a hostile model folder fail? (issue 13)

    python benchmarks/hostile_configs.py [--repeats 5]

Writes a small valid checkpoint, then copies of it whose config.json asks for too much
(100,000 layers, 20,000 hidden units, a hidden size that does not match the weights,
``1e9``, a tokenizer given as a string, labels as a string) and runs
``python -m rnnviz trace`` on each in a fresh process. Prints, side by side, the MEDIAN wall
time and peak memory (max RSS) of each, and of ``python -c "import rnnviz.cli"`` alone:
the difference is what the refusal costs. Every run must exit 2 with one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import torch

import rnnviz
from rnnviz import ModelConfig, RNNModel

HOSTILE = {
    "num_layers 100000": {"num_layers": 100000},
    "hidden_size 20000": {"hidden_size": 20000},
    "hidden_size 2000 (small weights)": {"hidden_size": 2000},
    "hidden_size 1e9": {"hidden_size": 1e9},
    'tokenizer "word"': {"tokenizer": "word"},
    'labels "np"': {"labels": "np"},
}


def measured(cmd: list[str]) -> tuple[float, float, int, str]:
    wrapper = [
        sys.executable,
        "-c",
        "import resource,subprocess,sys,time;t=time.perf_counter();"
        "r=subprocess.run(sys.argv[1:],capture_output=True,text=True);"
        "w=time.perf_counter()-t;"
        "m=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024;"
        "print(w,m,r.returncode,sep='\\t');sys.stderr.write(r.stderr)",
        *cmd,
    ]
    r = subprocess.run(wrapper, capture_output=True, text=True)
    w, m, rc = r.stdout.split("\t")
    return float(w), float(m), int(rc), r.stderr


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    torch.manual_seed(0)
    m = RNNModel(
        ModelConfig(cell="lstm", vocab=["<pad>", "<unk>", "a", "b"], hidden_size=4, embed_size=3,
                    labels=["neg", "pos"])
    )  # fmt: skip
    base = rnnviz.save(m, tmp / "base")
    cfg = json.loads((base / "config.json").read_text())
    cases = {"import rnnviz.cli (baseline)": [sys.executable, "-c", "import rnnviz.cli"]}
    for name, change in HOSTILE.items():
        d = tmp / name.replace(" ", "_").replace('"', "")
        shutil.copytree(base, d)
        (d / "config.json").write_text(json.dumps({**cfg, **change}))
        cases[name] = [sys.executable, "-m", "rnnviz", "trace", "-m", str(d), "a b"]
    print(f"{'case':34} {'median s':>9} {'peak MB':>8}  rc  message")
    for name, cmd in cases.items():
        runs = [measured(cmd) for _ in range(args.repeats)]
        wall = statistics.median(r[0] for r in runs)
        mem = statistics.median(r[1] for r in runs)
        rc, err = runs[0][2], runs[0][3].strip()
        print(f"{name:34} {wall:9.2f} {mem:8.0f}  {rc:2}  {err[:90]}")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
