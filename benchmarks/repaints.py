"""How often the explorer's chart is painted per new sentence, in a real browser.

    python benchmarks/repaints.py [--sentences 8]

Streamlit hands Plotly a copy of a new chart right after drawing it; the figures the app
sends (app/browser.py) make that copy no change, so each new sentence should paint the
heatmap once (twice would mean the copy is drawn again). Counted with a hook on canvas
painting; it waits between sentences, so it lives here and not in the test suite (the
structural check, that a copy of a sent figure is no change to Plotly.react, is
tests/test_for_browser.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from harness import IDLE, launch, streamlit_server  # noqa: E402
from test_for_browser import COUNT_DRAWS  # noqa: E402

SENTENCES = ["the film was not good", "the film was bad", "not good at all", "good"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sentences", type=int, default=8)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with streamlit_server("app/streamlit_app.py") as url, sync_playwright() as p:
        page = launch(p).new_page(viewport={"width": 1280, "height": 800})
        page.add_init_script(COUNT_DRAWS)
        page.goto(f"{url}/?model=sentiment-lstm&text=the+film+was+good")
        page.wait_for_selector(IDLE, timeout=60_000)
        page.wait_for_function("window.drawn >= 1", timeout=60_000)
        page.wait_for_timeout(1000)
        box = page.get_by_role("textbox", name="Sentence")
        paints = []
        for i in range(args.sentences):
            text = SENTENCES[i % len(SENTENCES)] + " !" * (i // len(SENTENCES))
            before = page.evaluate("window.drawn")
            box.fill(text)
            box.press("Enter")
            page.wait_for_function(
                "t => new URLSearchParams(location.search).get('text') === t", arg=text
            )
            page.wait_for_selector(IDLE)
            page.wait_for_timeout(800)  # a second paint of the copy would come within ms
            paints.append(page.evaluate("window.drawn") - before)
        print(f"heatmap paints per new sentence: {paints} (1 each is right; 2 = drawn twice)")


if __name__ == "__main__":
    main()
