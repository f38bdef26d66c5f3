"""The glossary, the Units, Train and Your model pages, and the training messages in the
lesson's languages: the lookups answer in the session's language, counts take each language's
plural forms, a training's message is translated by the page, and in a real browser the pages
read in Ukrainian and Lithuanian with no English left in their headings and labels.
"""

from __future__ import annotations

import re

import pytest


@pytest.fixture
def lang(monkeypatch):
    """Set this test's interface language (i18n.current, as a session would have it)."""
    import i18n

    def use(code: str) -> None:
        monkeypatch.setattr(i18n, "current", lambda: code)

    return use


def test_glossary_lookups_answer_in_the_session_language(lang):
    import glossary

    lang("uk")
    assert glossary.property_name("female_subject") == "підмет жіночого роду"
    assert glossary.property_name("plural_subject") == "підмет у множині"
    assert glossary.property_name("made_up_thing") == "made up thing"  # unknown: as is
    assert glossary.TERMS["gate"].startswith("Регулятор від 0")
    assert glossary.TERMS.get("no such term") is None
    assert "ворота" in glossary.explain(["forget"])  # the lesson's word for a gate
    assert glossary.explain(["cell"]).startswith("**фактичний стан**: ")
    assert glossary.plain_metric("") == "точність на текстах, яких вона не бачила під час навчання"
    assert glossary.task_description("agreement_uk").startswith("Українська, буква за буквою")
    assert glossary.task_description("no_such_task", "as the card says") == "as the card says"
    lang("en")
    assert glossary.property_name("female_subject") == "female subject"
    assert glossary.TERMS["gate"].startswith("A dial from 0")


@pytest.mark.parametrize(
    "code, share, words",
    [
        ("uk", 3e-5, "1 частина на 30 тисяч"),
        ("uk", 2e-5, "1 частина на 50 тисяч"),
        ("uk", 3e-10, "1 частина на 3 мільярди"),  # 2–4: the "few" form
        ("uk", 1e-6, "1 частина на мільйон"),
        ("ro", 3e-5, "1 parte din 30 de mii"),  # 20 and more: "de"
        ("ro", 1e-4, "1 parte din 10 mii"),
        ("lt", 1.5e-11, "1 dalis iš 70 milijardų"),
        ("bg", 0.35, "35% от най-голямото"),
        ("sr", 0.0, "баш ништа"),
    ],
)
def test_counts_in_words_take_the_language_plural(lang, code, share, words):
    import glossary

    lang(code)
    assert glossary.plain_share(share) == words


def test_tick_words_in_lithuanian(lang):
    import glossary

    lang("lt")
    assert [glossary.tick_words(p) for p in (0, 3, 4)] == [
        "viskas",
        "1 iš tūkstančio",
        "1 iš 10 tūkstančių",
    ]


def test_a_training_message_keeps_english_for_the_log_and_its_id_for_the_page():
    import i18n
    import training_jobs as tj

    board = tj.Board(max_running=0)  # nothing starts: the job waits until cancelled
    job = board.submit({"kind": "task", "task": "sentiment"})
    board.cancel(job)
    v = board.view(job)
    assert v["status"] == "cancelled" and v["message"] == "you pressed Cancel"
    board._end(board._jobs[job], "timed out", tj.N_(_TIME_LIMIT), {"seconds": "7"})
    v = board.view(job)
    assert "time limit of 7 seconds" in v["message"]  # English, for the log
    assert v["message_id"] == _TIME_LIMIT and v["fields"] == {"seconds": "7"}
    said = i18n.translations("uk").gettext(v["message_id"]).format(**v["fields"])
    assert said.startswith("зупинено після ліміту часу 7 с")
    with pytest.raises(tj.QueueFull) as e:
        tj.Board(max_running=0, max_queue=0).submit({"kind": "task", "task": "sentiment"})
    assert e.value.limit == 0 and "already waiting or running" in str(e.value)


_TIME_LIMIT = (
    "stopped after the time limit of {seconds} seconds; try fewer epochs, fewer examples or "
    "fewer units"
)


# ---- in a real browser ------------------------------------------------------------------------

UNITS = {  # language -> what the Units page must say
    "uk": {
        "headings": ["Блоки в корпусі текстів", "Знайти блоки за прикладом", "Простір станів"],
        "labels": ["Поріг", "Блок", "Стан"],
        "texts": ["Де ще вони вмикаються разом"],
        "axis": "блок 0 фактичного стану",
        "link": "відкрити",
    },
    "lt": {
        "headings": ["Vienetai tekstyne", "Rasti vienetus pagal pavyzdį", "Būsenų erdvė"],
        "labels": ["Slenkstis", "Vienetas", "Būsena"],
        "texts": ["Kur dar jie įsijungia kartu"],
        "axis": "faktinės būsenos vienetas 0",
        "link": "atidaryti",
    },
}
ENGLISH_UNITS = ["Units across a corpus", "Find units by example", "State space", "Intervene"]


def _settle(pg, timeout: int = 180_000) -> None:
    from playwright.sync_api import expect

    idle = pg.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')
    expect(idle).to_have_count(1, timeout=timeout)
    expect(pg.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=timeout)


