"""The explorer: pick a model, type a sentence, step through it and watch the network read.

Top to bottom, what a student sees: what this page is → model → sentence (or an example) →
the per-step cell view (diagram, lamps, formula, prediction bars) with its controls →
one chart: the answer after every prefix over the heatmap of a state or gate →
downloads and the link to this view, each behind a button.
"""

from __future__ import annotations

from urllib.parse import urlencode

import cache
import glossary
import i18n
import real_text
import session_models
import state
import streamlit as st
import ui
import widgets
from components.cell_view import cell_view_text
from i18n import N_, _, ngettext

from rnnviz import figures
from rnnviz.export import export

INTRO = N_(
    "A recurrent network reads a sentence **one token at a time** and carries a **state** "
    "(a list of numbers) from each token to the next. Pick a model, type a sentence, then "
    "step through it: the diagram shows the numbers inside the cell at the current token, "
    "and the charts below show every unit at every token."
)


def main() -> None:
    state.apply_teacher_style()
    # on a projector the first screen is the sentence, the step bar and the cell: what this
    # page is, the model and the examples fold away (one click to open)
    teacher = state.large()
    st.title(_("Watch a recurrent network read"))
    if not teacher:
        widgets.intro(_(INTRO))
    (names, broken), mine = cache.listing(), session_models.names()
    if not names and not mine and not broken:
        st.info(
            _(
                "No models are installed yet. Train or copy one into `assets/` (see the README) "
                "and reload this page."
            )
        )
        return
    default = _default(names or mine or list(broken))
    spec = state.explorer_spec(mine + names + list(broken), default_model=default)
    foreign = session_models.foreign(st.query_params.get("model"))
    if state.bind("", spec):  # a link from outside: keep its step for its sentence
        ss = st.session_state
        ss["_last_read"] = (ss["model"], ss["text"])
        ss["_unit_from_link"] = "unit" in st.query_params  # else the flag's best unit

    notes = state.notices()
    if foreign:  # not "there is no model called …": say why, once
        notes = [_(session_models.LINK_NOTE).format(default=default), *notes[1:]]
    if teacher:
        top = st.container()
        with st.expander(_("Model, examples and what this page shows"), icon=":material/tune:"):
            widgets.intro(_(INTRO))
            meta = model_picker(names, mine, broken)
            if meta is not None:
                examples(meta)
        if meta is None:
            return _cannot_open(spec, notes, broken)
        with top:
            text = sentence_box(meta)
    else:
        left, right = st.columns([2, 3])
        with left:
            meta = model_picker(names, mine, broken)
        if meta is None:
            return _cannot_open(spec, notes, broken)
        with right:
            text = sentence_box(meta)
        examples(meta)
    tr = read(meta, text)
    if tr is None:
        state.save("", spec, applicable={"text"})
        _show_notes(notes)
        return
    notes += fit_view(meta, tr)
    _show_notes(notes)
    prop, ranked, calibrated = lamps(meta)
    if state.hidden("controls"):  # teacher mode: the view as the link set it, no knobs
        order = st.session_state.get("order")
        if order == "flag" and ranked:
            order, order_label = tuple(r["unit"] for r in ranked), _("best flag first")
        else:
            order, order_label = ("change" if order == "change" else "index"), ""
    elif teacher:
        with st.expander(_("Unit, lamp order and flag"), icon=":material/tune:"):
            order, order_label = ui.cell_controls(meta, ranked, calibrated)
    else:
        order, order_label = ui.cell_controls(meta, ranked, calibrated)
    step = step_view(meta, tr, order, order_label, prop)
    if state.hidden("charts"):
        chart, row = None, st.container()
    else:
        chart, row = charts(meta, tr)
    state.save("", spec, applicable=_applicable(meta), keep={"unit"} if prop else set())
    with row:  # drawn above the chart, filled now that the URL is final
        take_away(meta, tr, step, chart)


def _default(names: list[str]) -> str:
    """The model a page opens with: in the interface's language, where we have one (its
    examples are then in that language too), else the English sentiment LSTM."""
    own = f"agreement_{i18n.current()}-lstm"
    preferred = (own, "sentiment-lstm", "agreement-lstm")
    return next((n for n in preferred if n in names), names[0])


def _show_notes(notes: list[str]) -> None:
    for n in notes:
        st.info(ui.md_escape(n), icon=":material/info:")


