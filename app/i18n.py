"""The interface's languages: which one this session reads, and ``_()`` to translate a string.

The words live in standard gettext catalogs, ``app/locale/<lang>/LC_MESSAGES/rnnviz.po``,
managed with Babel (the commands are in ``app/locale/README.md``). A catalog is compiled in
memory the first time a server needs it, so there is no build step and no binary ``.mo`` in
git; a fuzzy entry is never used (it shows the English until a person confirms it).

The language comes from, in order: ``?lang=`` in the link (what a teacher's link carries),
the picker (which writes ``lang`` to the link from then on), and the browser's own language.
English is the source language: its catalog is the source code itself.
"""

from __future__ import annotations

import functools
import gettext
import io
import threading
from pathlib import Path

import streamlit as st
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol
from streamlit.runtime.scriptrunner import get_script_run_ctx

from rnnviz import messages
from rnnviz.figures.words import MINUS  # Babel writes a hyphen in every language we have

LANGUAGES = {  # code → the language's own name, as the picker shows it
    "en": "English",
    "uk": "Українська",
    "sr": "Српски",
    "bg": "Български",
    "ro": "Română",
    "lt": "Lietuvių",
}
SOURCE = "en"
DOMAIN = "rnnviz"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SESSION = "_lang"  # session_state key of a language chosen by link or picker
_BROWSER = "_lang_browser"  # the browser's own language, read once a session


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of ``lang`` (English, an unknown code or no catalog: identity)."""
    path = catalog_path(lang)
    if lang == SOURCE or lang not in LANGUAGES or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def from_locale(tag: str | None) -> str:
    """Our language for a browser locale such as ``uk-UA`` or ``sr-Cyrl-RS`` (else English).

    Serbian in Latin script (``sr-Latn``) still gets the Cyrillic catalog: the lesson's
    Serbian translation is Cyrillic, and one Serbian is better than none.
    """
    code = (tag or "").replace("_", "-").split("-")[0].strip().lower()
    return code if code in LANGUAGES else SOURCE


def parse(raw: object) -> str | None:
    """A ``lang`` value from a link, or None when it names no language of ours."""
    code = str(raw or "").strip().lower()[:10]
    return code if code in LANGUAGES else None


def current() -> str:
    """This session's language."""
    pinned = getattr(_pinned, "run", None)
    if pinned is not None and pinned[0] is _this_run():
        return pinned[1]
    return _from_session()


def _from_session() -> str:
    chosen = st.session_state.get(SESSION)
    if chosen in LANGUAGES:
        return chosen
    browser = st.session_state.get(_BROWSER)
    if browser is None:  # read once a session: st.context costs a little on every call
        try:
            browser = from_locale(st.context.locale)
        except Exception:  # no browser behind this run (AppTest, bare mode): the source
            browser = SOURCE
        st.session_state[_BROWSER] = browser
    return browser


# The language, read once a run. Every ``_()`` asked the session state for it (two lookups
# through Streamlit's locks, about 30 Python calls): with a page's hundred-odd strings that
# was a tenth of a rerun's server work. The router pins it once the URL's language is read;
# a pin holds for that script run only (Streamlit gives each run a fresh ``cursors`` dict),
# so a fragment's rerun or a callback before the router reads the session state as before.
_pinned = threading.local()


def _this_run() -> object:
    ctx = get_script_run_ctx(suppress_warning=True)  # outside a run: the session state says
    return None if ctx is None else ctx.cursors


def pin() -> str:
    """Fix this run's language (the router, after the URL's ``lang`` is read); returns it."""
    _pinned.run = None
    lang = _from_session()
    run = _this_run()
    if run is not None:
        _pinned.run = (run, lang)
    return lang


def choose(lang: str) -> None:
    """Set the session's language (a link's ``lang``, the picker), this run's pin too."""
    st.session_state[SESSION] = lang
    if getattr(_pinned, "run", None) is not None:
        pin()


def _(message: str) -> str:
    """``message`` in this session's language (the English itself when it has no entry)."""
    return translations(current()).gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it (a constant made at import,
    before any session has a language): translate it with ``_(CONSTANT)`` where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for ``n`` things, by the language's own plural rules."""
    return translations(current()).ngettext(singular, plural, n)


def number(x: float, digits: int = 2, lang: str | None = None, signed: bool = False) -> str:
    """``x`` written the way this language writes numbers (decimal comma, thousands);
    ``lang``: that language's way (default: this session's); ``signed``: "+" before a
    positive number (or zero) too, as a difference is written."""
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    plus = "+" if signed and x >= 0 else ""
    return plus + format_decimal(x, format=pattern, locale=lang or current()).replace("-", MINUS)


def decimal_mark(lang: str | None = None) -> str:
    """The decimal mark of ``lang`` (default: this session's): "," in uk, sr, bg, ro, lt."""
    return _marks(lang or current())[0]


def separators(lang: str | None = None) -> str:
    """Plotly's ``layout.separators`` for ``lang``: its decimal mark, then its thousands."""
    return "".join(_marks(lang or current()))


@functools.cache  # asked on every rerun (the translator, every chart); six languages
def _marks(lang: str) -> tuple[str, str]:
    return get_decimal_symbol(lang), get_group_symbol(lang)


def numeral(x: float) -> str:
    """A number inside a sentence: an integer with the language's thousands (1 000 000 in
    uk), a decimal with its comma (12,5), as many digits as it has (up to three)."""
    pattern = "#,##0" if isinstance(x, int) else "#,##0.###"
    return format_decimal(x, format=pattern, locale=current()).replace("-", MINUS)


def said(problem: object, limit: int = 300) -> str:
    """What went wrong, as one line in this session's language: a library error (or a
    :class:`rnnviz.messages.Message`, or a ``Said`` string) whose template the catalogs
    translate, its parameters filled in; anything else as its own text (English). The first
    line, at most ``limit`` characters (a hostile file's message could be long)."""
    line = (messages.text(problem, _, numeral).strip().splitlines() or [""])[0]
    if not line and isinstance(problem, BaseException):
        line = type(problem).__name__
    return line if len(line) <= limit else line[: limit - 1] + "…"
