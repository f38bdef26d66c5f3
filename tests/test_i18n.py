"""The interface's languages: every catalog complete and sound, and the app switching language
through the link and the picker in a real browser.

Completeness is judged against Babel's own extraction of the app's source (the strings that
are marked for translation), never against a list kept by hand.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"
# the app, the library (its figures' words and its errors' templates, rnnviz.messages), and the
# shipped models' cards (app/card_text.py)
SOURCES = (APP, ROOT / "rnnviz", ROOT / "assets")
LOCALES = ("uk", "sr", "bg", "ro", "lt")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def source_messages() -> dict[str, str | tuple]:
    """msgid → the message as marked in the app's source (a tuple for plural forms)."""
    out = {}
    with (APP / "locale" / "babel.cfg").open() as f:  # the mapping pybabel itself uses
        method_map, options_map = parse_mapping_cfg(f)
    for where in SOURCES:
        for _file, _line, msg, _comments, _ctx in extract_from_dir(
            str(where), method_map=method_map, options_map=options_map, keywords=KEYWORDS
        ):
            out[msg[0] if isinstance(msg, tuple) else msg] = msg
    return out


def catalog(lang: str):
    with (APP / "locale" / lang / "LC_MESSAGES" / "rnnviz.po").open("rb") as f:
        return read_po(f, locale=lang)


def fields(text: str) -> set[str]:
    """The ``{name}`` fields of a str.format message (what a translation must keep)."""
    try:
        return {f for _lit, f, _spec, _conv in string.Formatter().parse(text) if f is not None}
    except ValueError:
        return {"<malformed>"}


def test_the_source_marks_strings():
    msgs = source_messages()
    assert "Explorer" in msgs and "Language" in msgs  # the extraction sees the router


def test_the_extraction_sees_the_model_cards():
    """Every shipped card's description is a message (card_text's extraction, via babel.cfg)."""
    import json

    msgs = source_messages()
    cards = sorted((ROOT / "assets").glob("*/card.json"))
    assert cards
    for path in cards:
        description = json.loads(path.read_text(encoding="utf-8")).get("description")
        if description:
            assert description in msgs, path


@pytest.mark.parametrize("lang", LOCALES)
def test_catalog_has_every_marked_string_translated_and_none_fuzzy(lang):
    cat = catalog(lang)
    missing, empty, fuzzy = [], [], []
    for msgid in source_messages():
        m = cat.get(msgid)
        if m is None:
            missing.append(msgid)
        elif m.fuzzy:
            fuzzy.append(msgid)
        elif not (all(m.string) if isinstance(m.string, tuple) else m.string):
            empty.append(msgid)
    assert not missing, f"{lang}: {len(missing)} strings missing, e.g. {missing[:3]}"
    assert not fuzzy, f"{lang}: {len(fuzzy)} fuzzy entries, e.g. {fuzzy[:3]}"
    assert not empty, f"{lang}: {len(empty)} untranslated, e.g. {empty[:3]}"


# Each language's own quotation marks (its typographic convention; the Serbian catalog mixed
# „…” and „…“ in one interface): an opener, and the one closer that goes with it.
QUOTES = {"uk": ("«", "»"), "sr": ("„", "“"), "bg": ("„", "“"), "ro": ("„", "”"), "lt": ("„", "“")}


@pytest.mark.parametrize("lang", LOCALES)
def test_translations_quote_the_languages_own_way(lang):
    opener, closer = QUOTES[lang]
    others = set("„“”«»") - {opener, closer}
    for m in catalog(lang):
        for s in m.string if isinstance(m.string, tuple) else (m.string,):
            if not m.id or not s:
                continue
            if opener != closer:  # each quotation opened is closed, with the language's marks
                assert s.count(opener) == s.count(closer), (lang, s)
            stray = others & set(s) - ({"«", "»"} if "«" in s and "»" in s else set())
            assert not stray, f"{lang}: {s!r} quotes with {sorted(stray)}"


@pytest.mark.parametrize("lang", LOCALES)
def test_translations_keep_the_placeholders(lang):
    cat = catalog(lang)
    for m in cat:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        want = set().union(*(fields(i) for i in ids))
        for s in strings:
            assert fields(s) == want, f"{lang}: {m.id!r} → {s!r} changes the {{fields}}"
        assert not list(m.check(cat)), (lang, m.id)  # Babel's own checks (%-formats)


