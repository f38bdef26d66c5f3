"""The one home of the app's URL state: what is in the URL, how it is checked, how it is written.

Every page declares its parameters as ``Param``s (the explorer's in :func:`explorer_spec`),
binds them with :func:`bind` and writes them back with :func:`save` (steps count tokens
from 1 in the URL, as the screen does, and from 0 in the session)::

    ?model=sentiment-lstm&text=the+film+was+not+good&step=5&unit=7&layer=0&direction=0
     &threshold=0.5&order=flag&property=negated&show=cell

A URL from outside is validated and clamped (a hand-edited or hostile URL never crashes a
page; it falls back, with a notice where the page asks for one) and seeds the widgets'
keys; after the page is drawn the view is written back, defaults left out, so a copied link
opened in a fresh session reproduces the view exactly. Teacher mode rides along in every URL.

Why not ``bind="query-params"`` (which 1.67 has): checked here, a bound selectbox stores the
``format_func`` LABEL in the URL ("sentiment · LSTM…", not the model name), a bound
number_input cannot be checked against a model chosen by another widget before it seeds,
and the step is reported by a component, not a widget. One explicit module is simpler.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass, field
from typing import Any

import i18n
import streamlit as st

MAX_CHARS = 300
MAX_URL_TEXT = 1000  # a longer text in the URL is cut here (it is refused anyway)
ORDERS = ("index", "change", "flag")
# Every page declares its URL parameters once, as ``Param``s; :func:`bind` seeds the widgets'
# keys from the URL — validated, clamped, never trusted — whenever the URL changed from
# outside (a fresh session, a shared link, a tour button), and :func:`save` writes the view
# back after the page is drawn, leaving defaults out so links stay short. The explorer's keys
# are the bare names (``page=""``: ``st.session_state["step"]``), the lesson pages'
# ``"<page>.<name>"``.
#
# Teacher mode is global and sticky for the session: ``?teacher=1`` (larger type for a
# projector) and ``?hide=intro,controls,charts,downloads`` (hide chosen parts), kept in every
# page's URL; so is the interface's language, ``?lang=uk`` (see ``i18n``), once a link or the
# picker chose one (otherwise each browser gets its own language).

HIDEABLE = ("intro", "controls", "charts", "downloads")
_PAGE_WRITTEN = "_params_written"
_NOTICES = "_url_notices"


@dataclass(frozen=True)
class Param:
    """One URL parameter: its default and what a valid value is.

    ``bad``: when given, a value from a link that does not fit is replaced by the default
    and this notice is shown (``{name}``, ``{raw}``, ``{default}`` are filled in); without
    it, numbers are clamped to ``low``/``high`` and anything else falls back silently.
    ``always``: written to the URL even when it is the default.
    """

    default: Any
    choices: tuple = ()  # if given, the value must be one of them
    low: float | None = None
    high: float | None = None
    max_len: int = 1000
    kind: type = field(default=str)
    bad: str = ""
    always: bool = False
    shown_from: int = 0  # 1: the URL counts from 1, as the screen does (steps, tokens)

    def check(self, name: str, raw: str) -> tuple[Any, str | None]:
        """The value for ``raw`` and, if it did not fit, a notice (never raises)."""
        fits = True
        try:
            if self.kind is int:
                v: Any = int(str(raw).strip()) - self.shown_from
            elif self.kind is float:
                v = float(str(raw).strip())
                fits = math.isfinite(v)
            elif self.kind is bool:
                v = str(raw).strip().lower() in ("1", "true", "yes", "on")
            else:
                v = str(raw)[: self.max_len]
        except (TypeError, ValueError):
            fits = False
        if fits and self.choices and v not in self.choices:
            fits = False
        if not fits:
            return self.default, self._notice(name, raw)
        out_of_range = (self.low is not None and v < self.low) or (
            self.high is not None and v > self.high
        )
        if out_of_range and self.bad:
            return self.default, self._notice(name, raw)
        if self.low is not None and v < self.low:
            return type(v)(self.low), None
        if self.high is not None and v > self.high:
            return type(v)(self.high), None
        return v, None

    def parse(self, raw: str) -> Any:
        """The value for ``raw``, or the default if it does not fit (never raises)."""
        return self.check("", raw)[0]

    def _notice(self, name: str, raw: str) -> str | None:
        if not self.bad:
            return None
        # ``bad`` is marked N_() where it is written; translated here, in the session's language
        return i18n._(self.bad).format(name=name, raw=str(raw)[:60], default=self.default)

    def encode(self, v: Any) -> str:
        if isinstance(v, bool):
            return "1" if v else "0"
        if self.kind is int and isinstance(v, int):
            return str(v + self.shown_from)
        return f"{v:g}" if isinstance(v, float) else str(v)


def key(page: str, name: str) -> str:
    return f"{page}.{name}" if page else name


def bind(page: str, spec: dict[str, Param]) -> bool:
    """Seed the page's widget keys from the URL when it changed from outside.

    Returns whether it did (False: the widgets already hold the view — the URL is what this
    page last wrote, or carries none of its parameters after the page was shown once).
    Notices about values that did not fit are kept for :func:`notices`.
    """
    ss = st.session_state
    q = st.query_params.to_dict()
    _teacher_from(q)
    bound = all(key(page, n) in ss for n in spec)
    mine = {k: v for k, v in q.items() if k in spec}
    written = ss.get(_PAGE_WRITTEN, {}).get(page)
    if bound and (not mine or (written is not None and mine == _own(written, spec))):
        return False
    notes = []
    for name, p in spec.items():
        value, note = p.check(name, q[name]) if name in q else (p.default, None)
        ss[key(page, name)] = value
        if note:
            notes.append(note)
    ss[_NOTICES] = notes
    return True


def _own(written: dict, spec: dict[str, Param]) -> dict:
    return {k: v for k, v in written.items() if k in spec}


def notices() -> list[str]:
    """Messages about the link that was opened (shown once, then forgotten)."""
    return st.session_state.pop(_NOTICES, [])


def get(page: str, name: str) -> Any:
    return st.session_state.get(key(page, name))


def set_value(page: str, name: str, value: Any) -> None:
    st.session_state[key(page, name)] = value


def save(
    page: str,
    spec: dict[str, Param],
    applicable: set[str] | None = None,
    keep: set[str] = frozenset(),
) -> None:
    """Write the page's view (and teacher mode) to the URL: the parameters that apply and
    differ from their defaults (or are ``always`` written, or in ``keep``: a page that
    picks them itself otherwise)."""
    ss = st.session_state
    want: dict[str, str] = {}
    for name, p in spec.items():
        if applicable is not None and name not in applicable and not p.always:
            continue
        v = ss.get(key(page, name), p.default)
        if (v != p.default and v != "") or p.always or (name in keep and v != ""):
            want[name] = p.encode(v)
    want.update(teacher_params())
    if st.query_params.to_dict() != want:
        st.query_params.from_dict(want)
    ss.setdefault(_PAGE_WRITTEN, {})[page] = want


def keep(page: str, spec: dict[str, Param]) -> None:
    """Keep the page's values through a run that does not draw all their widgets (a model
    that cannot be opened): Streamlit forgets the value of a widget that is not drawn, and
    :func:`bind` would then read the view back from the URL, the unopenable model too."""
    from streamlit.errors import StreamlitAPIException

    ss = st.session_state
    for name in spec:
        k = key(page, name)
        # a widget drawn in this run refuses the assignment: it is kept anyway
        with contextlib.suppress(StreamlitAPIException):
            if k in ss:
                ss[k] = ss[k]


# ---- the explorer's checks against the model, after its URL is read ------------------------


def clamp(key: str, low: int, high: int, what: str, out: list[str]) -> int:
    """Keep ``st.session_state[key]`` in ``low..high`` (before its widget is drawn)."""
    ss = st.session_state
    v = ss.get(key, low)
    if not isinstance(v, int) or isinstance(v, bool):
        v = low
    if v > high or v < low:
        new = min(max(v, low), high)
        out.append(
            i18n._(
                "{what} {value} does not exist here (this model has {low}–{high}); showing {new}."
            ).format(what=i18n._(what), value=v, low=low, high=high, new=new)
        )
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


def explorer_spec(models: list[str], default_model: str) -> dict[str, Param]:
    """The explorer's URL parameters (its keys are the bare names)."""
    count = i18n.N_("Ignored {name}={raw!r} from the link (not a count).")
    return {
        "model": Param(
            default_model,
            choices=tuple(models),
            bad=i18n.N_("There is no model called “{raw}”; showing {default}."),
            always=True,
        ),
        "text": Param("", max_len=MAX_URL_TEXT),
        "step": Param(0, kind=int, low=0, bad=count, shown_from=1),  # tokens count from 1
        **{k: Param(0, kind=int, low=0, bad=count) for k in ("unit", "layer", "direction")},
        "threshold": Param(
            0.5,
            kind=float,
            low=0.0,
            high=1.0,
            bad=i18n.N_(
                "The lamp threshold must be between 0 and 1; it was set back to {default}."
            ),
        ),
        "order": Param("index", choices=ORDERS),
        "property": Param("", max_len=60),
        "show": Param("", max_len=30),
    }


