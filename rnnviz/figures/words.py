"""The words a figure shows, in its reader's language.

Every title, axis label and legend entry a figure module writes goes through ``_()`` here.
A notebook gets the English source; an app that reads another language sets a translator
(any ``str -> str``, e.g. a gettext catalog's ``gettext``) for the code that builds figures:

    with rnnviz.figures.translated(catalog.gettext):
        fig = rnnviz.figures.heatmap(tr, "cell")

The translator lives in a context variable, so threads (one per Streamlit session) never
see each other's language. Code that runs in a fresh context (a Streamlit fragment's rerun
does) gets the translator of :func:`set_fallback`'s provider, if an app gave one. The
strings are extracted by Babel together with the app's (see ``app/locale/README.md``); a
figure cached across readers must be keyed by the language.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar


def _identity(message: str) -> str:
    return message


_translator: ContextVar[Callable[[str], str] | None] = ContextVar("rnnviz_translator", default=None)
_fallback: Callable[[], Callable[[str], str]] | None = None
_decimal: ContextVar[str] = ContextVar("rnnviz_decimal", default=".")


def _(message: str) -> str:
    """``message`` in the language of the translator in effect (the English by default)."""
    translate = _translator.get()
    if translate is None:
        translate = _fallback() if _fallback is not None else _identity
    return translate(message)


def N_(message: str) -> str:
    """Mark a constant for extraction without translating it; show it with ``_(CONSTANT)``."""
    return message


def set_translator(translate: Callable[[str], str] | None, decimal: str = ".") -> None:
    """Use ``translate`` for the figures built from now on in this thread (None: English),
    and ``decimal`` as the decimal mark of the numbers they write as text (:func:`num`)."""
    _translator.set(translate or _identity)
    _decimal.set(decimal)


def decimal_mark() -> str:
    """The decimal mark in effect (``"."`` by default; see :func:`set_translator`)."""
    return _decimal.get()


# the minus sign numbers are written with: a real one, as Plotly's axes and the app's cell
# view (palette.js) write it; Python and Babel write a hyphen
MINUS = "\u2212"


def num(x: float, spec: str) -> str:
    """``x`` formatted by ``spec`` (``"+.2f"``) with the reader's decimal mark (``−2,27`` in a
    language that writes a decimal comma; see :func:`set_translator`) and a real minus sign
    (U+2212, as Plotly's axes and the app's cell view write it). For numbers a figure writes
    as text; Plotly's own hover numbers keep Plotly's format."""
    s = format(x, spec).replace("-", MINUS)
    mark = _decimal.get()
    return s if mark == "." else s.replace(".", mark)


def set_fallback(provider: Callable[[], Callable[[str], str]] | None) -> None:
    """Where no translator was set in this context, use ``provider()`` (None: English).

    For an app whose code may build figures in a context of its own: a Streamlit fragment
    reruns without the page's script, in a fresh context, so the page's
    :func:`set_translator` is not seen there; ``provider`` looks up the session's language.
    """
    global _fallback
    _fallback = provider


@contextlib.contextmanager
def translated(translate: Callable[[str], str] | None, decimal: str = ".") -> Iterator[None]:
    """Build the figures inside this block with ``translate`` (None: English) and
    ``decimal`` as the decimal mark of the numbers they write as text."""
    token, mark = _translator.set(translate or _identity), _decimal.set(decimal)
    try:
        yield
    finally:
        _translator.reset(token)
        _decimal.reset(mark)
