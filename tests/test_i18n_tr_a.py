"""The explorer and the guided tour in the lesson's languages, in a real browser: a link with
``?lang=`` gives translated headings, labels, buttons and notices, and no English left of them.

Expected words are the catalogs' (the translations a reader checked), spelled out here.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser


def _open(browser, url: str):
    from harness import IDLE

    ctx = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.goto(url, timeout=120_000)
    pg.wait_for_selector(IDLE, timeout=120_000)
    return ctx, pg


def test_explorer_in_ukrainian(shipped_app, browser):
    from harness import assert_no_error_box
    from playwright.sync_api import expect

    text = quote("Аліса пішла додому.")
    ctx, pg = _open(browser, f"{shipped_app}/?lang=uk&model=agreement_uk-lstm&text={text}")
    try:
        main = pg.get_by_test_id("stMain")
        expect(
            main.get_by_role("heading", name="Подивіться, як читає рекурентна мережа")
        ).to_be_visible(timeout=120_000)
        expect(main.get_by_text("Кожен блок на кожному токені", exact=True)).to_be_visible(
            timeout=120_000
        )
        expect(main.get_by_text("Пройдіть речення крок за кроком", exact=True)).to_be_visible(
            timeout=60_000
        )
        expect(
            main.get_by_role("button", name=re.compile("Поділитися цим виглядом"))
        ).to_be_visible(timeout=60_000)
        expect(main.get_by_role("button", name=re.compile("^.*Завантажити$"))).to_be_visible(
            timeout=60_000
        )
        expect(pg.get_by_label("Модель", exact=True)).to_be_visible(timeout=60_000)
        expect(pg.get_by_label("Порядок лампочок", exact=True)).to_be_visible(timeout=60_000)
        text = main.inner_text()
        for english in ("Watch a recurrent network read", "Every unit at every token",
                        "Share this view", "Lamp order", "Or click an example"):  # fmt: skip
            assert english not in text, english
        # Plotly's own tooltips on the chart's buttons (ui.plotly_config)
        pg.wait_for_selector(".js-plotly-plot .modebar-btn", state="attached", timeout=60_000)
        titles = pg.eval_on_selector_all(
            ".js-plotly-plot .modebar-btn", "bs => bs.map(b => b.getAttribute('data-title'))"
        )
        assert titles[:3] == ["Завантажити графік як PNG", "Масштаб", "Переміщення"], titles
        assert not {"Zoom in", "Zoom out", "Autoscale", "Reset axes"} & set(titles), titles
        assert_no_error_box(pg)
    finally:
        ctx.close()


def test_explorer_link_notice_in_romanian(shipped_app, browser):
    """A notice about the link itself (a step past the sentence's end) is in the language."""
    from harness import assert_no_error_box
    from playwright.sync_api import expect

    url = f"{shipped_app}/?lang=ro&model=sentiment-lstm&text=the+film&step=9&teacher=1"
    ctx, pg = _open(browser, url)
    try:
        main = pg.get_by_test_id("stMain")
        expect(main.get_by_text(re.compile("nu există tokenul 9"))).to_be_visible(timeout=120_000)
        expect(main.get_by_text("Modelul, exemple și ce arată această pagină")).to_be_visible(
            timeout=60_000
        )
        assert "does not exist" not in main.inner_text()
        assert "there is no token" not in main.inner_text()
        assert_no_error_box(pg)
    finally:
        ctx.close()


def test_tour_in_lithuanian(shipped_app, browser):
    from harness import assert_no_error_box
    from playwright.sync_api import expect

    ctx, pg = _open(browser, f"{shipped_app}/tour?stop=7&lang=lt")
    try:
        main = pg.get_by_test_id("stMain")
        expect(main.get_by_role("heading", name="Ekskursija")).to_be_visible(timeout=120_000)
        expect(main.get_by_text("Stotelė 7 iš 13")).to_be_visible(timeout=60_000)
        expect(main.get_by_role("heading", name="Ženklai faktinėje būsenoje").first).to_be_visible(
            timeout=60_000
        )
        expect(main.get_by_role("button", name="Atidaryti šį vaizdą")).to_be_visible(timeout=60_000)
        expect(main.get_by_role("button", name=re.compile("Toliau"))).to_be_visible(timeout=60_000)
        text = main.inner_text()
        assert "Alisa ir Tomas" not in text or "„Alisa“" in text
        for english in ("Guided tour", "Open this view", "Cell-state flags", "All stops",
                        "Word order matters"):  # fmt: skip
            assert english not in text, english
        assert_no_error_box(pg)
    finally:
        ctx.close()


# every page's name in the sidebar whose text is cut (Streamlit ends it with "…")
CUT_PAGE_NAMES = """() => [...document.querySelectorAll('[data-testid=stSidebarNavLink] span')]
  .filter(s => s.scrollWidth > s.clientWidth + 1).map(s => s.textContent)"""


def test_teacher_mode_shows_every_page_name_whole_in_every_language(shipped_app, browser):
    """On a projector (1920×1080, teacher mode's larger type) the sidebar's page names are
    read from the back of the room: none may be cut, in any language."""
    ctx = browser.new_context(locale="en-US", viewport={"width": 1920, "height": 1080})
    try:
        pg = ctx.new_page()
        for lang in ("en", "uk", "sr", "bg", "ro", "lt"):
            pg.goto(f"{shipped_app}/?lang={lang}&teacher=1", timeout=120_000)
            pg.wait_for_selector("[data-testid=stSidebarNavLink]", timeout=120_000)
            pg.wait_for_function("() => document.fonts.status === 'loaded'")
            assert pg.locator("[data-testid=stSidebarNavLink]").count() == 12, lang
            assert pg.evaluate(CUT_PAGE_NAMES) == [], lang
    finally:
        ctx.close()


# The cell diagram's flow labels ("kept …", "wrote …"): for each, its text, and how far its
# box keeps from the nearest operation circle (negative: they overlap) and from the drawing's
# edges (viewBox units).
FLOW_LABELS = """svg => {
  const width = svg.viewBox.baseVal.width;
  const circles = [...svg.querySelectorAll('.cv-op circle')]
    .map(c => [c.cx.baseVal.value, c.cy.baseVal.value, c.r.baseVal.value]);
  return [...svg.querySelectorAll('text.cv-flow')].filter(t => t.textContent).map(t => {
    const b = t.getBBox();
    const gap = Math.min(...circles.map(([x, y, r]) => Math.hypot(
      Math.max(b.x - x, 0, x - b.x - b.width), Math.max(b.y - y, 0, y - b.y - b.height)) - r));
    return [t.textContent, gap, Math.min(b.x, width - b.x - b.width)];
  });
}"""


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_the_diagrams_flow_labels_stay_clear_of_its_circles_in_every_language(
    shipped_app, browser, cell
):
    """ "kept −0.126" sat between the × and the + of the state line, where "збережено −0,126"
    or "задржано −0,126" at a projector's size ran into them. In every language, in teacher
    mode (the largest type), no flow label touches a circle or leaves the drawing."""
    ctx = browser.new_context(locale="en-US", viewport={"width": 1920, "height": 1080})
    try:
        pg = ctx.new_page()
        for lang in ("en", "uk", "sr", "bg", "ro", "lt"):
            pg.goto(
                f"{shipped_app}/?lang={lang}&model=sentiment-{cell}"
                "&text=the+film+was+not+good&step=4&teacher=1",
                timeout=120_000,
            )
            svg = pg.locator("svg.cv-svg").first  # Playwright's locators enter shadow roots
            svg.wait_for(timeout=120_000)
            pg.wait_for_function("() => document.fonts.status === 'loaded'")
            labels = svg.evaluate(FLOW_LABELS)
            assert len(labels) == 2, (lang, labels)
            for text, gap, edge in labels:
                assert gap >= 0 and edge >= 0, (lang, text, gap, edge)
    finally:
        ctx.close()
