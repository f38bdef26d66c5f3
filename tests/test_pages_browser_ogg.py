"""Word order, vanishing gradients and generation in a real browser: deep links, a control
each, and hostile text shown literally (no dialog, no injected element)."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from harness import HOSTILE, TIMEOUT_MS, assert_no_error_box, have_chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not have_chromium(), reason="no /usr/bin/chromium"),
]
playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect
expect.set_options(timeout=TIMEOUT_MS)


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


def settle(pg) -> None:
    expect(pg.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(
        1
    )
    expect(pg.locator('[data-testid="stSkeleton"]')).to_have_count(0)
    assert_no_error_box(pg)


def test_order_deep_link_and_model(server, page):
    page.goto(f"{server}/order?model=sentiment-gru")
    settle(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("At position 4 the first order reads")).to_be_visible()
    expect(main.get_by_text("GRU", exact=True).first).to_be_visible()
    page.get_by_role("button", name="Shuffle the first").click()
    expect(page).to_have_url(re.compile(r"seed=\d+"))
    settle(page)


def test_gradients_control(server, page):
    page.goto(f"{server}/gradients")
    settle(page)
    expect(page.get_by_text("What to notice:")).to_be_visible()
    page.get_by_text("the memory (state h)", exact=True).click()
    expect(page).to_have_url(re.compile(r"wrt=hidden"))
    settle(page)
    expect(page.get_by_text("the memory (hidden state h)").first).to_be_visible()


def test_generate_write_and_hostile_prompt(server, page):
    page.goto(f"{server}/generate?length=20&text={quote(HOSTILE)}")
    settle(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("<b>x</b>", exact=False).first).to_be_visible()
    assert main.locator("b", has_text="x").count() == 0
    assert main.locator("a[href='http://x']").count() == 0
    page.get_by_label("Seed").fill("3")
    page.get_by_role("button", name="Write").click()
    expect(page).to_have_url(re.compile(r"seed=3"))
    settle(page)
    assert page.dialogs == []


def test_order_hostile(server, page):
    page.goto(f"{server}/order?a={quote(HOSTILE)}&b={quote('x ' + HOSTILE)}")
    settle(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("do not hold quite the same words")).to_be_visible()
    assert main.locator("b", has_text="x").count() == 0
    assert main.locator("a[href='http://x']").count() == 0
    assert page.dialogs == []