def _applicable(meta) -> set[str]:
    keys = {"text", "step", "unit", "threshold", "order", "show"}
    if meta.layers > 1:
        keys.add("layer")
    if meta.directions > 1:
        keys.add("direction")
    if meta.properties and meta.cell != "bag":
        keys.add("property")
    return keys


def _cannot_open(spec, notes: list[str], broken: dict[str, str]) -> None:
    """The chosen model's folder cannot be opened: say why, keep the link, draw nothing else."""
    _show_notes(notes)
    name = st.session_state["model"]
    widgets.not_loadable(name, broken.get(name, ""))
    state.keep("", spec)
    state.save("", spec, applicable=set())


def model_picker(names: list[str], mine: list[str], broken: dict[str, str]):
    """The model picker, grouped: this session's own models, real text, made-up tasks, and
    the installed folders that cannot be opened (marked). The model's meta, or None for one
    that cannot be opened."""
    metas, failed = cache.metas(mine + names)
    broken.update(failed)  # the caller's dict: it shows the reason
    grp = {n: "yours" if n in mine else real_text.group(m.task) for n, m in metas.items()}
    grp.update({n: "broken" for n in broken})
    rank = {"yours": 0, "real": 1, "made-up": 2, "broken": 3}
    ordered = sorted(
        metas,  # this session's newest first, then each task's models together
        key=lambda n: (rank[grp[n]], f"{mine.index(n):03d}" if n in mine else metas[n].task, n),
    ) + sorted(b for b in broken if b not in metas)
    if st.session_state.get("model") not in ordered:
        st.session_state["model"] = ordered[0]

    def label(n: str) -> str:
        # the model first: the closed picker shows about 45 characters, and a group name
        # in front ("Made-up tasks with known flags · ") left no room for the cell type
        if n in metas:
            return f"{ui.model_label(metas[n])} · {_(real_text.GROUPS[grp[n]])}"
        return ui.broken_label(n, broken[n])

    name = st.selectbox(
        _("Model"),
        ordered,
        key="model",
        format_func=label,
        help="\n\n".join(_(real_text.GROUP_LINES[g]) for g in rank if g in set(grp.values())),
    )
    if name not in metas:
        return None
    meta = metas[name]
    st.caption(ui.md_escape(_(real_text.GROUP_LINES[grp[name]])))
    st.caption(model_about(meta))
    return meta


def model_about(meta) -> str:
    """The model's caption: what it does and its score, in the session's language (made
    where shown: ``meta`` comes from a cache shared by every session)."""
    # a shipped card's text is in the catalogs (card_text); a user's own model's, as written
    about = ui.md_escape(_(meta.description)) if meta.description else ""
    if meta.accuracy is not None:
        metric = glossary.plain_metric(meta.accuracy_metric)
        # a dash, not brackets: a measure may end in its own bracket ("(is/are, …)")
        score = ui.percent(meta.accuracy) + (f" — {metric}" if metric else "")
        about += " " + _("Score: {score}").format(score=ui.md_escape(score))
    return about


def examples(meta) -> None:
    chosen = cache.examples(meta.task) or real_text.EXAMPLES.get(meta.task, [])
    if chosen:
        # a pill's value goes straight into the text box; the pill itself keeps no state
        st.pills(
            _("Or click an example"),
            chosen,
            key="example",
            on_change=_use_example,
            help=_("Sentences picked to show the lesson's points with this model's task."),
        )


def sentence_box(meta) -> str:
    if meta.tokenizer == "char":
        label = _("Sentence (reads characters; up to {n} characters)")
    else:
        label = _("Sentence (reads words; up to {n} characters)")
    text = st.text_input(
        label.format(n=state.MAX_CHARS),
        key="text",
        placeholder=_("type a sentence and press Enter"),
    )
    n = len(text)
    if n > state.MAX_CHARS:
        count = _("{n}/{limit} — only the first part is read")
    else:
        count = "{n}/{limit}"
    st.caption(count.format(n=n, limit=state.MAX_CHARS))
    return text


def _use_example() -> None:
    ex = st.session_state.get("example")
    if ex:
        st.session_state["text"] = ex
        st.session_state["step"] = 0
    st.session_state["example"] = None


