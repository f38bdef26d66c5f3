"""The real app in headless Chromium: type, step, play, deep links, hostile text stays inert.

Starts ``streamlit run`` on a free loopback port with small test models (see test_app.py),
and drives it with Playwright. Skipped where /usr/bin/chromium is missing.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest
from harness import IDLE, assert_no_error_box, have_chromium, streamlit_server
from harness import TIMEOUT_MS as TIMEOUT

pytestmark = pytest.mark.browser
if not have_chromium():
    pytest.skip("needs /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from test_app import make_models

    assets = tmp_path_factory.mktemp("assets")
    make_models(assets)
    with streamlit_server("app/streamlit_app.py", env={"RNNVIZ_ASSETS": str(assets)}) as url:
        yield url


@pytest.fixture
def page(browser):
    expect.set_options(timeout=TIMEOUT)
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    pg = ctx.new_page()
    pg.set_default_timeout(TIMEOUT)
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs
    yield pg
    ctx.close()


def open_view(page, server, **params) -> None:
    page.goto(f"{server}/?{urllib.parse.urlencode(params)}")
    page.wait_for_selector(IDLE, timeout=60_000)
    expect(page.get_by_text("Watch a recurrent network read")).to_be_visible()
    assert_no_error_box(page)


def query(page) -> dict:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlparse(page.url).query))


def test_type_a_sentence_then_step_and_play(page, server):
    open_view(page, server)
    expect(page.get_by_text("Type a sentence above")).to_be_visible()
    box = page.get_by_role("textbox", name="Sentence")
    box.fill("the film was not good")
    box.press("Enter")
    chips = page.locator(".cv-chip")
    expect(chips).to_have_count(5)
    page.wait_for_selector(IDLE)
    assert query(page)["text"] == "the film was not good"
    page.get_by_role("button", name="next token").click()
    page.get_by_role("button", name="next token").click()
    expect(chips.nth(2)).to_have_attribute("aria-current", "step")
    page.wait_for_function("location.search.includes('step=3')")  # the 3rd token, from 1
    page.get_by_role("button", name="play").click()
    page.wait_for_function("location.search.includes('step=5')")  # played to the end
    expect(chips.nth(4)).to_have_attribute("aria-current", "step")


def test_deep_link_opens_the_same_view(page, server):
    open_view(
        page,
        server,
        model="sentiment-gru",
        text="the film was not good",
        step=4,  # the 4th token: the link counts from 1, as the screen
        unit=5,
        show="update",
    )
    expect(page.locator(".cv-chip").nth(3)).to_have_attribute("aria-current", "step")
    expect(page.get_by_role("spinbutton", name="Unit")).to_have_value("5")
    expect(page.get_by_text("update gate z").first).to_be_visible()
    q = query(page)
    assert q["model"] == "sentiment-gru" and q["step"] == "4" and q["unit"] == "5"


def test_bad_link_falls_back_with_a_notice(page, server):
    open_view(page, server, model="nope", text="the film was good", step=99, unit=-1, layer=7)
    expect(page.get_by_text("There is no model called")).to_be_visible()
    expect(page.locator(".cv-chip")).to_have_count(4)
    assert not page.locator('[data-testid="stException"]').count()


CURSOR = """() => {
  const b = document.querySelector('.rv-follow-cursor');
  if (!b) return null;
  const chart = b.parentElement, areas = chart.querySelectorAll('.nsewdrag');
  window.__chart = window.__chart || chart;  // the first chart seen on this page
  const r = b.getBoundingClientRect(), a = areas[0].getBoundingClientRect();
  return {step: +b.dataset.step, left: r.left - a.left, width: r.width, sameChart:
    window.__chart === chart && document.contains(chart), areaWidth: a.width};
}"""


def test_the_chart_cursor_follows_the_step_in_the_browser(page, server):
    open_view(page, server, text="the film was not good", step=2)
    page.wait_for_selector(".rv-follow-cursor", state="attached")
    first = page.evaluate(CURSOR)
    column = first["areaWidth"] / 5  # five tokens across the plot area
    assert first["step"] == 1 and first["left"] == pytest.approx(column, abs=2)
    assert first["width"] == pytest.approx(column, abs=2)
    page.get_by_role("button", name="next token").click()
    page.wait_for_function("() => document.querySelector('.rv-follow-cursor').dataset.step == '2'")
    page.wait_for_function("new URLSearchParams(location.search).get('step') == '3'")
    page.wait_for_selector(IDLE)
    moved = page.evaluate(CURSOR)
    assert moved["left"] == pytest.approx(2 * column, abs=2)
    assert moved["sameChart"], "a step must not redraw the chart"
    page.get_by_role("button", name="play").click()  # and it moves while playing, no rerun
    page.wait_for_function("() => document.querySelector('.rv-follow-cursor').dataset.step == '4'")
    assert page.evaluate(CURSOR)["sameChart"]


CHART = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  if (!gd || !gd._fullLayout) return null;
  return {ticks: [...gd.querySelectorAll('.xtick text')].map(t => t.textContent),
          rev: gd._fullLayout.datarevision,
          modebar: [...gd.querySelectorAll('.modebar-btn')].map(b => b.getAttribute('data-title'))};
}"""


