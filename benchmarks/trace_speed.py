"""How much slower is tracing than a plain forward pass? Prints ratios, measured side by side.

    python benchmarks/trace_speed.py [--repeats 30]
    python benchmarks/trace_speed.py --baseline ../other-checkout [--rounds 3]
    python benchmarks/trace_speed.py --device cuda --batch 256 --lengths 1000

For LSTM and GRU (128 units, input 128) at T = 100 and 1000: the median time of
``rnnviz.trace_rnn``, of the readable step-by-step reference, and of the module's own
forward (on a GPU: cuDNN), interleaved in one run so machine noise hits all three alike;
and the floor of any trace that returns NumPy arrays: the forward plus bringing as many
arrays as the trace holds to the host (``copy/fwd``; free on the CPU, PCIe on a GPU).

``--baseline DIR`` times another checkout too (e.g. ``git worktree add DIR HEAD~1``): both
run in turns, ``--rounds`` times each in fresh processes, and the table puts their
trace / forward ratios side by side (the ratio cancels most of the machine's drift).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import torch

from rnnviz import cells, trace_rnn

try:
    from rnnviz.tracing.reference import trace_rnn_reference
except ImportError:  # an older checkout, timed with --baseline
    from rnnviz.reference import trace_rnn_reference


@torch.no_grad()
def _forward(rnn: torch.nn.Module, x: torch.Tensor) -> None:
    rnn(x)
    if x.is_cuda:
        torch.cuda.synchronize()


@torch.no_grad()
def _forward_and_copy(rnn: torch.nn.Module, x: torch.Tensor, arrays: int) -> None:
    """The floor of a trace that returns NumPy: the forward, then as many [B, T, H] arrays
    brought to the host as the trace holds (h, c and four gates for an LSTM; h and three
    gates for a GRU). On the CPU the copies are free; on a GPU they cross PCIe."""
    out, _ = rnn(x)
    for _ in range(arrays):
        out.cpu()
    if x.is_cuda:
        torch.cuda.synchronize()


def _median_times(fns, repeats: int) -> list[float]:
    times = [[] for _ in fns]
    for _ in range(repeats):
        for k, fn in enumerate(fns):  # interleaved: noise falls on every contender
            t0 = time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - t0)
    return [statistics.median(t) for t in times]


def measure(args) -> list[dict]:
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    dev = torch.device(args.device)
    rows = []
    for cls in (torch.nn.LSTM, torch.nn.GRU):
        rnn = cls(128, 128, batch_first=True).eval().to(dev)
        for T in args.lengths:
            x = torch.randn(args.batch, T, 128, device=dev)
            kind = "lstm" if cls is torch.nn.LSTM else "gru"
            arrays = len(cells.GATES[kind]) + (2 if kind == "lstm" else 1)  # gates, h (and c)
            fns = [partial(_forward, rnn, x), partial(trace_rnn, rnn, x)]
            if T <= 100 and args.batch == 1:  # the step-by-step loop: too slow to wait for
                fns.append(partial(trace_rnn_reference, rnn, x))
            fns.append(partial(_forward_and_copy, rnn, x, arrays))  # last: the copy floor
            for fn in fns:  # warm up
                fn()
            med = [m * 1e3 for m in _median_times(fns, args.repeats)]
            rows.append(dict(cell=cls.__name__, T=T, ms=med[:-1], floor_ms=med[-1]))
    return rows


def table(rows: list[dict]) -> None:
    """trace/fwd: the goal on a GPU is ≤ 1/0.7; copy/fwd: what bringing the trace's arrays to
    the host alone costs (the forward plus the copies, over the forward), a floor for any
    trace that returns NumPy."""
    print(
        f"{'cell':5} {'T':>5} {'forward ms':>11} {'trace ms':>9} {'trace/fwd':>10} {'loop/fwd':>9}"
        f" {'copy/fwd':>9}"
    )
    for r in rows:
        ms = r["ms"]
        loop = f"{ms[2] / ms[0]:9.2f}" if len(ms) > 2 else f"{'-':>9}"
        print(
            f"{r['cell']:5} {r['T']:5d} {ms[0]:11.2f} {ms[1]:9.2f} {ms[1] / ms[0]:10.2f} {loop}"
            f" {r['floor_ms'] / ms[0]:9.2f}"
        )


def side_by_side(args) -> None:
    here = Path(__file__).resolve().parent.parent
    roots = {"this": here, "baseline": Path(args.baseline).resolve()}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--json", "--repeats",
           str(args.repeats), "--threads", str(args.threads)]  # fmt: skip
    runs: dict[str, list] = {k: [] for k in roots}
    for _ in range(args.rounds):
        for label, root in roots.items():  # in turns: drift falls on both
            env = {**os.environ, "PYTHONPATH": str(root)}
            out = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
            if out.returncode:
                sys.exit(f"{label} ({root}) failed:\n{out.stderr[-2000:]}")
            runs[label].append(json.loads(out.stdout))
    print(f"trace / forward, median over {args.rounds} rounds (each a median of {args.repeats})")
    print(f"{'cell':5} {'T':>5} {'this':>7} {'baseline':>9}")
    for i, r in enumerate(runs["this"][0]):
        ratio = {k: statistics.median(v[i]["ms"][1] / v[i]["ms"][0] for v in runs[k]) for k in runs}
        print(f"{r['cell']:5} {r['T']:5d} {ratio['this']:7.2f} {ratio['baseline']:9.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=30)
    ap.add_argument("--threads", type=int, default=torch.get_num_threads())
    ap.add_argument("--device", default="cpu", help="cpu or cuda")
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--lengths", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--baseline", help="another checkout to time side by side")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.baseline:
        side_by_side(args)
        return
    rows = measure(args)
    if args.json:
        print(json.dumps(rows))
        return
    print(
        f"torch {torch.__version__}, {args.threads} threads, {args.device}, batch {args.batch}, "
        f"128 units, median of {args.repeats}"
    )
    table(rows)


if __name__ == "__main__":
    main()
