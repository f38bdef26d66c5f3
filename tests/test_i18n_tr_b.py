"""The compare, pairs, order, inside, layers, generate and gradients pages in the lesson's
languages: every path of each page runs in each language without an error, and shows the
language's words instead of the English ones (AppTest), and a real browser shows the
translated headings, controls and chart titles (``?lang=`` in the link).

The expected words are read from the catalogs themselves (what a translator wrote), never
copied from the page code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

import rnnviz

APP = Path(__file__).resolve().parents[1] / "app"

LANGS = ("uk", "sr", "bg", "ro", "lt")
TITLES = {  # page → its English title (the st.title each page writes)
    "compare": "RNN vs LSTM vs GRU",
    "pairs": "Minimal pairs",
    "order": "Word order",
    "inside": "Inside one step",
    "layers": "Layers and directions",
    "generate": "Generate text",
    "gradients": "Vanishing gradients",
}
# every branch of the pages' text: classifier and language model, one or several layers,
# two directions, the word-order notices, a too-long prompt, the gradient toggles
VARIANTS = [
    ("compare", {}),
    ("compare", {"task": "stories", "text": "once upon a time"}),
    ("pairs", {}),
    ("pairs", {"model": "stories-lstm", "a": "the cat sat", "b": "the dog sat"}),
    ("pairs", {"model": "sentiment-bilstm"}),
    ("pairs", {"model": "sentiment-lstm2"}),
    ("order", {}),
    ("order", {"a": "the film was good", "b": "the film was bad"}),
    ("order", {"a": "the film was good", "b": "the film was good"}),
    ("order", {"model": "sentiment-bilstm"}),
    ("inside", {"model": "sentiment-bilstm"}),
    ("inside", {"model": "sentiment-lstm2", "unit": "3"}),
    ("layers", {}),
    ("layers", {"model": "sentiment-lstm2"}),
    ("layers", {"model": "stories-lstm", "text": "once upon"}),
    ("layers", {"model": "sentiment-rnn", "show": "hidden"}),
    ("generate", {"length": "20"}),
    ("generate", {"text": "x" * 301}),
    ("gradients", {}),
    ("gradients", {"wrt": "hidden", "over": "sample"}),
]
NEEDED = {"sentiment-bag", "sentiment-lstm", "sentiment-bilstm", "sentiment-lstm2", "stories-lstm"}
needs_models = pytest.mark.skipif(
    not set(rnnviz.list_models()) >= NEEDED, reason="needs the shipped models"
)


def words(lang: str) -> dict[str, str]:
    """English msgid → this language's words, from the catalog."""
    with (APP / "locale" / lang / "LC_MESSAGES" / "rnnviz.po").open("rb") as f:
        return {m.id: m.string for m in read_po(f, locale=lang) if isinstance(m.id, str)}


