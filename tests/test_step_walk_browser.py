"""The step walk in a real browser: operations render, ◀ ▶ move one at a time, a click on a
unit reaches Python, and hostile token text stays text.

Starts ``tests/apps/step_walk_app.py`` with ``streamlit run`` and drives it with Playwright
on the system Chromium. Saves screenshots at 1280×720 to ``/tmp/walk_<cell>.png`` (look at
them when changing the drawing).
"""

from __future__ import annotations

import pytest
from harness import IDLE, ROOT, have_chromium, streamlit_server
from harness import TIMEOUT_MS as TIMEOUT

pytestmark = pytest.mark.browser
APP = ROOT / "tests" / "apps" / "step_walk_app.py"
HOSTILE = "<img src=x onerror=alert(1)>"
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
        expect(page.locator(".sw-root")).to_be_visible()
        pages.append(page)
        return page

    yield go
    for page in pages:
        page.close()


def test_operations_render_and_step_one_at_a_time(open_app):
    page = open_app("cell=lstm")
    ops = page.locator(".sw-op")
    expect(ops).to_have_count(9)
    expect(page.locator(".sw-open .sw-op-title")).to_have_text("1. Look up the embedding of «not»")
    expect(page.locator(".sw-counter")).to_have_text("operation 1 of 9")
    expect(page.locator(".sw-open .sw-glyph")).to_have_count(2)  # embedding table → xₜ
    page.get_by_role("button", name="next operation").click()
    page.get_by_role("button", name="next operation").click()
    expect(page.locator(".sw-counter")).to_have_text("operation 3 of 9")
    opened = page.locator(".sw-open")
    expect(opened).to_have_attribute("data-op", "input")
    expect(opened.locator(".sw-bar")).not_to_have_count(0)  # top contributors, signed
    expect(opened.locator(".sw-glyph")).to_have_count(4)  # W_ih · xₜ + W_hh · hₜ₋₁
    expect(opened.locator(".sw-numbers")).to_contain_text("σ(")
    assert page.locator(".sw-op-body:visible").count() == 1  # the others are one line each
    assert page.locator(".sw-hl").count() >= 1  # the diagram shows where
    page.get_by_role("button", name="previous operation").click()
    expect(page.locator(".sw-counter")).to_have_text("operation 2 of 9")
    page.locator(".sw-op-head", has_text="Update the cell state").click()
    expect(page.locator(".sw-open")).to_have_attribute("data-op", "cell")
    page.keyboard.press("ArrowRight")  # focus is on an op inside the element
    expect(page.locator(".sw-open")).to_have_attribute("data-op", "hidden")
    assert page.errors == []


def test_clicking_a_unit_reaches_python_and_keeps_the_operation(open_app):
    page = open_app("cell=gru")
    expect(page.get_by_text("unit: 3")).to_be_visible()
    page.locator(".sw-op-head", has_text="Candidate n").click()
    page.locator(".sw-strip").first.locator(".sw-u").nth(7).click()
    expect(page.get_by_text("unit: 7")).to_be_visible()
    page.wait_for_selector(IDLE)
    expect(page.locator(".sw-where")).to_contain_text("unit 7 of 32")
    expect(page.locator(".sw-open")).to_have_attribute("data-op", "candidate")
    assert page.errors == []


def test_hostile_token_stays_text(open_app):
    page = open_app("cell=lstm&hostile=1")
    expect(page.locator(".sw-token")).to_have_text(f"«{HOSTILE}»")
    expect(page.locator(".sw-open .sw-op-title")).to_have_text(
        f"1. Look up the embedding of «{HOSTILE}»"
    )
    page.wait_for_timeout(500)  # give an onerror handler every chance to fire
    root = page.locator('[data-testid="stBidiComponentIsolated"]')
    assert root.locator("img, script").count() == 0
    assert page.dialogs == [] and page.errors == []


@pytest.mark.parametrize("cell,op", [("lstm", "forget"), ("gru", "update"), ("rnn", "rnn")])
def test_screenshots(open_app, cell, op):
    page = open_app(f"cell={cell}&op={op}")
    expect(page.locator(".sw-open")).to_have_attribute("data-op", op)
    page.wait_for_timeout(400)
    page.screenshot(path=f"/tmp/walk_{cell}.png")
    comp = page.locator('[data-testid="stBidiComponentIsolated"]')
    comp.screenshot(path=f"/tmp/walk_{cell}_full.png")
    assert comp.bounding_box()["width"] > 900
    assert page.errors == []
