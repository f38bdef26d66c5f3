"""The Units page in a real browser: the corpus coloured by a unit, a match, a new unit from
the number box, an intervention, and a pasted corpus with hostile text shown literally."""

from __future__ import annotations

import re

import pytest
from harness import HOSTILE, have_chromium

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