def test_language_from_the_browser_locale():
    import i18n

    assert i18n.from_locale("uk-UA") == "uk"
    assert i18n.from_locale("sr-Cyrl-RS") == "sr"
    assert i18n.from_locale("lt") == "lt"
    assert i18n.from_locale("de-DE") == "en"
    assert i18n.from_locale(None) == "en"
    assert i18n.parse("RO") == "ro" and i18n.parse("xx") is None and i18n.parse(None) is None


@pytest.mark.parametrize("lang", LOCALES)
def test_compiled_catalog_gives_the_po_file_words(lang):
    import i18n

    cat = catalog(lang)
    t = i18n.translations(lang)
    for m in cat:
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy:
            assert t.gettext(m.id) == m.string


def test_numbers_follow_the_language(monkeypatch):
    import i18n

    monkeypatch.setattr(i18n, "current", lambda: "uk")
    assert i18n.number(1234.5, 1) in ("1\u00a0234,5", "1 234,5", "1\u202f234,5")
    monkeypatch.setattr(i18n, "current", lambda: "en")
    assert i18n.number(1234.5, 1) == "1,234.5"


@pytest.mark.parametrize("lang,mark", [("en", "."), ("uk", ","), ("lt", ",")])
def test_a_negative_number_has_the_minus_sign_the_cell_view_and_plotly_write(
    monkeypatch, lang, mark
):
    import i18n

    # U+2212, as palette.js and Plotly's axes write it (Babel writes a hyphen)
    monkeypatch.setattr(i18n, "current", lambda: lang)
    assert i18n.number(-0.5, 2) == f"\u22120{mark}50"
    assert i18n.number(-0.5, 2, signed=True) == f"\u22120{mark}50"
    assert i18n.number(0.5, 2, signed=True) == f"+0{mark}50"
    assert i18n.numeral(-12.5) == f"\u221212{mark}5"


def test_figure_words_follow_the_translator_of_their_own_thread():
    import threading

    from rnnviz import figures
    from rnnviz.figures import words

    def shout(s: str) -> str:
        return s.upper()

    assert words._("Step") == "Step"  # a notebook: English
    with figures.translated(shout):
        assert words._("Step") == "STEP"
        seen = []
        t = threading.Thread(target=lambda: seen.append(words._("Step")))
        t.start()
        t.join()
        assert seen == ["Step"]  # another session's thread keeps its own language
    assert words._("Step") == "Step"


def test_each_run_reads_its_own_language():
    """The language is read once a run (i18n.pin): sessions opened one after another on
    links in different languages each get their own, and one run's pin never leaks into
    the next session's run (the ground truth: each catalog's own word for the page title).
    Switching in one session is the browser test's (AppTest formats a rerun's widgets
    outside a run, so it cannot rerun a page whose picker labels are translated)."""
    import i18n
    from streamlit.testing.v1 import AppTest

    title = "Watch a recurrent network read"
    for lang in ("uk", "ro", None, "uk"):
        at = AppTest.from_file("../app/streamlit_app.py", default_timeout=120)
        if lang:
            at.query_params["lang"] = lang
        at.run()
        assert not at.exception, at.exception
        # no link: English (AppTest has no browser language)
        assert at.title[0].value == (i18n.translations(lang).gettext(title) if lang else title)
        if lang:
            assert at.title[0].value != title


def test_picker_labels_are_in_each_sessions_language():
    """The model picker's labels are made once per process and language (ui._model_label):
    sessions in Ukrainian, English, Ukrainian in turn each get their own, with the
    catalog's words and the language's decimal separator (the card's accuracy, 0.8461)."""
    import json

    import i18n
    from streamlit.testing.v1 import AppTest

    card = json.loads((ROOT / "assets" / "agnews-lstm" / "card.json").read_text())
    pct = f"{round(100 * card['accuracy'], 1)}%"  # 84.6%
    for lang in ("uk", "en", "uk"):
        at = AppTest.from_file("../app/streamlit_app.py", default_timeout=120)
        at.query_params["lang"] = lang
        at.run()
        assert not at.exception, at.exception
        t = i18n.translations(lang)
        parts = [
            "agnews",
            "LSTM",
            t.ngettext("{n} unit", "{n} units", 32).format(n=32),
            t.gettext("{percent} right").format(
                percent=pct.replace(".", ",") if lang == "uk" else pct
            ),
            t.gettext("Real text"),
        ]
        assert " · ".join(parts) in at.selectbox(key="model").options


# ---- in a real browser ------------------------------------------------------------------------


