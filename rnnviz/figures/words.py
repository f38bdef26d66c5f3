"""The words a figure shows, in its reader's language.

Every title, axis label and legend entry a figure module writes goes through ``_()`` here.
A notebook gets the English source; an app that reads another language sets a translator
(any ``str -> str``, e.g. a gettext catalog's ``gettext``) for the code that builds figures:

    with rnnviz.figures.translated(catalog.gettext):
        fig = rnnviz.figures.heatmap(tr, "cell")

The translator lives in a context variable, so threads (one per Streamlit session) never
see each other's language. The strings are extracted by Babel together with the app's (see
``app/locale/README.md``); a figure cached across readers must be keyed by the language.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar


def _identity(message: str) -> str:
    return message


_translator: ContextVar[Callable[[str], str]] = ContextVar("rnnviz_translator", default=_identity)


def _(message: str) -> str:
    """``message`` in the language of the translator in effect (the English by default)."""
    return _translator.get()(message)


def N_(message: str) -> str:
    """Mark a constant for extraction without translating it; show it with ``_(CONSTANT)``."""
    return message


def set_translator(translate: Callable[[str], str] | None) -> None:
    """Use ``translate`` for the figures built from now on in this thread (None: English)."""
    _translator.set(translate or _identity)


@contextlib.contextmanager
def translated(translate: Callable[[str], str] | None) -> Iterator[None]:
    """Build the figures inside this block with ``translate`` (None: English)."""
    token = _translator.set(translate or _identity)
    try:
        yield
    finally:
        _translator.reset(token)