# ---- teacher mode ---------------------------------------------------------------------------


def _teacher_from(q: dict) -> None:
    ss = st.session_state
    if "teacher" in q:
        ss["_teacher"] = Param(False, kind=bool).parse(q["teacher"])
    if "hide" in q:
        ss["_hide"] = tuple(h for h in str(q["hide"]).split(",") if h in HIDEABLE)
    if i18n.parse(q.get("lang")):
        i18n.choose(i18n.parse(q["lang"]))


def read_globals() -> None:
    """Teacher mode and the language from the URL, before anything is drawn (the router)."""
    _teacher_from(st.query_params.to_dict())


def teacher_params() -> dict[str, str]:
    """The part of every URL that is the session's, not the page's: teacher mode and a
    chosen language (empty when neither is set)."""
    ss = st.session_state
    out = {}
    if ss.get(i18n.SESSION):
        out["lang"] = ss[i18n.SESSION]
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
            # what is typed or chosen (the sentence!) as large as the words around it: the
            # inputs keep Streamlit's 0.875rem, three quarters of their own labels
            " [data-testid='stTextInput'] input, [data-testid='stSelectbox'] input,"
            " [data-testid='stNumberInput'] input, [data-testid='stTextArea'] textarea"
            " {font-size: 1.15rem;}"
            # captions (a flag's score, a chart's key) read from the back of the room too
            " [data-testid='stCaptionContainer'] {font-size: 1rem;}"
            # the page names at this size need more than the sidebar's 300 px (sr, uk, bg)
            " [data-testid='stSidebar'] {min-width: 360px;}"
            # Streamlit's top padding (6rem) is a fifth of a projector's first screen
            " [data-testid='stMainBlockContainer'] {padding-top: 2rem;}</style>",
            unsafe_allow_html=True,
        )