def run(page: str, lang: str, **query) -> AppTest:
    at = AppTest.from_file(str(APP / "streamlit_app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def shown(at: AppTest) -> str:
    parts = [*at.title, *at.subheader, *at.markdown, *at.caption, *at.info, *at.warning]
    return " ".join(str(p.value) for p in parts)


@needs_models
@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_every_path_of_my_pages_runs_in_the_language(lang):
    w = words(lang)
    for page, query in VARIANTS:
        at = run(page, lang, **query)
        assert at.title[0].value == w[TITLES[page]], (page, query)
        text = shown(at)
        assert TITLES[page] not in text, (page, query)
        # no English sentence of the page's own left: its first words would show
        for english in ("The same", "Two sentences", "What happens", "A model that", "Can a"):
            assert english not in text, (lang, page, query, english)


@needs_models
def test_the_word_order_page_reads_ukrainian_numbers_and_words():
    """One page in depth: the word-order sentence takes the language's decimal comma and
    its own words around the model's (English) tokens."""
    w = words("uk")
    at = run("order", "uk")
    text = shown(at)
    assert w["Why: the RNN's state remembers the order"] in [s.value for s in at.subheader]
    assert "«good»" in text and "«bad»" in text  # the tokens stay as the model reads them
    table = at.dataframe[0].value
    assert list(table.columns) == [w["model"], w["first order"], w["second order"]]
    assert all(re.fullmatch(r"\d,\d{4}", v) for v in table[w["first order"]])


# ---- in a real browser ------------------------------------------------------------------------


def _browser_page(browser):
    pg = browser.new_page(viewport={"width": 1280, "height": 1000})
    pg.on("dialog", lambda d: d.dismiss())
    return pg


def _settle(pg) -> None:
    from harness import IDLE, assert_no_error_box
    from playwright.sync_api import expect

    expect(pg.locator(IDLE)).to_have_count(1, timeout=120_000)
    expect(pg.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=120_000)
    assert_no_error_box(pg)


# page → (a control's label, a chart title from the page's own words)
BROWSER = {
    "compare": ("Task", "hidden state h"),
    "pairs": ("First sentence", None),
    "order": ("Shuffle the first", None),
    "inside": ("Unit", None),
    "layers": ("Show", None),
    "generate": ("Temperature", "The state h after each character (zoomable)"),
    "gradients": ("Log scale", "How much the final answer still feels each word"),
}


@needs_models
@pytest.mark.browser
@pytest.mark.parametrize("lang", ["uk", "lt"])
def test_my_pages_in_the_browser(shipped_app, browser, lang):
    from playwright.sync_api import expect

    w = words(lang)
    pg = _browser_page(browser)
    try:
        for page, (control, chart) in BROWSER.items():
            pg.goto(f"{shipped_app}/{page}?lang={lang}", timeout=120_000)
            _settle(pg)
            main = pg.get_by_test_id("stMain")
            expect(main.get_by_role("heading", name=w[TITLES[page]], exact=True)).to_be_visible()
            expect(main.get_by_text(w[control], exact=False).first).to_be_visible()
            if chart:
                # Plotly writes a long title over several <tspan> lines: compare words
                title = re.compile(r"\s*".join(map(re.escape, w[chart].split())))
                titles = main.locator(".gtitle")
                expect(titles.filter(has_text=title).first).to_be_attached(timeout=120_000)
            english = main.get_by_role("heading", name=TITLES[page], exact=True)
            assert english.count() == 0, (lang, page)
            assert main.get_by_text(control, exact=True).count() == 0, (lang, page, control)
    finally:
        pg.close()


@needs_models
@pytest.mark.parametrize("lang", LANGS)
def test_the_inside_walk_speaks_the_language_of_its_translator(lang):
    """The walk (app/walkthrough.py) writes its titles, texts and notes with the figures'
    translator: the session's language in the app, English in a notebook."""
    import i18n
    from walkthrough import step_walk

    from rnnviz import figures

    w = words(lang)
    WORDS = ("title", "text", "formula", "shapes", "block")
    model = rnnviz.load("sentiment-lstm")
    tr = rnnviz.trace(model, "the film was good")
    english = step_walk(model, tr, 2, unit=1)
    with figures.translated(i18n.translations(lang).gettext):
        walk = step_walk(model, tr, 2, unit=1)
    assert english["ops"][0]["title"] == "1. Look up the embedding of «was»"
    assert walk["ops"][0]["title"] == "1. " + w["Look up the embedding of «{token}»"].format(
        token="was"
    )
    forget = next(op for op in walk["ops"] if op["id"] == "forget")
    assert w["Forget gate f"] in forget["title"]
    for op, en in zip(walk["ops"], english["ops"], strict=True):
        assert op["text"] != en["text"] and op["formula"].count("=") == en["formula"].count("=")
        assert [v for k, v in op.items() if k not in WORDS] == [
            v for k, v in en.items() if k not in WORDS
        ]  # the same numbers: only the words change


@needs_models
def test_the_pairs_table_writes_trace_values_the_ukrainian_way():
    """Streamlit writes a table's numbers with a point whatever the page's language: in
    Ukrainian the pairs page's unit table holds text with a decimal comma, and that text is
    the trace's own value (the cell state of the first sentence at the unit's token)."""
    w = words("uk")
    at = run("pairs", "uk")
    table = at.dataframe[1].value
    a = rnnviz.trace(rnnviz.load("sentiment-lstm"), "the film was good")
    for _, row in table.iterrows():
        cells = [row[k] for k in ("first", "second", "difference")]
        assert all(re.fullmatch(r"[+\-−]\d,\d{3}", c) for c in cells), cells
        where = row["where"]
        if not where.startswith("+"):  # a token of both sentences: the first's own value
            i = a.tokens.index(where.split(" / ")[0])
            value = float(cells[0].replace(",", ".").replace("−", "-"))
            assert abs(value - a.cell[0, 0, i, int(row["unit"])]) <= 5e-4, (row, value)
    assert w["first sentence"] != "first sentence"  # the column's label is translated too
