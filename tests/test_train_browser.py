"""The Train page in a real browser: a tiny training runs in the background, its curves and
flag chart appear, the final accuracy is read from the page, and "Open in the explorer"
opens the trained model (a session model) with no error box."""

from __future__ import annotations

import re

import pytest
from harness import IDLE, ROOT, assert_no_error_box, have_chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not have_chromium(), reason="no /usr/bin/chromium"),
]
playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect
expect.set_options(timeout=45_000)


@pytest.fixture(scope="module")
def server(shipped_app):
    return shipped_app


def settle(page) -> None:
    page.wait_for_selector(IDLE, timeout=120_000)


def test_train_watch_and_open_in_the_explorer(browser, server):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(f"{server}/train")
    expect(page.get_by_role("heading", name="Train a network and watch it learn")).to_be_visible(
        timeout=120_000
    )
    settle(page)
    main = page.get_by_test_id("stMain")
    # a tiny training: the sentiment task, a GRU of 8 units, 2 epochs on 200 examples
    main.get_by_text("GRU", exact=True).click()
    settle(page)
    units = main.get_by_role("spinbutton", name="Units")
    units.fill("8")
    units.press("Enter")
    settle(page)
    epochs = main.get_by_role("spinbutton", name="Epochs")
    epochs.fill("2")
    epochs.press("Enter")
    settle(page)
    examples = main.get_by_role("slider", name="Training examples")
    examples.focus()
    examples.press("Home")  # the smallest sample: 100 examples
    settle(page)
    expect(main.get_by_text("Training examples")).to_be_visible()
    main.get_by_role("button", name="Start training").click()
    expect(main.get_by_text(re.compile(r"Training your GRU on sentiment"))).to_be_visible()
    # the curves appear while (or once) it trains, then the finished view
    expect(main.get_by_text("Loss: how wrong it still is").first).to_be_visible(timeout=180_000)
    expect(main.get_by_text("is trained")).to_be_visible(timeout=180_000)
    settle(page)
    expect(main.get_by_text("How clearly ONE unit flags it")).to_be_visible()
    metric = main.get_by_test_id("stMetricValue")
    accuracy = metric.inner_text()
    assert re.fullmatch(r"\d+(\.\d)?%", accuracy), accuracy
    assert 0 <= float(accuracy.rstrip("%")) <= 100
    assert_no_error_box(page)
    link = main.get_by_role("link", name="Open in the explorer")
    href = link.get_attribute("href") or ""
    assert "model=yours" in href, href
    link.click()
    expect(page.get_by_role("heading", name="Watch a recurrent network read")).to_be_visible()
    settle(page)
    assert_no_error_box(page)
    main = page.get_by_test_id("stMain")
    if "session_models" not in (ROOT / "app" / "views" / "explorer.py").read_text():
        # this branch's explorer lists only installed models: it says so, in words
        expect(main.get_by_text(re.compile("There is no model called .yours:"))).to_be_visible()
        pytest.skip("the explorer opens session models once the upload branch is merged")
    expect(main).not_to_contain_text("There is no model called")
    assert "model=yours" in page.url, page.url
    # the picker shows the trained model: task-cell-units, as the Train page labels it
    expect(main.get_by_role("combobox", name="Model")).to_have_value(re.compile("sentiment-gru-8"))
    # and it reads a sentence, step by step
    main.get_by_role("radio", name="the film was not good").click()
    expect(main.get_by_text("Step through the sentence")).to_be_visible()
    settle(page)
    assert_no_error_box(page)
    page.close()


def test_your_csv_rows_are_counted_and_it_trains(browser, server, tmp_path):
    # generated rows; some start with a quote that never closes (it must not swallow lines)
    rows = ["text,label"]
    for i in range(60):
        word = ("good", "great", "bad", "awful")[i % 4]
        quote = '"' if i % 5 == 0 else ""
        rows.append(f"{quote}the film number {i} was {word},{'pos' if i % 4 < 2 else 'neg'}")
    path = tmp_path / "reviews.csv"
    path.write_text("\n".join(rows) + "\n")
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(f"{server}/train")
    settle(page)
    main = page.get_by_test_id("stMain")
    main.get_by_text("Your own file (CSV or TXT)").click()
    settle(page)
    main.locator('input[type="file"]').set_input_files(str(path))
    expect(main.get_by_text(re.compile(r"reviews\.csv: 60 rows read, 0 skipped"))).to_be_visible()
    settle(page)
    main.get_by_role("spinbutton", name="Epochs").fill("1")
    main.get_by_role("spinbutton", name="Epochs").press("Enter")
    settle(page)
    main.get_by_role("button", name="Start training").click()
    expect(main.get_by_text("is trained")).to_be_visible(timeout=180_000)
    settle(page)
    expect(main.get_by_role("link", name="Open in the explorer")).to_be_visible()
    assert_no_error_box(page)
    page.close()
