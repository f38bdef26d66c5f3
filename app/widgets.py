"""Widgets the lesson pages share: a model picker, a sentence box, a step slider, an intro.

Each takes the page's name so its widget key is the page's URL parameter
(``state.key(page, name)``); none of them keeps state of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import cache
import i18n
import session_models
import state
import streamlit as st
import ui
from i18n import _, said

from rnnviz import TraceInputError


def intro(text: str) -> None:
    """What the page shows, in a sentence or two; hidden with ``?hide=intro``."""
    if not state.hidden("intro"):
        st.markdown(text)


def model_select(
    page: str,
    names: list[str],
    label: str | None = None,
    name: str = "model",
    accept: Callable | None = None,
    note_at=None,
):
    """A model picker over ``names`` (labels with task, cell, size, accuracy); its meta.

    Also offers this session's own models (``session_models``) that ``accept`` (a test on
    their meta: the kinds this page can show; None: any), first, and the installed folders
    that cannot be opened, last, marked with why. Picking one of those shows why and
    returns None (the note goes in ``note_at``, a container, if given); a link naming
    another session's model says models are not in links. ``label``: marked by the caller
    (``_()`` of a translation gives it back as it is; default: "Model").
    """
    ss = st.session_state
    k = state.key(page, name)
    mine = [n for n in session_models.names() if accept is None or accept(cache.meta(n))]
    broken = cache.broken_models()
    options = mine + list(names) + [b for b in broken if b not in names]
    if ss.get(k) not in options:
        if session_models.foreign(ss.get(k)):
            other = names[0] if names else _("another model")
            note = _(session_models.LINK_NOTE).format(default=other)
            st.info(note, icon=":material/link_off:")
        ss[k] = names[0] if names else options[0]
    metas, failed = cache.metas(mine + list(names))
    broken = {**broken, **failed}
    options = [n for n in options if n in metas or n in broken]
    chosen = st.selectbox(
        _(label) if label else _("Model"),
        options,
        key=k,
        format_func=lambda n: (
            ui.model_label(metas[n]) if n in metas else ui.broken_label(n, broken.get(n, ""))
        ),
    )
    if chosen in metas:
        return metas[chosen]
    with note_at or st.container():
        not_loadable(chosen, broken.get(chosen, ""))
    return None


def recurrent(meta) -> bool:
    """For ``model_select(accept=...)``: pages that show a recurrent cell's states."""
    return meta.cell != "bag"


def language_model(meta) -> bool:
    return meta.head == "lm"


def recurrent_classifier(meta) -> bool:
    return meta.cell != "bag" and meta.head == "classifier"


def not_loadable(name: str, reason: str) -> None:
    """What a page shows for an installed model folder that cannot be opened."""
    st.warning(
        _(
            "**{name}** cannot be opened: {reason}. Pick another model; the folder stays as it "
            "is until someone fixes it."
        ).format(name=ui.md_escape(name), reason=ui.md_escape(said(reason))),
        icon=":material/block:",
    )


def text_box(page: str, label: str, name: str = "text", placeholder: str = "") -> str | None:
    """A sentence box with the character limit shown; the text, or None with a message.
    ``label`` and ``placeholder``: marked by the caller (``_()`` of a translation gives
    it back as it is)."""
    text = st.text_input(
        _("{label} (up to {n} characters)").format(label=_(label), n=state.MAX_CHARS),
        key=state.key(page, name),
        placeholder=placeholder or _("type a sentence and press Enter"),
    )
    return checked_text(text, _("Type a sentence (or keep the example) to see it."))


def checked_text(text: str, empty_note: str) -> str | None:
    """``text`` if it can be read (cut to ``MAX_CHARS`` with a note); else None after a
    friendly note (empty)."""
    if not text.strip():
        st.info(empty_note, icon=":material/edit:")
        return None
    if len(text) > state.MAX_CHARS:  # read the start rather than show nothing
        end = ui.md_escape(text[state.MAX_CHARS - 20 : state.MAX_CHARS])
        st.info(
            _(
                "That text has {n} characters; the network reads the first {limit} (up to “{end}”)."
            ).format(n=len(text), limit=state.MAX_CHARS, end=end),
            icon=":material/content_cut:",
        )
        return text[: state.MAX_CHARS]
    return text


def trace_or_note(model_name: str, text: str):
    """The cached trace, or None after a friendly note (e.g. a text with no tokens)."""
    try:
        return cache.trace(model_name, text)
    except TraceInputError as e:
        st.info(ui.md_escape(said(e)), icon=":material/edit:")
        return None