def test_a_new_sentence_redraws_the_chart_with_its_tokens(page, server):
    open_view(page, server, text="the film was good")
    page.wait_for_function(f"() => ({CHART})()?.ticks.length === 4")
    first = page.evaluate(CHART)
    assert first["ticks"] == ["the", "film", "was", "good"]
    # the camera saves a PNG (ui.PLOTLY_CONFIG); no selection tools, no cloud
    assert first["modebar"] == [
        "Download plot as a PNG", "Zoom", "Pan", "Zoom in", "Zoom out", "Autoscale",
        "Reset axes", "Fullscreen",
    ]  # fmt: skip
    box = page.get_by_role("textbox", name="Sentence")
    box.fill("a dull film , not good")
    box.press("Enter")
    page.wait_for_function(f"() => ({CHART})()?.ticks.length === 6")
    page.wait_for_selector(IDLE)
    now = page.evaluate(CHART)
    assert now["ticks"] == ["a", "dull", "film", ",", "not", "good"]
    assert now["rev"] != first["rev"]
    assert_no_error_box(page)
    # the cursor follows the step over the redrawn chart, one column of six wide
    page.get_by_role("button", name="next token").click()
    page.wait_for_function("() => document.querySelector('.rv-follow-cursor')?.dataset.step == '1'")
    page.wait_for_function("new URLSearchParams(location.search).get('step') == '2'")
    page.wait_for_selector(IDLE)
    page.wait_for_timeout(300)  # the outline slides over in 0.15 s
    cur = page.evaluate(CURSOR)
    assert cur["left"] == pytest.approx(cur["areaWidth"] / 6, abs=2)
    # and hovering a column of the heatmap names its token
    heatmap = page.locator(".js-plotly-plot .nsewdrag").last
    heatmap.evaluate("e => e.scrollIntoView({block: 'center'})")
    area = heatmap.bounding_box()
    page.mouse.move(area["x"] + area["width"] * (4.5 / 6), area["y"] + area["height"] / 2)
    expect(page.locator(".hoverlayer .hovertext").first).to_contain_text("not")


@pytest.mark.parametrize(
    "text",
    [
        '<img src=x onerror="alert(1)"><script>alert(2)</script>',
        '<b>x</b> "quotes" & emoji 🙂 [link](http://x) ![i](http://x/i.png)',
    ],
)
def test_hostile_text_stays_inert(page, server, text):
    open_view(page, server, text=text)
    page.wait_for_selector(".cv-chip")
    page.wait_for_timeout(500)
    assert page.dialogs == []
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("img[src='x'], script:not([src]), b:text-is('x')").count() == 0
    assert main.locator("a[href='http://x']").count() == 0
    expect(page.locator(".cv-chip").first).to_have_text("<")
    # Plotly shows the tag as text, not as bold markup
    ticks = page.locator(".xtick text").all_text_contents()
    assert any("<" in t for t in ticks), ticks


def test_too_long_text_is_cut_with_a_note(page, server):
    open_view(page, server, text="good " * 61)
    expect(page.get_by_text("the network reads the first 300")).to_be_visible()
    expect(page.locator(".cv-chip")).to_have_count(60)
    expect(page.get_by_text("305/300")).to_be_visible()


