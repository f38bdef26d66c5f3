"""How fast does the explorer answer a student? Median times in a real browser, warm server.

    python benchmarks/app_speed.py [--repeats 15] [--url http://127.0.0.1:8501]

Starts the app on a free loopback port (unless ``--url`` is given), warms it, then drives
headless Chromium and prints the MEDIAN of:

(a) step: click "next" in the cell view → the component has moved (browser only), and →
    the page's rerun has finished (charts' cursors moved, URL holds the new step);
(b) new sentence: type a sentence the server has not seen + Enter → the cell view shows
    the new sentence's tokens (what a student watching the cell view sees), and → the
    rerun has finished (the chart below it drawn with the new sentence's data, the URL
    updated).

Each "→ cell view" time is given twice: as Playwright sees it (its click or key press and
its polling are in the figure: tens of ms of round trips to the browser), and **in the
page**: from the click's or the key's own event time to the first animation frame whose
DOM shows the change (a frame is drawn right after it), i.e. what the student waits.

Uses the shipped models (``RNNVIZ_ASSETS`` / ``assets/``); with none, a random-weight
``sentiment-lstm`` made in a temporary folder (same sizes as the shipped one).

``--baseline DIR``: also start the app from another checkout (``git worktree add DIR REF``)
and time (b) on both servers in turns, sentence by sentence, in one run: on a shared
machine only such a side-by-side comparison says whether a change made the page faster.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from harness import ARGS, IDLE, streamlit_command  # noqa: E402  (one way to start the app)
from load import proc_cpu  # noqa: E402  (a server's CPU seconds, as the load benchmark reads them)

# The cell view may live in a shadow root, which document.querySelector does not enter.
FIND_CHIPS = """const find = root => {
    const hit = root.querySelectorAll('.cv-chip');
    if (hit.length) return hit;
    for (const e of root.querySelectorAll('*')) {
      if (e.shadowRoot) { const h = find(e.shadowRoot); if (h.length) return h; }
    }
    return [];
  };"""
# In the page: the event time of the user's last click or Enter, and the time of the first
# animation frame whose DOM showed what a check below waited for (the checks poll once per
# frame, so that frame is drawn right after). Both on the page's own clock.
STAMP_EVENTS = """() => {
  window.__rnnviz_t0 = null;
  for (const kind of ['click', 'keydown']) document.addEventListener(kind, e => {
    if (kind !== 'click' && e.key !== 'Enter') return;
    window.__rnnviz_t0 = e.timeStamp;
    window.__rnnviz_seen = window.__rnnviz_done = null;
  }, true);
}"""
IN_PAGE_MS = "() => window.__rnnviz_seen - window.__rnnviz_t0"
SETTLE_MS = 500  # between typing a sentence and pressing Enter (see new_sentence)
DONE_IN_PAGE_MS = "() => window.__rnnviz_done - window.__rnnviz_t0"
_SEEN = "(window.__rnnviz_seen ??= performance.now(), true)"
# k: a step → is that chip the current one?
CURRENT_CHIP = f"""k => {{
  {FIND_CHIPS}
  return find(document)[k]?.getAttribute('aria-current') === 'step' && {_SEEN};
}}"""
# k: the tokens joined by U+0001 → do the chips show exactly these?
CHIPS_ARE = f"""k => {{
  {FIND_CHIPS}
  return [...find(document)].map(c => c.textContent).join('\\u0001') === k && {_SEEN};
}}"""


# Before a new sentence: the data each chart on the page shows (Plotly's digest of it, set
# when the chart is drawn), so that the check below can tell when the chart shows new data.
MARK_CHARTS = """() => {
  window.__rnnviz_rev = [...document.querySelectorAll('.js-plotly-plot')]
    .map(gd => gd._fullLayout && gd._fullLayout.datarevision);
}"""
# text → is the page done with it: URL updated, script idle, cell view drawn, the chart drawn
# with other data than before? (one check per frame in the page: separate waits would add
# Playwright's round trips to the figure)
SENTENCE_DONE = f"""t => {{
  {FIND_CHIPS}
  const gd = document.querySelector('.js-plotly-plot');
  return new URLSearchParams(location.search).get('text') === t
    && !!document.querySelector('{IDLE}') && find(document).length > 0
    && !!gd && !!gd._fullLayout && !!gd.querySelector('.xtick')
    && !window.__rnnviz_rev.includes(gd._fullLayout.datarevision)
    && (window.__rnnviz_done ??= performance.now(), true);
}}"""


# k → is the page's rerun for step k done: URL updated (step 0 is left out of it), idle?
STEP_DONE = f"""k => {{
  const s = new URLSearchParams(location.search).get('step');
  // the URL counts tokens from 1, as the screen does (k counts from 0); the first is left out
  return (s === String(k + 1) || (k === 0 && s === null)) && !!document.querySelector('{IDLE}');
}}"""


def dev_assets() -> str | None:
    """A folder with a random sentiment-lstm if no model is shipped, else None."""
    import rnnviz
    from rnnviz import tasks

    if rnnviz.list_models():
        return None
    folder = Path(tempfile.mkdtemp(prefix="rnnviz-bench-"))
    info = tasks.info("sentiment")
    cfg = rnnviz.ModelConfig(
        cell="lstm",
        vocab=["<pad>", "<unk>", *tasks.vocabulary("sentiment")],
        labels=list(info.labels),
        task="sentiment",
    )
    rnnviz.save(rnnviz.RNNModel(cfg), folder / "sentiment-lstm", card={"task": "sentiment"})
    return str(folder)


def start_server(root: Path = ROOT) -> tuple[subprocess.Popen, str]:
    """``streamlit run`` on a free loopback port from checkout ``root``; process and URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ)
    if root != ROOT:  # that checkout's rnnviz, not the one installed from this one
        env["PYTHONPATH"] = str(root)
    assets = dev_assets()
    if assets:
        env["RNNVIZ_ASSETS"] = assets
    proc = subprocess.Popen(
        streamlit_command("app/streamlit_app.py", port),
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):  # bounded: one minute
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("the app did not start within a minute")