def _no_english(main, texts: list[str]) -> None:
    for t in texts:
        assert main.get_by_text(t, exact=True).count() == 0, f"English left: {t!r}"


@pytest.fixture
def page(browser):
    pg = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="en-US")
    yield pg
    pg.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("code", ["uk", "lt"])
def test_units_page_in_the_language(shipped_app, page, code):
    from harness import assert_no_error_box
    from playwright.sync_api import expect

    want = UNITS[code]
    page.goto(f"{shipped_app}/units?lang={code}&text=the%20film%20was%20not%20good")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text(want["texts"][0], exact=True)).to_be_visible(timeout=180_000)
    _settle(page)
    for h in want["headings"]:
        expect(main.get_by_role("heading", name=h)).to_be_visible()
    for label in want["labels"]:
        expect(main.get_by_label(label, exact=True).first).to_be_attached()
    # the histogram's axis names the unit in the language (the page hands the figure its words)
    expect(main.locator(".xtitle").filter(has_text=want["axis"]).first).to_be_attached()
    expect(main.get_by_role("link", name=want["link"], exact=True).first).to_be_visible()
    _no_english(main, ENGLISH_UNITS)
    assert_no_error_box(page)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize(
    "code, title, button, epochs, source",
    [
        (
            "uk",
            "Навчіть мережу й подивіться, як вона вчиться",
            "Почати навчання",
            "Епохи",
            "Ваш власний файл (CSV або TXT)",
        ),
        (
            "lt",
            "Išmokykite tinklą ir stebėkite, kaip jis mokosi",
            "Pradėti mokymą",
            "Epochos",
            "Jūsų failas (CSV arba TXT)",
        ),
    ],
)
def test_train_page_in_the_language(shipped_app, page, code, title, button, epochs, source):
    from harness import assert_no_error_box
    from playwright.sync_api import expect

    page.goto(f"{shipped_app}/train?lang={code}")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name=title)).to_be_visible(timeout=180_000)
    _settle(page)
    expect(main.get_by_role("button", name=button)).to_be_visible()
    expect(main.get_by_role("spinbutton", name=epochs)).to_be_visible()
    main.get_by_text(source, exact=True).click()  # the file path: its own translated labels
    _settle(page)
    expect(main.get_by_text(re.compile(r"CSV"))).not_to_have_count(0)
    _no_english(main, ["Train a network and watch it learn", "Start training", "Epochs"])
    assert_no_error_box(page)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize(
    "code, question, zip_choice, ask",
    [
        (
            "uk",
            "Що у вас є?",
            "Папка контрольної точки (.zip)",
            "Завантажте .zip папки з config.json і weights.safetensors.",
        ),
        (
            "lt",
            "Ką turite?",
            "Kontrolinio taško aplankas (.zip)",
            "Įkelkite aplanko su config.json ir weights.safetensors .zip archyvą.",
        ),
    ],
)
def test_your_model_page_in_the_language(shipped_app, page, code, question, zip_choice, ask):
    from harness import assert_no_error_box
    from playwright.sync_api import expect

    page.goto(f"{shipped_app}/your_model?lang={code}")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text(question, exact=True)).to_be_visible(timeout=180_000)
    _settle(page)
    main.get_by_text(zip_choice, exact=True).click()
    _settle(page)
    expect(main.get_by_text(ask, exact=True)).to_be_visible()
    _no_english(main, ["What do you have?", "A checkpoint folder (.zip)", "Example sentence"])
    assert_no_error_box(page)


def test_train_queue_and_cancel_in_ukrainian(monkeypatch, lang):
    """The queue's place, the cancel and the settings in Ukrainian (AppTest; a queue that
    starts nothing, as tests/test_train_page.py drives it)."""
    import training_jobs
    from streamlit.testing.v1 import AppTest

    # AppTest re-applies a radio's format_func in the test's own thread, which has no
    # session: the whole process reads Ukrainian, as the browser would
    lang("uk")
    board = training_jobs.Board(max_running=0)
    monkeypatch.setattr(training_jobs, "_BOARD", board)
    try:
        at = AppTest.from_file("../app/streamlit_app.py", default_timeout=60)
        at.query_params["lang"] = "uk"
        at.switch_page("views/train.py")
        at.run()
        assert not at.exception, at.exception
        assert at.title[0].value == "Навчіть мережу й подивіться, як вона вчиться"
        assert at.button(key="train.go").label == "Почати навчання"
        board.submit(dict(kind="task", task="sentiment"))  # someone else is first
        at.button(key="train.go").click().run()
        said = " ".join(str(i.value) for i in at.info)
        assert "ваш номер у черзі — **2** (0 навчань триває, ще 1 чекає перед вами)" in said
        at.button(key="train.cancel").click().run()
        warned = " ".join(str(w.value) for w in at.warning)
        assert "Навчання на sentiment скасовано: ви натиснули «Скасувати»" in warned
        assert not at.exception and not at.error
    finally:
        board.shutdown()
