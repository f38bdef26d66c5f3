"""The one home of the view's state: what is in the URL, how it is checked, how it is written.

Two parts: the explorer's view (below) and the lesson pages' declared ``Param``s with the
global teacher mode (the second half of this file).

Every explorer parameter lives in ``st.session_state`` under the same name it has in the URL
(``step`` counts tokens from 1 in the URL, as the screen does, and from 0 in the session)::

    ?model=sentiment-lstm&text=the+film+was+not+good&step=5&unit=7&layer=0&direction=0
     &threshold=0.5&order=flag&property=negated&show=cell

When a URL arrives from outside :func:`load_url` reads ``st.query_params``, validates and clamps
every value (a hand-edited or hostile URL never crashes the page; it falls back with a
notice), and seeds the widgets' keys. After the page is drawn, :func:`save_url` writes the
view back, leaving defaults out so links stay short. Opening a copied link in a fresh
session therefore reproduces the view exactly.

Why not ``bind="query-params"`` (which 1.67 has): checked here, a bound selectbox stores the
``format_func`` LABEL in the URL ("sentiment · LSTM…", not the model name), a bound
number_input cannot be checked against a model chosen by another widget before it seeds,
and the step is reported by a component, not a widget. One explicit module is simpler.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

MAX_CHARS = 300
MAX_URL_TEXT = 1000  # a longer text in the URL is cut here (it is refused anyway)
ORDERS = ("index", "change", "flag")
DEFAULTS = {
    "text": "",
    "step": 0,
    "unit": 0,
    "layer": 0,
    "direction": 0,
    "threshold": 0.5,
    "order": "index",
    "property": "",
    "show": "",
}
PARAMS = ("model", *DEFAULTS)
_LOADED = "_url_loaded"
_NOTICES = "_url_notices"
_WRITTEN = "_url_written"


@dataclass(frozen=True)
class View:
    """Everything that decides what the page shows (after validation)."""

    model: str
    text: str
    step: int
    unit: int
    layer: int
    direction: int
    threshold: float
    order: str
    property: str
    show: str


def _int(raw: str | None) -> int | None:
    try:
        return int(str(raw).strip())
    except (TypeError, ValueError):
        return None


def _float(raw: str | None) -> float | None:
    try:
        v = float(str(raw).strip())
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def load_url(models: list[str], default_model: str) -> None:
    """Seed the view from the URL when it came from outside; otherwise keep the widgets'.

    "From outside": a fresh session, or a URL this module did not write (a link followed
    inside the session, e.g. the tour's ``st.switch_page(..., query_params=...)``).
    """
    ss = st.session_state
    mine = {k: v for k, v in st.query_params.to_dict().items() if k in PARAMS}
    if ss.get(_LOADED) and (not mine or mine == ss.get(_WRITTEN)):
        return
    ss[_LOADED] = True
    q = st.query_params
    notices: list[str] = []
    raw_model = q.get("model")
    if raw_model is not None and raw_model not in models:
        notices.append(f"There is no model called “{raw_model[:60]}”; showing {default_model}.")
    ss["model"] = raw_model if raw_model in models else default_model
    text = q.get("text", "")
    ss["text"] = text[:MAX_URL_TEXT]
    ss["_last_read"] = (ss["model"], ss["text"])  # so the page keeps the link's step
    ss["_unit_from_link"] = "unit" in q  # else the page picks the chosen flag's best unit
    for key in ("step", "unit", "layer", "direction"):
        v = _int(q.get(key))
        if key == "step" and v is not None:
            v -= 1  # the link counts tokens from 1, as the screen does
        if key in q and (v is None or v < 0):
            notices.append(f"Ignored {key}={str(q.get(key))[:20]!r} from the link (not a count).")
        ss[key] = v if v is not None and v >= 0 else DEFAULTS[key]
    th = _float(q.get("threshold"))
    if "threshold" in q and (th is None or not 0 <= th <= 1):
        notices.append("The lamp threshold must be between 0 and 1; it was set back to 0.5.")
    ss["threshold"] = th if th is not None and 0 <= th <= 1 else DEFAULTS["threshold"]
    order = q.get("order", "index")
    ss["order"] = order if order in ORDERS else "index"
    ss["property"] = q.get("property", "")[:60]
    ss["show"] = q.get("show", "")[:30]
    ss[_NOTICES] = notices


def notices() -> list[str]:
    """Messages about the URL that was opened (shown once, then forgotten)."""
    return st.session_state.pop(_NOTICES, [])


def clamp(key: str, low: int, high: int, what: str, out: list[str]) -> int:
    """Keep ``st.session_state[key]`` in ``low..high`` (before its widget is drawn)."""
    ss = st.session_state
    v = ss.get(key, DEFAULTS.get(key, low))
    if not isinstance(v, int) or isinstance(v, bool):
        v = low
    if v > high or v < low:
        new = min(max(v, low), high)
        out.append(f"{what} {v} does not exist here (this model has {low}–{high}); showing {new}.")
        v = new
    ss[key] = v
    return v


def choose(key: str, options: list[str], default: str | None = None) -> str:
    """Keep ``st.session_state[key]`` one of ``options`` (else ``default``, or the first).

    Silent: these follow the model (a new model has other gates and properties).
    """
    ss = st.session_state
    v = ss.get(key)
    if v not in options:
        v = default if default in options else options[0]
    ss[key] = v
    return v


def view() -> View:
    ss = st.session_state
    return View(**{k: ss.get(k, DEFAULTS.get(k, "")) for k in PARAMS})


def save_url(v: View, applicable: set[str], keep: set[str] = frozenset()) -> None:
    """Write the view to the URL: only parameters that apply and differ from the defaults
    (those in ``keep`` even at their default: a page that picks them itself otherwise)."""
    want = {"model": v.model}
    for key in DEFAULTS:
        value = getattr(v, key)
        if key in applicable and (value != DEFAULTS[key] or key in keep) and value != "":
            if key == "step":
                value += 1  # tokens count from 1 in the link, as on the screen
            want[key] = f"{value:g}" if isinstance(value, float) else str(value)
    st.session_state[_WRITTEN] = dict(want)
    want.update(teacher_params())  # teacher mode is global: it stays in every URL
    if st.query_params.to_dict() != want:
        st.query_params.from_dict(want)


# ---- the lesson pages ----------------------------------------------------------------------
# A lesson page declares its parameters once, as ``Param``s; :func:`bind` seeds the widgets'
# keys ("<page>.<name>") from the URL — validated, clamped, never trusted — whenever the URL
# changed from outside (a fresh session, a shared link, a tour button), and :func:`save`
# writes the view back after the page is drawn, leaving defaults out.
#
# Teacher mode is global and sticky for the session: ``?teacher=1`` (larger type for a
# projector) and ``?hide=intro,controls,charts,downloads`` (hide chosen parts), kept in every
# page's URL, the explorer's included.

HIDEABLE = ("intro", "controls", "charts", "downloads")
_PAGE_WRITTEN = "_params_written"


@dataclass(frozen=True)
class Param:
    """One URL parameter: its default and what a valid value is."""

    default: Any
    choices: tuple = ()  # if given, the value must be one of them
    low: float | None = None
    high: float | None = None
    max_len: int = 1000
    kind: type = field(default=str)
    shown_from: int = 0  # 1: the URL counts from 1, as the screen does (steps, tokens)

    def parse(self, raw: str) -> Any:
        """The value for ``raw``, or the default if it does not fit (never raises)."""
        try:
            if self.kind is int:
                v: Any = int(str(raw).strip()) - self.shown_from
            elif self.kind is float:
                v = float(str(raw).strip())
                if not math.isfinite(v):
                    return self.default
            elif self.kind is bool:
                v = str(raw).strip().lower() in ("1", "true", "yes", "on")
            else:
                v = str(raw)[: self.max_len]
        except (TypeError, ValueError):
            return self.default
        if self.choices and v not in self.choices:
            return self.default
        if self.low is not None and v < self.low:
            return type(v)(self.low)
        if self.high is not None and v > self.high:
            return type(v)(self.high)
        return v

    def encode(self, v: Any) -> str:
        if isinstance(v, bool):
            return "1" if v else "0"
        if self.kind is int and isinstance(v, int):
            return str(v + self.shown_from)
        return f"{v:g}" if isinstance(v, float) else str(v)


def key(page: str, name: str) -> str:
    return f"{page}.{name}"


def bind(page: str, spec: dict[str, Param]) -> None:
    """Seed ``st.session_state["<page>.<name>"]`` from the URL when it changed from outside."""
    ss = st.session_state
    q = st.query_params.to_dict()
    _teacher_from(q)
    if ss.get(_PAGE_WRITTEN, {}).get(page) == q and all(key(page, n) in ss for n in spec):
        return  # the URL is what this page last wrote: the widgets already hold the view
    for name, p in spec.items():
        ss[key(page, name)] = p.parse(q[name]) if name in q else p.default


def get(page: str, name: str) -> Any:
    return st.session_state.get(key(page, name))


def set_value(page: str, name: str, value: Any) -> None:
    st.session_state[key(page, name)] = value


def save(page: str, spec: dict[str, Param]) -> None:
    """Write the page's view (and teacher mode) to the URL."""
    ss = st.session_state
    want: dict[str, str] = {}
    for name, p in spec.items():
        v = ss.get(key(page, name), p.default)
        if v != p.default:
            want[name] = p.encode(v)
    want.update(teacher_params())
    if st.query_params.to_dict() != want:
        st.query_params.from_dict(want)
    ss.setdefault(_PAGE_WRITTEN, {})[page] = want


# ---- teacher mode ---------------------------------------------------------------------------


def _teacher_from(q: dict) -> None:
    ss = st.session_state
    if "teacher" in q:
        ss["_teacher"] = Param(False, kind=bool).parse(q["teacher"])
    if "hide" in q:
        ss["_hide"] = tuple(h for h in str(q["hide"]).split(",") if h in HIDEABLE)


def teacher_params() -> dict[str, str]:
    """The teacher-mode part of every URL (empty when off)."""
    ss = st.session_state
    out = {}
    if ss.get("_teacher"):
        out["teacher"] = "1"
    if ss.get("_hide"):
        out["hide"] = ",".join(ss["_hide"])
    return out


def hidden(part: str) -> bool:
    """Whether the teacher chose to hide this part (one of ``HIDEABLE``)."""
    return part in st.session_state.get("_hide", ())


def large() -> bool:
    return bool(st.session_state.get("_teacher"))


def apply_teacher_style() -> None:
    """Larger type for a projector: one style block, no user text in it."""
    _teacher_from(st.query_params.to_dict())
    if large():
        st.markdown(
            "<style>html, body, [data-testid='stAppViewContainer'] {font-size: 20px;}"
            " [data-testid='stMarkdownContainer'] p {font-size: 1.15rem;}"
            " h1 {font-size: 2.4rem !important;}"
            # Streamlit's top padding (6rem) is a fifth of a projector's first screen
            " [data-testid='stMainBlockContainer'] {padding-top: 2rem;}</style>",
            unsafe_allow_html=True,
        )
