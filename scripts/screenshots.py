"""Screenshots of every page of the app, as a person sees them, to look at after a UI change.

    python scripts/screenshots.py --out /tmp/shots                 # this checkout
    python scripts/screenshots.py --root ../other-checkout --out /tmp/before

Starts the app from ``--root`` on a free loopback port, opens each page in headless
Debian Chromium at 1280×800, in teacher mode at 1920×1080, and at a 390×844 phone, waits
for the page to settle, and writes ``PAGE-VIEWPORT.png`` (the whole scrolling page) into
``--out``. Pages that show an error box are listed at the end (exit 1).

    python scripts/screenshots.py --out docs/screenshots --first-screen   # README pictures

``--first-screen`` keeps only what the viewport shows (what a person sees on opening the
page), saved as ``PAGE.png`` for 1280×800 and ``PAGE-VIEWPORT.png`` for the others.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from harness import IDLE, launch, streamlit_server  # noqa: E402

PAGES = {
    "explorer": "",
    "reading": "?model=sentiment-lstm&text=the+film+was+not+good%2C+but+fun&step=4",
    "tour": "tour",
    "compare": "compare",
    "pairs": "pairs",
    "order": "order",
    "gradients": "gradients",
    "inside": "inside",
    "layers": "layers",
    "generate": "generate",
    "your_model": "your_model",
    "train": "train",
    "units": "units",
}
VIEWPORTS = {
    "desktop": ((1280, 800), ""),
    "teacher": ((1920, 1080), "teacher=1"),
    "phone": ((390, 844), ""),
    "teacher-laptop": ((1280, 800), "teacher=1"),  # a projector driven from a laptop
}


def settle(page) -> None:
    page.wait_for_selector(IDLE, timeout=120_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stSkeleton\"]')")
    page.wait_for_timeout(1500)  # charts and components draw after the script is done
    page.wait_for_selector(IDLE, timeout=120_000)


def full_page(page, path: Path) -> None:
    """Streamlit scrolls inside its own container: grow the viewport to its height first."""
    height = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]') "
        "|| document.scrollingElement; return m.scrollHeight; }"
    )
    w = page.viewport_size["width"]
    page.set_viewport_size({"width": w, "height": min(max(int(height), 400), 6000)})
    page.wait_for_timeout(400)
    page.screenshot(path=str(path))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", type=Path, default=ROOT, help="the checkout to serve")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--pages", default=",".join(PAGES), help="comma-separated page names")
    ap.add_argument("--viewports", default=",".join(VIEWPORTS))
    ap.add_argument("--lang", default="", help="the interface's language (?lang=), e.g. uk")
    ap.add_argument(
        "--first-screen", action="store_true", help="only the viewport (README pictures)"
    )
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    errors = []
    script = args.root.resolve() / "app" / "streamlit_app.py"
    env = {"PYTHONPATH": str(args.root.resolve())}
    with streamlit_server(script, env=env, cwd=args.root.resolve()) as url, sync_playwright() as p:
        browser = launch(p)
        for name in args.pages.split(","):
            for vp in args.viewports.split(","):
                (w, h), query = VIEWPORTS[vp]
                if args.lang:
                    query = "&".join(q for q in (query, f"lang={args.lang}") if q)
                page = browser.new_page(viewport={"width": w, "height": h})
                try:
                    path = PAGES[name]
                    sep = "&" if "?" in path else "?"
                    page.goto(f"{url}/{path}" + (f"{sep}{query}" if query else ""))
                    settle(page)
                    bad = page.locator(
                        '[data-testid="stException"], [data-testid="stAlertContentError"]'
                    )
                    if bad.count():
                        errors.append(f"{name}/{vp}: {bad.first.inner_text()[:200]}")
                    stem = f"{name}-{vp}" + (f"-{args.lang}" if args.lang else "")
                    if args.first_screen:
                        file = f"{name}.png" if vp == "desktop" else f"{stem}.png"
                        if vp == "desktop" and args.lang:
                            file = f"{name}-{args.lang}.png"
                        page.screenshot(path=str(args.out / file))
                    else:
                        file = f"{stem}.png"
                        full_page(page, args.out / file)
                    print(file, flush=True)
                except Exception as e:  # one slow page must not lose the others
                    errors.append(f"{name}/{vp}: {type(e).__name__}: {str(e)[:200]}")
                finally:
                    page.close()
        browser.close()
    for e in errors:
        print("PROBLEM:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