def sentences(n: int) -> list[str]:
    from rnnviz import tasks

    return [ex.text for ex in tasks.generate("sentiment", n, seed=4242)]


def rnnviz_tokenizer():
    """The explorer's default model's tokenizer: what its chips will show."""
    import rnnviz
    from rnnviz.tokenize import tokenizer_from_config

    return tokenizer_from_config(rnnviz.load("sentiment-lstm").config.tokenizer).tokenize


def step_of(page) -> int:
    """The step shown, counted from 0 (the URL counts from 1, as the screen does)."""
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(page.url).query))
    return int(q.get("step", 1)) - 1


def measure(url: str, repeats: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    texts = sentences(repeats + 2)
    out: dict[str, list[float]] = {
        "step_component": [],
        "step_in_page": [],
        "step_rerun": [],
        "sentence_view": [],
        "sentence_in_page": [],
        "sentence": [],
        "sentence_done_in_page": [],
    }
    tokenize = rnnviz_tokenizer()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.set_default_timeout(30_000)
        page.goto(f"{url}/?{urllib.parse.urlencode({'text': texts[0]})}")
        page.wait_for_selector(IDLE, timeout=90_000)
        page.wait_for_selector(".cv-chip")
        page.evaluate(STAMP_EVENTS)
        chips = page.locator(".cv-chip")
        for _ in range(repeats):  # (a) step: walk right, then back left at the end
            T, s = chips.count(), step_of(page)
            button = "next token" if s + 1 < T else "previous token"
            target = s + 1 if s + 1 < T else s - 1
            t0 = time.perf_counter()
            page.get_by_role("button", name=button).click()
            page.wait_for_function(CURRENT_CHIP, arg=target, polling="raf")
            t1 = time.perf_counter()
            page.wait_for_function(STEP_DONE, arg=target, polling="raf")
            t2 = time.perf_counter()
            out["step_component"].append(t1 - t0)
            out["step_in_page"].append(page.evaluate(IN_PAGE_MS) / 1000)
            out["step_rerun"].append(t2 - t0)
        for text in texts[1 : repeats + 1]:  # (b) a sentence the server has not traced yet
            view, done = new_sentence(page, text, tokenize)
            out["sentence_view"].append(view)
            out["sentence_in_page"].append(page.evaluate(IN_PAGE_MS) / 1000)
            out["sentence_done_in_page"].append(page.evaluate(DONE_IN_PAGE_MS) / 1000)
            out["sentence"].append(done)
        browser.close()
    return out


def new_sentence(page, text: str, tokenize) -> tuple[float, float]:
    """(b) once: seconds to the cell view showing ``text``'s tokens, and to the page done."""
    box = page.get_by_role("textbox", name="Sentence")
    box.fill(text)
    # a student takes seconds to type a sentence: by the Enter the page has finished the
    # last one's trailing work (a garbage collection, deferred tasks) and the box's own
    # input handling. Without this pause the figure carries that work too (README: 70–200
    # ms more on this machine).
    page.wait_for_timeout(SETTLE_MS)
    page.evaluate(MARK_CHARTS)
    t0 = time.perf_counter()
    box.press("Enter")
    page.wait_for_function(CHIPS_ARE, arg="\u0001".join(tokenize(text)), polling="raf")
    t1 = time.perf_counter()
    page.wait_for_function(SENTENCE_DONE, arg=text, polling="raf")
    return t1 - t0, time.perf_counter() - t0


def side_by_side(
    urls: dict[str, str], repeats: int, pids: dict[str, int] | None = None
) -> dict[str, list[float]]:
    """(b) on each server in turns (the order alternating), after three warm-up sentences;
    with ``pids``, also each server's CPU seconds per new sentence (from Enter to page done:
    a browser's rerun as the server sees it, widget states and all)."""
    from playwright.sync_api import sync_playwright

    texts, tokenize = sentences(repeats + 4), rnnviz_tokenizer()
    out: dict[str, list[float]] = {name: [] for name in urls}
    out |= {f"{name} in page": [] for name in urls}
    out |= {f"{name} server CPU": [] for name in pids or {}}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        pages = {}
        for name, url in urls.items():
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.set_default_timeout(30_000)
            page.goto(f"{url}/?{urllib.parse.urlencode({'text': texts[0]})}")
            page.wait_for_selector(IDLE, timeout=90_000)
            page.evaluate(STAMP_EVENTS)
            pages[name] = page
        for i, text in enumerate(texts[1:]):
            for name in list(urls)[:: 1 if i % 2 else -1]:
                pages[name].bring_to_front()
                cpu0 = proc_cpu([pids[name]]) if pids else 0.0
                _, done = new_sentence(pages[name], text, tokenize)
                if i >= 3:
                    if pids:
                        out[f"{name} server CPU"].append(proc_cpu([pids[name]]) - cpu0)
                    out[name].append(done)
                    out[f"{name} in page"].append(pages[name].evaluate(DONE_IN_PAGE_MS) / 1000)
        browser.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--url", help="an already running app (default: start one)")
    ap.add_argument("--baseline", type=Path, help="another checkout to compare (b) with")
    a = ap.parse_args()
    if a.baseline:
        servers = {"this checkout": start_server(), str(a.baseline): start_server(a.baseline)}
        try:
            res = side_by_side(
                {k: url for k, (_, url) in servers.items()},
                a.repeats,
                {k: proc.pid for k, (proc, _) in servers.items()},
            )
        finally:
            for proc, _ in servers.values():
                proc.terminate()
        print(
            f"new sentence → page rerun done (chart drawn), median of {a.repeats}, in turns"
            " (ms; 'in page': from the key event to the frame, without Playwright's round trips):"
        )
        for k, v in res.items():
            if k.endswith("server CPU"):  # clock ticks of 10 ms: the mean, not the median
                print(f"  {k + ' (mean)':40s} {1000 * statistics.mean(v):7.0f}")
            else:
                print(f"  {k:40s} {1000 * statistics.median(v):7.0f}")
        return
    proc = None
    url = a.url
    if url is None:
        proc, url = start_server()
    try:
        measure(url, 3)  # warm: imports, caches, the browser's own first paint
        res = measure(url, a.repeats)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)
    print(f"app speed, median of {a.repeats} (ms), warm server at {url}")
    labels = {
        "step_component": "(a) step: click next → cell view moved",
        "step_in_page": "    the same, in the page (click event → frame drawn)",
        "step_rerun": "(a) step: click next → page rerun done (charts, URL)",
        "sentence_view": "(b) new sentence: Enter → cell view shows its tokens",
        "sentence_in_page": "    the same, in the page (key event → frame drawn)",
        "sentence": "(b) new sentence: Enter → page rerun done (chart, URL)",
        "sentence_done_in_page": "    the same, in the page (key event → frame drawn)",
    }
    for k, label in labels.items():
        v = sorted(res[k])
        print(
            f"  {label:55s} {1000 * statistics.median(v):7.0f}   "
            f"(min {1000 * v[0]:.0f}, max {1000 * v[-1]:.0f})"
        )


if __name__ == "__main__":
    main()