def read(meta, text: str):
    """The trace of the sentence, or None with a friendly message about why not."""
    empty = _("Type a sentence above (or click an example) to see the network read it.")
    text = widgets.checked_text(text, empty)  # cut to the limit, with a note
    if text is None:
        return None
    tr = widgets.trace_or_note(meta.name, text)
    if tr is None:
        return None
    if any(tr.unknown):
        unknown = sorted({t for t, u in zip(tr.tokens, tr.unknown) if u})
        st.caption(
            _("Not in this model's vocabulary (read as “unknown”): {words}").format(
                words=", ".join(ui.md_escape(t) for t in unknown[:12])
            )
        )
        mostly_unknown(meta, tr)
    if st.session_state.get("_last_read") != (meta.name, text):
        if st.session_state.get("_last_read") is not None:
            st.session_state["step"] = 0  # a new sentence starts at its first token
        st.session_state["_last_read"] = (meta.name, text)
    return tr


def mostly_unknown(meta, tr) -> None:
    """Say plainly when the model has not seen most of the words, and offer the real-text
    model of the same kind in one click."""
    share = sum(tr.unknown) / len(tr.unknown)
    if share <= real_text.UNKNOWN_SHARE:
        return
    if share > 0.5:
        msg = _(
            "This model has not seen most of these words ({k} of {n} are unknown to it), "
            "so its answer means little here."
        )
    else:
        msg = _(
            "This model has not seen many of these words ({k} of {n} are unknown to it), "
            "so its answer means little here."
        )
    st.warning(msg.format(k=sum(tr.unknown), n=len(tr.unknown)), icon=":material/help:")
    alt = real_text.twin(meta.name, meta.task, meta.cell, cache.model_names())
    if alt is not None and alt != meta.name:
        st.button(
            _("Read it with {model}, trained on real text").format(model=alt),
            on_click=_switch_model,
            args=(alt,),
            icon=":material/swap_horiz:",
        )


def _switch_model(name: str) -> None:
    st.session_state["model"] = name
    st.session_state["step"] = 0


def fit_view(meta, tr) -> list[str]:
    """Clamp step/unit/layer/direction/quantity to this model and sentence."""
    out: list[str] = []
    ss = st.session_state
    T, asked = len(tr), ss.get("step", 0)
    if isinstance(asked, int) and asked >= T:  # the link's step, for a longer sentence
        out.append(
            ngettext(
                "This sentence has {n} token, so there is no token {asked}; showing token {n}.",
                "This sentence has {n} tokens, so there is no token {asked}; showing token {n}.",
                T,
            ).format(n=T, asked=asked + 1)
        )
    state.clamp("step", 0, T - 1, N_("Step"), [])
    state.clamp("unit", 0, meta.units - 1, N_("Unit"), out)
    state.clamp("layer", 0, meta.layers - 1, N_("Layer"), out)
    state.clamp("direction", 0, meta.directions - 1, N_("Direction"), out)
    state.choose("show", figures.quantities(tr), default="cell")
    if meta.properties:
        state.choose("property", list(meta.properties))
    return out


def lamps(meta) -> tuple[str, list[dict], bool]:
    """The chosen property ("" if none), the units ranked by how well their lamp shows it,
    and whether every lamp has its own measured range.

    With a property chosen its best unit becomes the diagram's unit, whenever the model,
    property, layer or direction changes, unless a link set the unit.
    """
    ss = st.session_state
    prop = ss.get("property", "") if meta.properties and meta.cell != "bag" else ""
    ranked, calibrated = cache.lamp_facts(meta.name, prop, ss["layer"], ss["direction"])
    linked = "_unit_from_link" in ss
    from_link = ss.pop("_unit_from_link", False)
    key = (meta.name, prop, ss["layer"], ss["direction"])
    if ss.get("_auto_unit") != key or linked:
        ss["_auto_unit"] = key
        if ranked and not from_link:
            ss["unit"] = ranked[0]["unit"]
    return prop, ranked, calibrated


def step_view(meta, tr, order, order_label: str, prop: str = "") -> int:
    """The per-step cell view (a component that steps and plays in the browser)."""
    ss = st.session_state
    step = ss["step"]
    p = cache.payload_text(
        meta.name,
        tr.text,
        ss["layer"],
        ss["direction"],
        ss["unit"],
        float(ss["threshold"]),
        order or "index",
        order_label,
        prop,
        tr=tr,  # in hand: a new sentence's view need not unpickle it from the cache again
    )
    got = cell_view_text(p, len(tr), step, state.large(), key="cell_view")
    ss["step"] = int(min(max(got if isinstance(got, int) else step, 0), len(tr) - 1))
    return ss["step"]


