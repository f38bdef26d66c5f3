"""Server work per action: a session open and a new sentence on the explorer, side by side
with another checkout, in fresh processes taking turns.

Two measures: CPU time of the process (what a server pays, but noisy on a shared machine)
and the number of Python function calls the page's script thread makes (a proxy that does
not move with the machine's load, so a change shows even when the CPU figures drift).
Runs the real page script through Streamlit's AppTest, no browser.

    python benchmarks/server_work.py --baseline /tmp/base   # git worktree add /tmp/base REF
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [
    f"the film was {w} and the {x} was {y}"
    for w in ("good", "bad", "not good")
    for x in ("music", "plot")
    for y in ("fine", "dull")
]


def _measure(root: Path, n_opens: int) -> dict:
    """In this process: CPU ms and calls per session open and per new sentence."""
    sys.path[:0] = [str(root / "app"), str(root)]
    from streamlit.testing.v1 import AppTest

    calls = [0]

    def count(_frame, event, _arg):
        if event in ("call", "c_call"):
            calls[0] += 1

    def timed(run) -> tuple[float, int]:
        calls[0] = 0
        threading.setprofile(count)
        t = time.process_time()
        run()
        cpu = time.process_time() - t
        threading.setprofile(None)
        return 1000 * cpu, calls[0]

    script = str(root / "app" / "streamlit_app.py")
    warm = AppTest.from_file(script, default_timeout=300)
    warm.query_params["text"] = "the film was good"
    warm.run()  # imports, models, caches: paid once per server, not per session
    opens, news = [], []
    # A session open: a fresh AppTest on a link's query. Each AppTest would also scan the
    # installed packages for components, which a real server does once at start, not per
    # session: that scan is done (above) and then skipped.
    from streamlit.components.v2.component_manager import BidiComponentManager

    BidiComponentManager.discover_and_register_components = lambda *a, **k: None
    for i in range(n_opens):
        at = AppTest.from_file(script, default_timeout=300)
        at.query_params["text"] = TEXTS[i % len(TEXTS)]
        opens.append(timed(at.run))
        assert not at.exception, at.exception
    for text in TEXTS:
        news.append(timed(lambda text=text: warm.text_input[0].set_value(text).run()))
        assert not warm.exception, warm.exception
    med = statistics.median
    return {
        "open_cpu_ms": med(c for c, _ in opens),
        "open_calls": med(n for _, n in opens),
        "new_cpu_ms": med(c for c, _ in news),
        "new_calls": med(n for _, n in news),
    }


def _run(root: Path, n_opens: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(root), "--opens", str(n_opens)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(root)},
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baseline", type=Path, help="another checkout to compare with")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--opens", type=int, default=8)
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(_measure(args.child.resolve(), args.opens)))
        return 0
    roots = {"this": ROOT}
    if args.baseline:
        roots["baseline"] = args.baseline.resolve()
    results: dict[str, list[dict]] = {k: [] for k in roots}
    for _ in range(args.rounds):
        for k, r in roots.items():
            results[k].append(_run(r, args.opens))
    print(f"load average {os.getloadavg()[0]:.1f}; medians over {args.rounds} rounds")
    print(f"{'':10} {'open CPU ms':>12} {'open calls':>11} {'new CPU ms':>11} {'new calls':>10}")
    for k, rs in results.items():
        m = {f: statistics.median(r[f] for r in rs) for f in rs[0]}
        print(
            f"{k:10} {m['open_cpu_ms']:12.1f} {m['open_calls']:11,.0f} "
            f"{m['new_cpu_ms']:11.1f} {m['new_calls']:10,.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
