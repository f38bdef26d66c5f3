"""The charts and the cell view in the reader's language, in a real browser.

Opens the explorer with ``?lang=uk`` and ``?lang=lt`` and reads what a student sees: the cell
view's buttons (by their accessible names), its counter, the lamps' labels and the headings,
and the chart's title, all in that language (the words taken from the language's catalog,
never copied here), with no English left in them and no error box. Then English again, to
show one server keeps each session's words apart.
"""

from __future__ import annotations

import re

import i18n
import pytest
from babel.messages.pofile import read_po
from harness import IDLE, assert_no_error_box

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TEXT = "the+film+was+not+good"  # a classifier: the view's "If the text ended here" heading
LAMP_ON = "unit {unit}: {symbol} = {v}, lamp on{what}{switched}; on {where}, range {lo} to {hi}"


def po(lang: str) -> dict[str, str]:
    with i18n.catalog_path(lang).open("rb") as f:
        cat = read_po(f, locale=lang)
    return {m.id: m.string for m in cat if m.id and isinstance(m.id, str)}


def fixed(template: str) -> str:
    """The words of a template before its first {field}: what any filled copy starts with."""
    return template.split("{")[0]


def open_explorer(browser, url: str):
    from playwright.sync_api import expect

    pg = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-US")
    pg.set_default_timeout(60_000)
    pg.goto(url, timeout=120_000)
    pg.wait_for_selector(IDLE, timeout=120_000)
    expect(pg.locator(".cv-root")).to_be_visible(timeout=120_000)
    expect(pg.locator(".js-plotly-plot .gtitle").first).to_be_visible(timeout=120_000)
    return pg


@pytest.mark.parametrize("lang", ["uk", "lt"])
def test_cell_view_and_chart_read_the_language(shipped_app, browser, lang):
    from playwright.sync_api import expect

    words = po(lang)
    pg = open_explorer(browser, f"{shipped_app}/?lang={lang}&model=sentiment-lstm&text={TEXT}")
    try:
        view = pg.locator(".cv-root")
        # the step bar: buttons by their accessible names, their visible text, the counter
        nxt = view.get_by_role("button", name=words["next token"], exact=True)
        expect(nxt).to_be_visible()
        expect(nxt).to_have_text(words["next ▶"])
        expect(view.get_by_role("button", name=words["previous token"], exact=True)).to_have_text(
            words["◀ prev"]
        )
        expect(view.get_by_role("button", name=words["play"], exact=True)).to_have_text(
            words["▶ Play"]
        )
        counter = view.locator(".cv-counter")
        expect(counter).to_have_text(
            re.compile("^" + re.escape(fixed(words["token {n} of {total}: «{token}»"])))
        )
        nxt.click()
        expect(counter).to_contain_text(
            words["token {n} of {total}: «{token}»"].split("{total}")[0].replace("{n}", "2")
        )
        # the panels: the prediction's heading, the formula's, a lamp's label
        expect(view.get_by_role("region", name=words["prediction at this step"])).to_be_visible()
        expect(view.get_by_role("region", name=words["formula with real numbers"])).to_be_visible()
        lamp = view.get_by_role("listitem").filter(has=pg.locator(".cv-bulb")).first
        label = lamp.get_attribute("aria-label") or ""
        assert label.startswith(fixed(words[LAMP_ON])), label
        # the chart's title (the answer on top, the heatmap below), in the language too
        title = pg.locator(".js-plotly-plot .gtitle").first.text_content() or ""
        between = words["{top} (top); {below} (below)"].split("{top}")[1].split("{below}")[0]
        assert between.strip() in title, title  # a long title is broken into lines (tspans)
        assert any(
            words[t] in title
            for t in ("hidden state h", "cell state c", "running mean of the embeddings")
        ), title
        shown = view.inner_text()
        for english in (
            "next ▶",
            "◀ prev",
            "token 2 of",
            "If the text ended here",
            "Next token after",
            "Flags",
        ):
            assert english not in shown, english
        assert "(top)" not in title and "(below)" not in title
        assert_no_error_box(pg)
    finally:
        pg.close()


def test_english_session_keeps_its_words(shipped_app, browser):
    """After other languages were served (cached charts and payloads included), English."""
    from playwright.sync_api import expect

    pg = open_explorer(browser, f"{shipped_app}/?lang=en&model=sentiment-lstm&text={TEXT}")
    try:
        view = pg.locator(".cv-root")
        expect(view.get_by_role("button", name="next token", exact=True)).to_have_text("next ▶")
        expect(view.locator(".cv-counter")).to_contain_text("token 1 of")
        title = pg.locator(".js-plotly-plot .gtitle").first.text_content() or ""
        assert "(top)" in title and "(below)" in title, title
        assert_no_error_box(pg)
    finally:
        pg.close()


def test_inside_one_step_reads_the_language(shipped_app, browser):
    """The step walk ("Inside one step"): its buttons, counter and operations in Romanian."""
    from playwright.sync_api import expect

    words = po("ro")
    pg = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-US")
    pg.set_default_timeout(60_000)
    try:
        pg.goto(f"{shipped_app}/inside?lang=ro", timeout=120_000)
        pg.wait_for_selector(IDLE, timeout=120_000)
        walk = pg.locator(".sw-root")
        expect(walk).to_be_visible(timeout=120_000)
        nxt = walk.get_by_role("button", name=words["next operation"], exact=True)
        expect(nxt).to_have_text(words["next ▶"])
        counter = walk.locator(".sw-counter")
        op = words["operation {n} of {total}"].split("{total}")[0]
        expect(counter).to_contain_text(op.replace("{n}", "1"))
        first = "1. " + words["Look up the embedding of «{token}»"].format(token="the")
        expect(walk.get_by_role("button", name=re.compile("^" + re.escape(first)))).to_be_visible()
        nxt.click()
        expect(counter).to_contain_text(op.replace("{n}", "2"))
        shown = walk.inner_text()
        for english in ("Inside one step", "Where it happens", "operation 2 of", "Look up"):
            assert english not in shown, english
        assert_no_error_box(pg)
    finally:
        pg.close()