def charts(meta, tr):
    """One chart: the answer after every prefix over every unit at every token.

    Returns ((the chart's view, quantity), the place under the picker for the take-away
    buttons).
    One figure, not two: the columns line up under one cursor, and Streamlit draws a chart
    afresh whenever its figure changes, so a second chart was a second redraw per sentence
    (benchmarks/app_speed.py). For the same reason the step is not in the figure when the
    cell view is there: the cell view moves the chart's cursor in the browser, also while
    playing, and a step leaves the chart as it is.
    """
    st.subheader(_("Every unit at every token"))
    st.caption(
        _(
            "Top: the model's answer after each token. Below: rows are units, columns are "
            "tokens. The outlined column is the current step and the outlined row the chosen "
            "unit; hover a cell to read its value."
        )
    )
    quantity = st.radio(
        _("Show"),
        figures.quantities(tr),
        key="show",
        horizontal=True,
        format_func=lambda q: figures.label(tr, q),
        help=glossary.explain(figures.quantities(tr)),
    )
    row = st.container()
    ss = st.session_state
    view = (meta.name, tr.text, quantity, ss["layer"], ss["unit"])
    # no cursor in it: the cell view moves it; made once per view, shared by every session
    ui.chart(cache.reading_shown(*view, state.large(), tr=tr), key="reading", ready=True)
    return (view, quantity), row


_OPEN = "_take_away_open"  # the take-away dialog now open ("download", "share"), if any


def take_away(meta, tr, step: int, chart) -> None:
    """Downloads and the link to this view, each behind a button that opens a dialog.

    What a dialog holds is made only while it is open: an ordinary rerun (a new sentence, a
    session opening) sends two buttons, not two popovers' worth of download buttons and
    captions, a tenth of the page's elements (benchmarks/load.py). Which dialog is open is
    kept in the session until it is dismissed, so that a rerun meanwhile (the cell view
    reporting the step a student just moved to) does not close it.
    """
    buttons = [("share", _("Share this view"), ":material/link:")]
    if not state.hidden("downloads"):
        buttons.insert(0, ("download", _("Download"), ":material/download:"))
    # a row of buttons as wide as their labels: the teacher's large type must not clip them
    with st.container(horizontal=True, gap="medium"):
        for which, label, icon in buttons:
            st.button(label, icon=icon, key=f"take_{which}", on_click=_open_dialog, args=(which,))
    # the dialogs' titles in this session's language: a decorator at import would keep
    # the first session's
    which = st.session_state.get(_OPEN)
    if which == "download" and not state.hidden("downloads"):
        st.dialog(_("Download"), on_dismiss=_close_dialog)(downloads)(meta, tr, step, chart)
    elif which == "share":
        st.dialog(_("Share this view"), on_dismiss=_close_dialog)(share_link)()


def _open_dialog(which: str) -> None:
    st.session_state[_OPEN] = which


def _close_dialog() -> None:
    st.session_state.pop(_OPEN, None)


def downloads(meta, tr, step: int, chart) -> None:
    """The trace (every number for this sentence) and the chart, made only on click."""
    st.caption(_("Every number for this sentence, for a notebook or a spreadsheet:"))
    stem = f"{meta.name}-{ui.safe_filename(tr.text)}"
    items = [
        (_("Trace as CSV"), f"{stem}.csv", "text/csv", lambda: export(tr, "csv")),
        (_("Trace as JSON"), f"{stem}.json", "application/json", lambda: export(tr, "json")),
        (_("Trace as NPZ"), f"{stem}.npz", "application/octet-stream", lambda: export(tr, "npz")),
    ]
    if chart is not None:
        view, quantity = chart

        def image(fmt: str) -> bytes:  # with the cursor where the page shows it
            return figures.image(cache.reading_image(*view, step), fmt)

        if ui.can_make_images():
            items += [
                (_("Chart as PNG"), f"{stem}-{quantity}.png", "image/png", lambda: image("png")),
                (
                    _("Chart as SVG"),
                    f"{stem}-{quantity}.svg",
                    "image/svg+xml",
                    lambda: image("svg"),
                ),
            ]
    ui.downloads(items, key="take", stacked=True)
    if chart is not None:
        st.caption(
            _(
                "The chart as a picture: the camera button in the chart's top-right corner "
                "(shown when the pointer is over the chart) saves it as a PNG, in your browser."
            )
        )


def share_link() -> None:
    st.caption(
        _(
            "The address bar holds this whole view (model, sentence, step, unit…). Copy it, "
            "or this link, to show someone exactly what you see."
        )
    )
    base = st.context.url or ""
    st.code(f"{base}?{urlencode(st.query_params.to_dict())}", language=None, wrap_lines=True)


ui.guard(main)
