"""Does one training slow the other students down? Explorer latency with and without it.

    python benchmarks/train_alongside.py [--sessions 10] [--rounds 2] [--changes 3] [--think 1]

Starts the app from this checkout, then measures ``--sessions`` students on the explorer
(``load.py``'s two phases: open, then new sentences; every sentence new to the server) in
turns WITHOUT and WITH one training running, ``--rounds`` times each (on a shared machine
only turns side by side say anything). The training is started exactly as the Train page
starts one (``app/training_jobs.py``: a spawned process, ``os.nice`` +10, one torch thread)
with the page's largest settings (sentiment, LSTM, 128 units, 8,000 examples, 30 epochs:
longer than any round), next to the server; the "with" round begins once it reports its
first batches. Not included: the server's supervisor thread (a pipe poll every 0.2 s) and
the training student's own page polling once a second.

Prints load.py's table per round and a summary of p50/p95 per phase, without vs with.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import load
from stclient import StSession

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "app"))
import training_jobs  # noqa: E402  (the app's own queue: the same process as a real training)

BIG = dict(kind="task", task="sentiment", cell="lstm", hidden_size=128, epochs=30, n_train=8000)


def p50_p95(xs: list[float]) -> tuple[float, float]:
    """As load.py counts them: the median, and the 19th of 20 inclusive quantiles."""
    if len(xs) < 2:
        return (xs[0], xs[0]) if xs else (float("nan"), float("nan"))
    return statistics.median(xs), statistics.quantiles(xs, n=20, method="inclusive")[18]


async def measure(a) -> None:
    with tempfile.NamedTemporaryFile(prefix="rnnviz-train-alongside-", suffix=".log") as log:
        proc, url = load.start_server(ROOT, a.ttl, log)
        board = training_jobs.Board(max_running=1, time_limit=3600)
        try:
            async with StSession(url, timeout=a.timeout) as s:
                await s.run(load.query("warm up the server"))
            pool = load.sentence_pool(2 * a.rounds * a.sessions * (a.changes + 1), seed=a.seed)
            k = 0
            seen: dict[str, dict[str, list[float]]] = {"without": {}, "with": {}}
            for r in range(a.rounds):
                for label in ("without", "with"):
                    job = None
                    if label == "with":
                        job = board.submit(BIG)
                        t0 = time.monotonic()
                        while (board.view(job) or {}).get("progress") is None:
                            if time.monotonic() - t0 > 120:
                                raise RuntimeError(f"the training never started: {board.view(job)}")
                            await asyncio.sleep(0.2)
                    texts = pool[k : k + a.sessions * (a.changes + 1)]
                    k += len(texts)
                    res = await load.load(url, proc.pid, a.sessions, texts, a)
                    if job is not None:
                        v = board.view(job)
                        assert v["status"] == "running", v  # it trained all through the round
                        board.cancel(job)
                        board.forget(job)
                    load.report(f"round {r + 1}, {label} a training", res, a)
                    for ph in res["phases"]:
                        seen[label].setdefault(ph.name, []).extend(ph.seconds)
            print(f"load average at the end: {os.getloadavg()}")
            print(f"\nsummary: {a.sessions} sessions, {a.rounds} rounds, seconds per action")
            print(f"{'action':<13} {'':<8} {'count':>5} {'p50':>6} {'p95':>6} {'mean':>6}")
            for name in seen["without"]:
                for label in ("without", "with"):
                    xs = seen[label][name]
                    p50, p95 = p50_p95(xs)
                    mean = statistics.fmean(xs) if xs else float("nan")
                    row = f"{len(xs):>5} {p50:>6.3f} {p95:>6.3f} {mean:>6.3f}"
                    print(f"{name:<13} {label:<8} {row}")
        finally:
            board.shutdown()
            proc.terminate()
            proc.wait(10)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sessions", type=int, default=10)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--ramp", type=float, default=5.0, help="seconds over which N sessions open")
    p.add_argument("--changes", type=int, default=3, help="new sentences per session")
    p.add_argument("--think", type=float, default=1.0, help="mean pause before a change (s)")
    p.add_argument("--timeout", type=float, default=120.0, help="per action (s)")
    p.add_argument("--deadline", type=float, default=600.0, help="per phase (s)")
    p.add_argument("--ttl", type=int, default=5, help="server's disconnectedSessionTTL (s)")
    p.add_argument("--settle", type=float, default=3.0, help="wait before RSS after close")
    p.add_argument("--seed", type=int, default=1313)
    asyncio.run(measure(p.parse_args(argv)))


if __name__ == "__main__":
    main()