def test_downloads_are_made_on_click(page, server):
    """Downloads and the link each open a dialog; nothing in them is on the page before."""
    open_view(page, server, text="the film was good")
    expect(page.get_by_role("button", name="Trace as CSV")).to_have_count(0)  # until asked
    page.get_by_role("button", name="Download", exact=True).click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Download")).to_be_visible(timeout=20_000)
    with page.expect_download() as csv:
        dialog.get_by_role("button", name="Trace as CSV").click()
    assert csv.value.suggested_filename.endswith(".csv")
    # the SVG is drawn by kaleido, which starts a browser of its own: minutes on a busy machine
    with page.expect_download(timeout=180_000) as svg:
        dialog.get_by_role("button", name="Chart as SVG").click()
    path = svg.value.path()
    assert b"<svg" in Path(path).read_bytes()[:2000]
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_have_count(0, timeout=20_000)  # the SVG's browser may still be busy
    # a step, then Share at once: the cell view reports the step a moment later (a rerun),
    # and the dialog stays open through it
    page.keyboard.press("ArrowRight")
    page.get_by_role("button", name="Share this view").click()
    page.wait_for_timeout(1_500)
    link = page.get_by_role("dialog").get_by_test_id("stCode")
    expect(link).to_contain_text("text=the+film+was+good", timeout=20_000)
    expect(link).to_contain_text("step=2")
    assert_no_error_box(page)


def test_arrow_keys_step_after_enter_in_the_sentence_box(page, server):
    open_view(page, server)
    box = page.get_by_role("textbox", name="Sentence")
    box.fill("the film was not good")
    box.press("Enter")
    chips = page.locator(".cv-chip")
    expect(chips).to_have_count(5)
    page.wait_for_selector(IDLE)
    box.press("ArrowRight")  # the focus is still in the box: the arrows step all the same
    box.press("ArrowRight")
    expect(chips.nth(2)).to_have_attribute("aria-current", "step")
    box.press("ArrowLeft")
    expect(chips.nth(1)).to_have_attribute("aria-current", "step")
    box.press("End")  # typing again gives the keys back to the box
    box.type("!")
    box.press("ArrowLeft")
    expect(chips.nth(1)).to_have_attribute("aria-current", "step")


# the computed font size (px) of the sentence box's text, of its label and of the first caption
BOX_AND_LABEL_PX = """() => {
  const box = document.querySelector('[data-testid=stTextInput]');
  const px = e => parseFloat(getComputedStyle(e).fontSize);
  return [px(box.querySelector('input')), px(box.querySelector('[data-testid=stWidgetLabel] p')),
    px(document.querySelector('[data-testid=stCaptionContainer]'))];
}"""


def test_teacher_mode_shows_the_sentence_as_large_as_the_words_around_it(page, server):
    """On a projector the sentence in its box is what the room reads: teacher mode's larger
    type reaches what is typed, not only the labels (it stayed at three quarters of them)."""
    open_view(page, server, text="the film was not good")
    expect(page.get_by_role("textbox", name="Sentence")).to_have_value("the film was not good")
    plain_box, plain_label, plain_caption = page.evaluate(BOX_AND_LABEL_PX)
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_view(page, server, text="the film was not good", teacher="1")
    expect(page.get_by_role("textbox", name="Sentence")).to_have_value("the film was not good")
    box, label, caption = page.evaluate(BOX_AND_LABEL_PX)
    assert label > plain_label and box >= label, (plain_box, plain_label, box, label)
    # a caption (the character count under the box) stays smaller, but not by a quarter
    assert plain_caption <= plain_label and 0.85 * label <= caption < label, (caption, label)


def test_on_a_phone_the_diagram_says_it_scrolls_sideways(page, server):
    """A phone shows the diagram at a legible size, scrolling sideways in its panel, and no
    scrollbar until one scrolls: a line says so, there and only there."""
    open_view(page, server, text="the film was not good")
    panel, hint = page.locator(".cv-cell").first, page.locator(".cv-swipe").first
    expect(page.locator(".cv-chip")).to_have_count(5)
    expect(hint).to_be_hidden()  # 1280 px: the whole diagram is in view
    assert not panel.evaluate("e => e.scrollWidth > e.clientWidth + 1")
    page.set_viewport_size({"width": 390, "height": 844})
    expect(hint).to_be_visible()
    expect(hint).to_have_text("Swipe sideways to see the whole diagram.")
    assert panel.evaluate("e => e.scrollWidth > e.clientWidth + 1")  # and it does scroll
    page.set_viewport_size({"width": 1280, "height": 720})
    expect(hint).to_be_hidden()