@pytest.mark.browser
def test_link_and_picker_switch_the_language(shipped_app, browser):
    from playwright.sync_api import expect

    pg = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-US")
    try:
        pg.goto(f"{shipped_app}/?lang=uk", timeout=120_000)
        nav = pg.get_by_test_id("stSidebarNav")
        expect(nav.get_by_text("Дослідник", exact=True)).to_be_visible(timeout=120_000)
        expect(nav.get_by_text("Порівняти клітини", exact=True)).to_be_visible()
        picker = pg.get_by_label(re.compile("Мова"))  # the label starts with an icon
        picker.click()
        pg.get_by_role("option", name="Română").click()
        expect(nav.get_by_text("Explorator", exact=True)).to_be_visible(timeout=60_000)
        expect(pg).to_have_url(re.compile(r"lang=ro"), timeout=60_000)
        assert pg.get_by_test_id("stException").count() == 0
    finally:
        pg.close()


@pytest.mark.browser
def test_browser_locale_is_the_default(shipped_app, browser):
    from playwright.sync_api import expect

    ctx = browser.new_context(locale="bg-BG", viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    try:
        pg.goto(shipped_app, timeout=120_000)
        nav = pg.get_by_test_id("stSidebarNav")
        expect(nav.get_by_text("Изследовател", exact=True)).to_be_visible(timeout=120_000)
        assert "lang=" not in pg.url  # a browser's own language is not written into links
    finally:
        ctx.close()


@pytest.mark.browser
def test_tour_flag_stop_opens_the_languages_own_model(shipped_app, browser):
    """Ukrainian: the flag stop opens the Ukrainian agreement LSTM on «Аліса і Том…» at the
    last letter of «Том», where the plural flag's lamp (first, as the property is chosen) is on;
    the explorer's default model follows the language too."""
    import i18n
    from harness import IDLE
    from playwright.sync_api import expect

    uk = i18n.translations("uk").gettext  # the cell view's words are Ukrainian too

    def lamp(state: str) -> re.Pattern:
        """A lamp's label in Ukrainian, up to its switch note; the property's name: group 2."""
        t = uk(
            f"unit {{unit}}: {{symbol}} = {{v}}, lamp {state}{{what}}{{switched}}; "
            "on {where}, range {lo} to {hi}"
        ).split("{switched}")[0]
        pat = ""
        for part in re.split(r"(\{\w+\})", t):
            if part == "{unit}":
                pat += r"(\d+)"
            elif part in ("{symbol}", "{v}"):
                pat += r"\S+"
            elif part == "{what}":
                before, after = uk("for {prop}").split("{prop}")
                pat += " " + re.escape(before) + "(.+?)" + re.escape(after)
            else:
                pat += re.escape(part)
        return re.compile("^" + pat + "[,;(]")

    ctx = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    try:
        pg.goto(f"{shipped_app}/tour?stop=7&lang=uk", timeout=120_000)
        pg.wait_for_selector(IDLE, timeout=120_000)
        pg.get_by_role("button", name="Відкрити цей вигляд").click()
        expect(pg).to_have_url(re.compile(r"model=agreement_uk-lstm"), timeout=120_000)
        expect(pg).to_have_url(re.compile(r"lang=uk"))
        counter = pg.locator(".cv-counter")
        token_11 = uk("token {n} of {total}: «{token}»").split("{total}")[0].replace("{n}", "11")
        expect(counter).to_contain_text(token_11, timeout=120_000)
        assert "«м»" in counter.inner_text()
        first = pg.get_by_role("listitem").filter(has=pg.locator(".cv-bulb")).first
        m = lamp("on").match(first.get_attribute("aria-label") or "")
        assert m and m.group(2) == uk("plural subject"), first.get_attribute("aria-label")

        pg.goto(f"{shipped_app}/?lang=sr", timeout=120_000)
        expect(pg).to_have_url(re.compile(r"model=agreement_sr-lstm"), timeout=120_000)
        expect(pg.get_by_role("radio", name="Алиса и Том су отишли кући.")).to_be_visible()
        assert pg.get_by_test_id("stException").count() == 0
    finally:
        ctx.close()


def test_every_catalog_is_packaged():
    """`pip install .` carries each language's catalog: its folder is listed in pyproject's
    packages and package data (a new language left out would ship an English interface)."""
    import tomllib

    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    on_disk = {p.parent.name for p in (ROOT / "app/locale").glob("*/LC_MESSAGES")}
    assert on_disk >= set(LOCALES), on_disk
    for lang in on_disk:
        pkg = f"rnnviz._app.locale.{lang}.LC_MESSAGES"
        assert pkg in tool["setuptools"]["packages"], pkg
        assert tool["setuptools"]["package-data"].get(pkg) == ["*.po"], pkg
