"""URL state for the lesson pages (everything but the explorer, whose state is ``state.py``).

A page declares its parameters once, as ``Param``s; :func:`bind` seeds the widgets' keys
from the URL — validated, clamped, never trusted — whenever the URL changed from outside
(a fresh session, a shared link, a tour button), and :func:`save` writes the view back
after the page is drawn, leaving defaults out so links stay short.

Teacher mode is global and sticky for the session: ``?teacher=1`` (larger type for a
projector) and ``?hide=controls,intro`` (hide chosen parts), kept in every page's URL.
Widget keys are ``"<page>.<name>"`` so two pages never share a widget's state.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

MAX_CHARS = 300  # the same limit as the explorer's sentence box
HIDEABLE = ("intro", "controls", "charts", "downloads")
_WRITTEN = "_params_written"


@dataclass(frozen=True)
class Param:
    """One URL parameter: its default and what a valid value is."""

    default: Any
    choices: tuple = ()  # if given, the value must be one of them
    low: float | None = None
    high: float | None = None
    max_len: int = 1000
    kind: type = field(default=str)

    def parse(self, raw: str) -> Any:
        """The value for ``raw``, or the default if it does not fit (never raises)."""
        try:
            if self.kind is int:
                v: Any = int(str(raw).strip())
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
        return f"{v:g}" if isinstance(v, float) else str(v)


def key(page: str, name: str) -> str:
    return f"{page}.{name}"


def bind(page: str, spec: dict[str, Param]) -> None:
    """Seed ``st.session_state["<page>.<name>"]`` from the URL when it changed from outside."""
    ss = st.session_state
    q = st.query_params.to_dict()
    _teacher_from(q)
    if ss.get(_WRITTEN, {}).get(page) == q and all(key(page, n) in ss for n in spec):
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
    ss.setdefault(_WRITTEN, {})[page] = want


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
            " h1 {font-size: 2.4rem !important;}</style>",
            unsafe_allow_html=True,
        )