def step_slider(page: str, tokens: list[str], label: str | None = None, name: str = "step") -> int:
    """One shared cursor over ``tokens``; clamped when the sentence got shorter. ``label``:
    marked by the caller, as in ``text_box`` (default: "Token")."""
    label = _(label) if label else _("Token")
    k = state.key(page, name)
    T = len(tokens)
    v = st.session_state.get(k, 0)
    st.session_state[k] = min(max(int(v) if isinstance(v, int) else 0, 0), T - 1)
    if T == 1:
        st.caption(
            _("{label}: 1 of 1 («{token}»)").format(label=label, token=ui.md_escape(tokens[0]))
        )
        return 0
    return st.select_slider(
        label,
        options=list(range(T)),
        key=k,
        format_func=lambda t: f"{t + 1}: {tokens[t]}",
        help=_("Move along the sentence; every chart on the page follows."),
    )


def models_of(task: str, cells: tuple[str, ...] = ("rnn", "lstm", "gru")) -> dict[str, str]:
    """The shipped ``<task>-<cell>`` models that exist, cell → name, in ``cells`` order."""
    names = set(cache.model_names())
    return {c: f"{task}-{c}" for c in cells if f"{task}-{c}" in names}


def model_and_trace(page: str, names: list[str], accept: Callable | None = None):
    """A model picker and a sentence box side by side; (meta, the trace or None); (None,
    None) when the chosen model cannot be opened (the picker said why)."""
    c1, c2 = st.columns([2, 3])
    below = st.container()  # a full-width note under the row, if the model cannot be opened
    with c1:
        meta = model_select(page, names, accept=accept, note_at=below)
    with c2:
        text = text_box(page, _("Sentence"))
    if meta is None:
        return None, None
    return meta, (trace_or_note(meta.name, text) if text else None)


def file_uploader(where, label: str, types: list[str], key: str, **kwargs):
    """``st.file_uploader`` whose own words follow the session's language.

    Streamlit (1.67) writes the dropzone's button ("Upload"), its line "20MB per file •
    PT, PTH" and the notice over it while a file is dragged onto it ("Drag and drop a file
    here") in English, and has no option for them. In another language a scoped style (the
    widget's ``key`` names its container) hides those and shows ours in their place: the
    button's word, the limit from the server's own cap (``server.maxUploadSize``) with the
    accepted types, the drag notice; an uploaded file's size (``0.8KB``) is left out.
    English: untouched.
    """
    up = where.file_uploader(label, type=types, key=key, **kwargs)
    if i18n.current() != i18n.SOURCE:
        limit = _("Up to {mb} MB per file • {types}").format(
            mb=st.get_option("server.maxUploadSize"), types=", ".join(t.upper() for t in types)
        )
        many = kwargs.get("accept_multiple_files")
        drag = _("Drag and drop files here") if many else _("Drag and drop a file here")
        where.html(_uploader_style(key, _("Upload"), limit, drag))
    return up


def _css_text(text: str) -> str:
    """``text`` as a CSS string: quoted, backslashes and quotes escaped, no line breaks."""
    return '"' + re.sub(r'[\\"\n]', lambda m: "\\" + format(ord(m.group()), "x") + " ", text) + '"'


def _uploader_style(key: str, button: str, limit: str, drag: str) -> str:
    box = ".st-key-" + re.sub(r"[^A-Za-z0-9_-]", "-", key) + ' [data-testid="stFileUploader"]'
    label = f'{box} [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"]'
    line = f'{box} [data-testid="stFileUploaderDropzoneInstructions"]'
    # while a file is dragged over, the dropzone's first child after its <input> is a notice
    # (a <div> around one <span>, no data-testid of its own); otherwise that place holds
    # the button's <div>, which the :not(:has(button)) keeps out
    notice = f'{box} [data-testid="stFileUploaderDropzone"] > input + div:not(:has(button)) > span'
    return (
        "<style>"
        f"{label} p {{display: none}}"
        f"{label}::after {{content: {_css_text(button)}}}"
        f"{line} span {{display: none}}"
        f"{line} > div::after {{content: {_css_text(limit)}; font-size: 0.875rem}}"
        f'{box} [data-testid="stFileChipName"] + div {{display: none}}'
        f"{notice} {{font-size: 0}}"
        f"{notice}::after {{content: {_css_text(drag)}; font-size: 0.875rem}}"
        "</style>"
    )
