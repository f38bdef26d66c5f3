"""The lesson's flag demos, as a class sees them: the shipped models in headless Chromium,
stepping token by token and reading each lamp's state from its accessible name.

Each lamp is on when its unit is in its own "on" range, measured on generated sentences
(rnnviz.analysis.unit_ranges); with a property chosen, its best unit sits first. What
must land (shared/LESSON.md): the agreement LSTM's plural flag stays off through a singular
subject and comes on with «alice and tom» (at «tom»: the unit waits for the second name,
though the task's annotation already counts «and»), its female flag comes on at «alice»;
the sentiment LSTM's negation flag comes on at «not» and stays off without it.
"""

from __future__ import annotations

import re
import urllib.parse

import pytest
from harness import IDLE, have_chromium
from harness import TIMEOUT_MS as TIMEOUT

pytestmark = [pytest.mark.browser, pytest.mark.slow]
if not have_chromium():
    pytest.skip("needs /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
LAMP = re.compile(r"^unit (\d+): \S+ = \S+, lamp (on|off) for (.+?)[,;]")


@pytest.fixture(scope="module")
def server(shipped_app):
    return shipped_app  # one server for the whole session (conftest.py)


@pytest.fixture
def page(browser):
    expect.set_options(timeout=TIMEOUT)
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = ctx.new_page()
    pg.set_default_timeout(TIMEOUT)
    yield pg
    ctx.close()


def lamps_along(page, server, model: str, text: str, prop: str) -> list:
    """[(token, lamp on?, property, the lamp's whole name)] of the first lamp at every step."""
    page.goto(f"{server}/?{urllib.parse.urlencode(dict(model=model, text=text, property=prop))}")
    page.wait_for_selector(IDLE, timeout=60_000)
    counter = page.locator(".cv-counter")
    expect(counter).to_contain_text("token 1 of")
    total = int(re.search(r"of (\d+)", counter.inner_text()).group(1))
    first = page.get_by_role("listitem").filter(has=page.locator(".cv-bulb")).first
    seen, units = [], set()
    for t in range(total):
        expect(counter).to_contain_text(f"token {t + 1} of {total}")
        token = re.search(r"«(.*)»", counter.inner_text()).group(1)
        name = first.get_attribute("aria-label")
        m = LAMP.match(name or "")
        assert m, name
        units.add(m.group(1))
        seen.append((token, m.group(2) == "on", m.group(3), name))
        if t + 1 < total:
            page.get_by_role("button", name="next token").click()
    assert len(units) == 1, "the best unit stays first at every step"
    # the diagram shows that unit too (the property's best unit is its default)
    expect(page.locator(".cv-unit-lbl")).to_have_text(f"unit {units.pop()}")
    return seen


def on_tokens(seen) -> list[str]:
    return [tok for tok, on, *_ in seen if on]


def test_plural_flag_stays_off_for_one_subject_and_comes_on_with_two(page, server):
    one = lamps_along(
        page, server, "agreement-lstm", "alice went home and she was tired .", "plural_subject"
    )
    assert {p for _, _, p, _ in one} == {"plural subject"}
    assert on_tokens(one) == [], one
    two = lamps_along(
        page,
        server,
        "agreement-lstm",
        "alice and tom went home and they were tired .",
        "plural_subject",
    )
    states = [on for _, on, *_ in two]
    assert states == [False, False] + [True] * 8, two  # on at «tom», the second name, for good
    assert "switched on at this token" in two[2][3]


def test_female_flag_comes_on_at_alice(page, server):
    for text in ("alice went home and she was tired .", "alice and tom went home ."):
        seen = lamps_along(page, server, "agreement-lstm", text, "female_subject")
        assert seen[0][0] == "alice" and seen[0][1], seen
        assert "switched on at this token" in seen[0][3]
    seen = lamps_along(
        page, server, "agreement-lstm", "tom went home and he was tired .", "female_subject"
    )
    assert on_tokens(seen) == [], seen


def test_negation_flag_comes_on_at_not(page, server):
    seen = lamps_along(page, server, "sentiment-lstm", "the film was not good", "negated")
    assert on_tokens(seen) == ["not", "good"], seen
    assert "switched on at this token" in seen[3][3]
    seen = lamps_along(page, server, "sentiment-lstm", "the film was good", "negated")
    assert on_tokens(seen) == [], seen
