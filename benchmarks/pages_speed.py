"""How long does each page take to render? Server-side, warm, a 20-token sentence.

    python benchmarks/pages_speed.py [--repeats 5]

Runs every page of the app through Streamlit's AppTest (the real page scripts, the real
caches and models) with a 20-token sentence new to the process, and prints for each page
the first render (nothing cached for that sentence yet) and the median of later renders
(a student moving a control). Browser drawing is not included: see app_speed.py for that.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app" / "streamlit_app.py")
WORDS = "the film was good , not bad but the music was really great and the acting was not dull"
SENT = " ".join(WORDS.split()[:20])
FILLER = "the table near the window and a blue cup on the shelf"
LR = " ".join(["good", *FILLER.split(" ")] * 2)
PAGES = {
    "explorer": {"model": "sentiment-lstm", "text": SENT, "step": "10"},
    "compare": {"task": "sentiment", "text": SENT, "step": "10"},
    "pairs": {"a": SENT, "b": SENT.replace("good", "bad", 1)},
    "order": {"a": SENT, "b": " ".join(reversed(SENT.split()))},
    "gradients": {"task": "long_range", "text": " ".join(LR.split()[:20])},
    "inside": {"model": "sentiment-lstm", "text": SENT, "step": "10"},
    "layers": {"model": "sentiment-bilstm", "text": SENT, "step": "10"},
    "generate": {"model": "stories-lstm", "text": "once upon a time, ", "length": "120"},
    "tour": {"stop": "5"},
}


def render(page: str, query: dict) -> float:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(f"views/{page}.py")
    t0 = time.perf_counter()
    at.run()
    dt = time.perf_counter() - t0
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].message}")
    return dt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    logging.disable(logging.WARNING)  # AppTest's "missing ScriptRunContext" chatter
    render("tour", {})  # warm the process: import torch, load the models, warm the examples
    print(f"page render times, 20-token sentence, median of {args.repeats} (ms)")
    print(f"{'page':10} {'first':>8} {'warm':>8}")
    for page, query in PAGES.items():
        first = render(page, query)
        warm = statistics.median(render(page, query) for _ in range(args.repeats))
        print(f"{page:10} {first * 1e3:8.0f} {warm * 1e3:8.0f}")


if __name__ == "__main__":
    main()
