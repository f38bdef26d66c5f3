"""The cell view in a real browser: it steps and plays client-side and reports back to Python.

Starts ``tests/apps/cell_view_app.py`` with ``streamlit run`` and drives it with Playwright
on the system Chromium, the way a student would: chips, next/prev, arrow keys, Play and
Pause; checks that hostile token text stays text; saves screenshots of each cell type at
1280×720 to ``/tmp/cellview_<cell>.png`` (look at them when changing the drawing).
"""

from __future__ import annotations

import re

import pytest
from harness import IDLE, ROOT, have_chromium, streamlit_server
from harness import TIMEOUT_MS as TIMEOUT

pytestmark = pytest.mark.browser
APP = ROOT / "tests" / "apps" / "cell_view_app.py"
if not have_chromium():
    pytest.skip("no Chromium at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture(scope="module")
def server():
    with streamlit_server(APP) as url:
        yield url


@pytest.fixture
def open_app(server, browser):
    pages = []

    def go(query: str = "cell=lstm"):
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.set_default_timeout(TIMEOUT)
        page.errors = []
        page.dialogs = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        page.goto(f"{server}/?{query}")
        page.wait_for_selector(IDLE, timeout=60_000)  # the first run imports torch
        expect(page.locator(".cv-root")).to_be_visible()
        pages.append(page)
        return page

    yield go
    for page in pages:
        page.close()


def step_of(page) -> int:
    return int(page.locator(".cv-root").get_attribute("data-step"))


def drawing(page) -> str:
    return " ".join(page.locator(".cv-gate-val, .cv-lbl").all_text_contents())


def test_chips_buttons_and_keys_move_the_step(open_app):
    page = open_app("cell=lstm")
    chips = page.locator(".cv-chip")
    expect(chips).to_have_count(7)
    expect(chips.nth(6)).to_have_class(re.compile("cv-unk"))  # "zzz" is not in the vocabulary
    counter = page.locator(".cv-counter")
    expect(counter).to_have_text("token 1 of 7: «the»")
    before = drawing(page)
    page.get_by_role("button", name="next token").click()
    expect(counter).to_have_text("token 2 of 7: «film»")
    expect(chips.nth(1)).to_have_attribute("aria-current", "step")
    assert drawing(page) != before
    counter.click()  # focus on plain text: the keys belong to the view
    page.keyboard.press("ArrowRight")
    expect(counter).to_have_text("token 3 of 7: «was»")
    page.keyboard.press("End")
    expect(counter).to_have_text(re.compile("token 7 of 7"))
    expect(page.get_by_text("returned step: 6")).to_be_visible()  # reported once it settled
    page.wait_for_selector(IDLE)
    assert step_of(page) == 6  # the echo of our own report does not move the cursor
    chips.nth(3).click()
    expect(counter).to_have_text("token 4 of 7: «not»")
    expect(page.get_by_text("returned step: 3")).to_be_visible()
    page.keyboard.press("Home")
    expect(counter).to_have_text("token 1 of 7: «the»")
    slider = page.get_by_role("slider", name="token")
    expect(slider).to_have_value("0")
    # a manual step redraws synchronously, well under the 150 ms budget
    ms = page.locator(".cv-root").evaluate(
        "root => { const b = root.querySelector('[data-role=next]'); const t0 = performance.now();"
        " b.click(); return performance.now() - t0; }"
    )
    assert step_of(page) == 1 and ms < 150, ms
    assert page.errors == []


def test_play_runs_in_the_browser_and_pause_reports(open_app):
    page = open_app("cell=gru")
    page.get_by_role("combobox", name="play speed").select_option("2")
    page.get_by_role("button", name="play").click()
    expect(page.get_by_role("button", name="pause")).to_be_visible()
    page.wait_for_function(
        "() => Number(document.querySelector('[data-testid=stBidiComponentIsolated]')"
        ".shadowRoot.querySelector('.cv-root').dataset.step) >= 2",
        timeout=TIMEOUT,
    )
    # while playing, Python hears nothing: the page still shows the step it last had
    expect(page.get_by_text("returned step: 0")).to_be_visible()
    page.get_by_role("button", name="pause").click()
    shown = step_of(page)
    assert shown >= 2
    expect(page.get_by_text(f"returned step: {shown}")).to_be_visible()
    page.wait_for_selector(IDLE)
    assert step_of(page) == shown
    # Play again runs to the end and stops there by itself
    page.get_by_role("button", name="play").click()
    expect(page.get_by_text("returned step: 6")).to_be_visible(timeout=3 * TIMEOUT // 2)
    expect(page.get_by_role("button", name="play")).to_be_visible()
    assert page.errors == []


def test_hostile_tokens_stay_text(open_app):
    page = open_app("cell=lstm&hostile=1")
    chips = page.locator(".cv-chip")
    texts = [
        "<img src=x onerror=alert(1)>",
        "<b>x</b>",
        "[link](http://x)",
        "<script>alert(2)</script>",
    ]
    for i, t in enumerate(texts):
        expect(chips.nth(i)).to_have_text(t)
    page.get_by_role("button", name="next token").click()
    expect(page.locator(".cv-counter")).to_have_text("token 2 of 5: «<b>x</b>»")
    page.wait_for_timeout(500)  # give an onerror handler every chance to fire
    root = page.locator('[data-testid="stBidiComponentIsolated"]')
    assert root.locator("b, img, script, a").count() == 0
    assert page.locator("b").count() == 0
    assert page.dialogs == [] and page.errors == []


def test_the_page_can_move_the_cursor(open_app):
    page = open_app("cell=rnn")
    counter = page.locator(".cv-counter")
    counter.click()
    page.keyboard.press("End")
    expect(page.get_by_text("returned step: 6")).to_be_visible()
    page.wait_for_selector(IDLE)
    page.get_by_role("button", name="jump to token 3").click()  # a Streamlit button
    expect(counter).to_have_text("token 3 of 7: «was»")
    expect(page.get_by_text("returned step: 2")).to_be_visible()
    page.wait_for_selector(IDLE)
    counter.click()
    page.keyboard.press(" ")  # Space plays
    expect(page.get_by_role("button", name="pause")).to_be_visible()
    page.keyboard.press(" ")  # and pauses, which reports the step
    expect(page.get_by_role("button", name="play")).to_be_visible()
    expect(page.get_by_text(f"returned step: {step_of(page)}")).to_be_visible()
    assert page.errors == []


def test_a_long_text_steps_to_the_end_and_back(open_app):
    """300 tokens: End reaches the last chip (scrolled into view), 20 steps back land on 280.
    How fast a step is measured in benchmarks/app_speed.py, not here."""
    page = open_app("cell=lstm&long=1")
    chips = page.locator(".cv-chip")
    expect(chips).to_have_count(301)
    page.locator(".cv-counter").click()
    page.keyboard.press("End")
    expect(chips.nth(300)).to_be_in_viewport()  # the chip strip scrolled to the cursor
    page.locator(".cv-root").evaluate(
        "root => { const b = root.querySelector('[data-role=prev]');"
        " for (let k = 0; k < 20; k++) b.click(); }"
    )
    assert step_of(page) == 280
    assert page.errors == []


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn", "bag", "lstm&head=lm"])
def test_screenshots(open_app, cell):
    page = open_app(f"cell={cell}")
    page.get_by_role("button", name="next token").click()
    page.get_by_role("button", name="next token").click()
    page.get_by_role("button", name="next token").click()
    page.wait_for_timeout(600)  # let the transitions finish
    comp = page.locator('[data-testid="stBidiComponentIsolated"]')
    comp.screenshot(path=f"/tmp/cellview_{cell.replace('&head=', '_')}.png")
    box = comp.bounding_box()
    assert box["width"] > 600 and box["height"] > 300
    if cell != "bag":
        expect(page.locator(".cv-gate")).not_to_have_count(0)
    expect(page.locator(".cv-lamp")).to_have_count(16 if cell != "bag" else 8)
    expect(page.locator(".cv-bar")).to_have_count(5 if "lm" in cell else 2)
    assert page.errors == []
