"""The Units page in a real browser: the corpus coloured by a unit, a match, a new unit from
the number box, an intervention, a pasted corpus with hostile text shown literally, the span
chosen by clicking token chips, and a corpus folder given at start traced under a progress
bar."""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
import sys
from pathlib import Path

import pytest
from harness import HOSTILE, have_chromium, streamlit_server
from tour_stops import STOPS

from rnnviz import tasks
from rnnviz.analysis.corpus import CORPUS_ENV

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from stclient import StSession  # the protocol client, as test_scaleout uses it

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not have_chromium(), reason="no /usr/bin/chromium"),
]
playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect


@pytest.fixture(scope="module")
def server(shipped_app):
    return shipped_app  # one server for the whole session (conftest.py)


@pytest.fixture
def page(browser):
    pg = browser.new_page(viewport={"width": 1280, "height": 1000})
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    pg.close()


def settle(pg, timeout: int = 60_000) -> None:
    idle = pg.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')
    expect(idle).to_have_count(1, timeout=timeout)
    expect(pg.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=timeout)


def test_units_main_flow(server, page):
    page.goto(f"{server}/units?text=the%20film%20was%20not%20good")
    # the first visit traces the corpus (and imports torch): give it time on a busy machine
    expect(page.get_by_text("Where else they are on together", exact=True)).to_be_visible(
        timeout=180_000
    )
    settle(page)
    main = page.get_by_test_id("stMain")
    legend = "unit {} of the cell state (hover a token for its value)"
    expect(main.get_by_text(legend.format(0))).to_be_visible()
    assert main.locator("span[title]").count() >= 1000  # the coloured corpus
    assert main.locator("mark").count() >= 10  # contexts and matches, highlighted
    expect(main.get_by_role("heading", name="State space")).to_be_visible()

    unit = page.get_by_label("Unit", exact=True)
    unit.fill("3")
    unit.press("Enter")
    expect(main.get_by_text(legend.format(3))).to_be_visible(timeout=60_000)
    expect(page).to_have_url(re.compile(r"unit=3"))
    settle(page)

    # right after typing in the Unit box the first click on a select only moves the focus
    # (a Streamlit quirk, no rerun): click again if its list did not open
    option = page.get_by_role("option", name="reset the whole state")
    page.get_by_label("Edit", exact=True).click()
    if not option.is_visible():
        page.wait_for_timeout(500)
        page.get_by_label("Edit", exact=True).click()
    option.click()
    settle(page)
    expect(main.get_by_text(re.compile(r"Answer before: negative"))).to_be_visible()
    assert page.dialogs == []


def test_pasted_corpus_with_hostile_text(server, page):
    page.goto(f"{server}/units")
    expect(page.get_by_text("your text", exact=True)).to_be_visible(timeout=180_000)
    settle(page)
    page.get_by_text("your text", exact=True).click()
    box = page.get_by_label("Paste text (one text per line)")
    expect(box).to_be_visible(timeout=60_000)
    box.fill(f"the film was good\n{HOSTILE}\nthe film was not good")
    box.press("Control+Enter")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Your text.", exact=False)).to_be_visible(timeout=60_000)
    settle(page)
    assert main.locator("b", has_text="x").count() == 0
    assert main.locator("a[href='http://x']").count() == 0
    expect(main.get_by_text("emoji").first).to_be_visible()
    assert page.dialogs == []


