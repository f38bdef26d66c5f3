"""The compare, layers and pairs pages in headless Chromium: deep links, the step, hostile text.

Starts ``streamlit run`` on a free loopback port (shipped models) and drives it with
Playwright. Skipped where /usr/bin/chromium is missing.
"""

from __future__ import annotations

import urllib.parse

import pytest
from harness import HOSTILE, assert_no_error_box, have_chromium
from harness import TIMEOUT_MS as WAIT

pytestmark = pytest.mark.browser
if not have_chromium():
    pytest.skip("needs /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture(scope="module")
def server(shipped_app):
    return shipped_app  # one server for the whole session (conftest.py)


def open_page(browser, url: str):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    expect(page.locator("h1").first).to_be_visible(timeout=60_000)
    settle(page)
    return page, dialogs


def settle(page) -> None:
    expect(
        page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')
    ).to_have_count(1, timeout=WAIT)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=WAIT)
    assert_no_error_box(page)


def inert(page, dialogs) -> None:
    """The hostile sentence is in its box, literally; nothing of it became markup."""
    boxes = page.locator('[data-testid="stTextInput"] input')
    values = [boxes.nth(i).input_value() for i in range(boxes.count())]
    assert HOSTILE in values
    assert page.locator("[data-testid='stMain'] b", has_text="x").count() == 0
    assert page.locator("[data-testid='stMain'] a[href='http://x']").count() == 0
    assert not dialogs
    assert page.locator('[data-testid="stException"]').count() == 0


@pytest.mark.parametrize("path,name", [("compare", "text"), ("layers", "text")])
def test_step_moves_and_hostile_text_inert(server, browser, path, name):
    q = urllib.parse.urlencode({name: HOSTILE, "step": 1})
    page, dialogs = open_page(browser, f"{server}/{path}?{q}")
    try:
        expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=WAIT)
        inert(page, dialogs)
        slider = page.get_by_role("slider").first
        slider.focus()
        slider.press("ArrowRight")
        page.wait_for_function("() => location.search.includes('step=2')", timeout=WAIT)
        settle(page)
        inert(page, dialogs)
    finally:
        page.close()


def test_pairs_deep_link(server, browser):
    q = urllib.parse.urlencode({"b": HOSTILE, "state": "hidden"})
    page, dialogs = open_page(browser, f"{server}/pairs?{q}")
    try:
        expect(page.get_by_text("The units that differ most")).to_be_visible(timeout=WAIT)
        inert(page, dialogs)
        page.get_by_role("button", name="good / not good").click()
        expect(page.get_by_text("flips")).to_be_visible(timeout=WAIT)
        settle(page)
        assert "state=hidden" in page.url
    finally:
        page.close()