def test_span_chips_and_the_c_heatmap(server, page):
    page.goto(f"{server}/units?text=the%20film%20was%20not%20good")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Where else they are on together", exact=True)).to_be_visible(
        timeout=180_000
    )
    settle(page)
    line = main.get_by_text(re.compile(r"^Units at or above"))
    expect(line).to_contain_text("«not good»")
    # click «film» (on top of «not good»): the span runs from «film» to «good»
    chips = main.get_by_test_id("stButtonGroup")
    chips.get_by_role("button", name="film", exact=True).click()
    expect(line).to_contain_text("«film was not good»", timeout=60_000)
    expect(page).to_have_url(re.compile(r"span=2-5"))
    settle(page)
    # take «good» and «not» out again: «film» alone
    chips.get_by_role("button", name="good", exact=True).click()
    expect(line).to_contain_text("«film was not»", timeout=60_000)
    settle(page)
    chips.get_by_role("button", name="not", exact=True).click()
    expect(line).to_contain_text("«film»", timeout=60_000)
    expect(page).to_have_url(re.compile(r"span=2-2"))
    settle(page)
    # the intervention shows what the edit changed in c and in h
    for name in ("c", "h"):
        expect(main.get_by_text(f"What the edit changed in {name}", exact=True)).to_be_visible()
    assert page.dialogs == []


def test_the_tour_stop_opens_the_edit(server, page):
    n = next(i for i, s in enumerate(STOPS, 1) if s.page == "units")
    page.goto(f"{server}/tour?stop={n}")
    expect(page.get_by_text(f"Stop {n} of {len(STOPS)}", exact=True)).to_be_visible(timeout=180_000)
    settle(page)
    expect(page.get_by_role("heading", name="Switch off the negation unit")).to_be_visible()
    page.get_by_role("button", name="Open this view").click()
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text(re.compile(r"^Answer before: negative"))).to_be_visible(timeout=180_000)
    expect(page).to_have_url(re.compile(r"edit=8"))
    expect(main.get_by_text(re.compile("did not change the answer"))).to_be_visible()
    assert page.dialogs == []


@pytest.fixture(scope="module")
def folder_app(tmp_path_factory):
    """An app started as `rnnviz app --corpus DIR` does: a big file (so tracing takes long
    enough to see its bar) and a binary one."""
    d = tmp_path_factory.mktemp("corpus")
    texts, n, seed = [], 0, 0
    while n < 120_000:
        for ex in tasks.generate("sentiment", 2000, seed=seed):
            texts.append(ex.text)
            n += len(ex.tokens)
        seed += 1
    (d / "big.txt").write_text("\n".join(texts), "utf-8")
    (d / "broken.txt").write_bytes(b"\x00\x01\x02")
    with streamlit_server("app/streamlit_app.py", env={CORPUS_ENV: str(d)}) as url:
        yield url


def _open_units_over_the_protocol(url: str):
    """The Units page opened as a browser tab opens it, seen message by message."""

    async def go():
        async with StSession(url) as s:
            return await s.run("", page="units")

    # in a thread of its own: Playwright's sync API holds this thread's event loop
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, go()).result(timeout=300)


def test_a_corpus_folder_is_traced_under_a_progress_bar(folder_app, page):
    # Tracing 120,000 tokens takes well under a second now: a browser may never paint a bar
    # that comes and goes within a frame or two. So the bar is read where it cannot be
    # missed, in the messages the server sends (the first session traces the folder), and
    # the page afterwards in the browser.
    run = _open_units_over_the_protocol(folder_app)
    assert not run.errors, run.errors
    kinds = [v[0] for v in run.view]
    bars = [v[1] for v in run.view if v[0] == "progress"]
    assert bars and bars[0].startswith("Reading the corpus: "), run.view
    assert re.match(r"^Reading the corpus: [\d,]+ of [\d,]+ tokens$", bars[-1]), bars
    # the bar is taken down (an empty element in its place) once the corpus is read
    assert "empty" in kinds[kinds.index("progress") :], kinds
    page.goto(f"{folder_app}/units")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text(re.compile(r"^big\.txt: [\d,]+ texts\."))).to_be_visible(
        timeout=180_000
    )
    settle(page, timeout=180_000)
    expect(page.get_by_test_id("stProgress")).to_have_count(0)
    expect(
        main.get_by_text(re.compile(r"Left out \(1\): broken\.txt: this looks like a binary"))
    ).to_be_visible()
    assert page.dialogs == []
