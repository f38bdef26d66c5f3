"""The explorer: pick a model, type a sentence, step through it and watch the network read.

Top to bottom, what a student sees: what this page is → model → sentence (or an example) →
the per-step cell view (diagram, lamps, formula, prediction bars) with its controls →
one chart: the answer after every prefix over the heatmap of a state or gate →
downloads and the link to this view, each behind a button.
"""

from __future__ import annotations

from urllib.parse import urlencode

import cache
import real_text
import state
import streamlit as st
import ui
import widgets

from rnnviz import figures
from rnnviz.export import export

try:  # the per-step component is built alongside; the page works without it
    from components.cell_view import cell_view
except Exception:  # missing or half-written (its files are read at import)
    ui.log.warning("cell view component unavailable; showing a step slider", exc_info=True)
    cell_view = None

INTRO = (
    "A recurrent network reads a sentence **one token at a time** and carries a **state** "
    "(a list of numbers) from each token to the next. Pick a model, type a sentence, then "
    "step through it: the diagram shows the numbers inside the cell at the current token, "
    "and the charts below show every unit at every token."
)


def main() -> None:
    state.apply_teacher_style()
    st.title("Watch a recurrent network read")
    widgets.intro(INTRO)
    names = cache.model_names()
    if not names:
        st.info(
            "No models are installed yet. Train or copy one into `assets/` (see the README) "
            "and reload this page."
        )
        return
    state.load_url(names, default_model=_default(names))
    notes = state.notices()
    left, right = st.columns([2, 3])
    with left:
        meta = model_picker(names)
    with right:
        text = sentence_box(meta)
    examples(meta)
    tr = read(meta, text)
    if tr is None:
        state.save_url(state.view(), {"text"})
        _show_notes(notes)
        return
    notes += fit_view(meta, tr)
    _show_notes(notes)
    if state.hidden("controls"):  # teacher mode: the view as the link set it, no knobs
        order, order_label = (
            ("change" if st.session_state.get("order") == "change" else "index"),
            "",
        )
    else:
        order, order_label = ui.cell_controls(meta, cache.ranking)
    step = step_view(meta, tr, order, order_label)
    if state.hidden("charts"):
        chart, row = None, st.container()
    else:
        chart, row = charts(meta, tr, step)
    state.save_url(state.view(), applicable=_applicable(meta))
    with row:  # drawn above the chart, filled now that the URL is final
        take_away(meta, tr, step, chart)


def _default(names: list[str]) -> str:
    return next((n for n in ("sentiment-lstm", "agreement-lstm") if n in names), names[0])


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


def model_picker(names: list[str]):
    metas = {}
    for n in names:
        try:
            metas[n] = cache.meta(n)
        except Exception:  # one broken checkpoint must not take the others down
            ui.log.exception("model %s cannot be loaded; leaving it out", n)
    # grouped: real-text models first, then the made-up tasks; each task's models together
    if not metas:
        st.error("None of the installed models could be loaded; see the server log.")
        st.stop()
    grp = {n: real_text.group(m.task) for n, m in metas.items()}
    ordered = sorted(metas, key=lambda n: (grp[n] != "real", metas[n].task, n))
    if st.session_state.get("model") not in metas:
        st.session_state["model"] = ordered[0]
    name = st.selectbox(
        "Model",
        ordered,
        key="model",
        format_func=lambda n: f"{real_text.GROUPS[grp[n]]} · {ui.model_label(metas[n])}",
        help="\n\n".join(real_text.GROUP_LINES[g] for g in sorted(set(grp.values()))),
    )
    meta = metas[name]
    st.caption(ui.md_escape(real_text.GROUP_LINES[grp[name]]))
    about = ui.md_escape(meta.description)
    if meta.accuracy is not None:
        score = f"{ui.percent(meta.accuracy)} ({meta.accuracy_metric})"
        about += " Held-out score: " + ui.md_escape(score)
    st.caption(about)
    return meta


def examples(meta) -> None:
    chosen = cache.examples(meta.task) or real_text.EXAMPLES.get(meta.task, [])
    if chosen:
        # a pill's value goes straight into the text box; the pill itself keeps no state
        st.pills(
            "Or click an example",
            chosen,
            key="example",
            on_change=_use_example,
            help="Sentences picked to show the lesson's points with this model's task.",
        )


def sentence_box(meta) -> str:
    what = "characters" if meta.tokenizer == "char" else "words"
    text = st.text_input(
        f"Sentence (reads {what}; up to {state.MAX_CHARS} characters)",
        key="text",
        placeholder="type a sentence and press Enter",
    )
    n = len(text)
    st.caption(f"{n}/{state.MAX_CHARS}" + (" — too long" if n > state.MAX_CHARS else ""))
    return text


def _use_example() -> None:
    ex = st.session_state.get("example")
    if ex:
        st.session_state["text"] = ex
        st.session_state["step"] = 0
    st.session_state["example"] = None


def read(meta, text: str):
    """The trace of the sentence, or None with a friendly message about why not."""
    empty = "Type a sentence above (or click an example) to see the network read it."
    if widgets.checked_text(text, empty) is None:
        return None
    tr = widgets.trace_or_note(meta.name, text)
    if tr is None:
        return None
    if any(tr.unknown):
        unknown = sorted({t for t, u in zip(tr.tokens, tr.unknown) if u})
        st.caption(
            "Not in this model's vocabulary (read as “unknown”): "
            + ", ".join(ui.md_escape(t) for t in unknown[:12])
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
    st.warning(
        f"This model has not seen {'most' if share > 0.5 else 'many'} of these words "
        f"({sum(tr.unknown)} of "
        f"{len(tr.unknown)} are unknown to it), so its answer means little here.",
        icon=":material/help:",
    )
    alt = real_text.twin(meta.name, meta.task, meta.cell, cache.model_names())
    if alt is not None and alt != meta.name:
        st.button(
            f"Read it with {alt}, trained on real text",
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
    state.clamp("step", 0, len(tr) - 1, "Step", out)
    state.clamp("unit", 0, meta.units - 1, "Unit", out)
    state.clamp("layer", 0, meta.layers - 1, "Layer", out)
    state.clamp("direction", 0, meta.directions - 1, "Direction", out)
    state.choose("show", figures.quantities(tr), default="cell")
    if meta.properties:
        state.choose("property", list(meta.properties))
    return out


def step_view(meta, tr, order, order_label: str) -> int:
    """The per-step cell view (component); a plain slider stands in until it is there."""
    ss = st.session_state
    step = ss["step"]
    if cell_view is not None:
        p = cache.payload(
            meta.name,
            tr.text,
            ss["layer"],
            ss["direction"],
            ss["unit"],
            float(ss["threshold"]),
            order or "index",
            order_label,
        )
        got = cell_view(dict(p, step=step, large=state.large()), key="cell_view")
        ss["step"] = int(min(max(got if isinstance(got, int) else step, 0), len(tr) - 1))
        return ss["step"]
    if len(tr) > 1:
        return st.slider(
            "Step (token)",
            0,
            len(tr) - 1,
            key="step",
            help="Move along the sentence one token at a time.",
        )
    return 0


def charts(meta, tr, step: int):
    """One chart: the answer after every prefix over every unit at every token.

    Returns ((the chart's view, quantity), the place under the picker for the take-away
    buttons).
    One figure, not two: the columns line up under one cursor, and Streamlit draws a chart
    afresh whenever its figure changes, so a second chart was a second redraw per sentence
    (benchmarks/app_speed.py). For the same reason the step is not in the figure when the
    cell view is there: the cell view moves the chart's cursor in the browser, also while
    playing, and a step leaves the chart as it is.
    """
    st.subheader("Every unit at every token")
    st.caption(
        "Top: the model's answer after each token. Below: rows are units, columns are tokens. "
        "The outlined column is the current step and the outlined row the chosen unit; "
        "hover a cell to read its value."
    )
    quantity = st.radio(
        "Show",
        figures.quantities(tr),
        key="show",
        horizontal=True,
        format_func=lambda q: figures.label(tr, q),
    )
    row = st.container()
    ss = st.session_state
    follow = cell_view is not None
    view = (meta.name, tr.text, quantity, ss["layer"], ss["unit"])
    ui.chart(cache.reading(*view, None if follow else step), key="reading")
    return (view, quantity), row


def take_away(meta, tr, step: int, chart) -> None:
    """Downloads and the link to this view, each behind a button.

    A popover's contents are drawn only when it is opened, so an ordinary rerun (every new
    sentence) does not redraw five download buttons and a code block nobody looks at.
    """
    # a row of buttons as wide as their labels: the teacher's large type must not clip them
    with st.container(horizontal=True, gap="medium"):
        if not state.hidden("downloads"):
            with st.popover("Download", icon=":material/download:", width="content"):
                downloads(meta, tr, step, chart)
        with st.popover("Share this view", icon=":material/link:", width="content"):
            share_link()


def downloads(meta, tr, step: int, chart) -> None:
    """The trace (every number for this sentence) and the chart, made only on click."""
    st.caption("Every number for this sentence, for a notebook or a spreadsheet:")
    stem = f"{meta.name}-{ui.safe_filename(tr.text)}"
    items = [
        ("Trace as CSV", f"{stem}.csv", "text/csv", lambda: export(tr, "csv")),
        ("Trace as JSON", f"{stem}.json", "application/json", lambda: export(tr, "json")),
        ("Trace as NPZ", f"{stem}.npz", "application/octet-stream", lambda: export(tr, "npz")),
    ]
    if chart is not None:
        view, quantity = chart

        def image(fmt: str) -> bytes:  # with the cursor where the page shows it
            return figures.image(cache.reading_image(*view, step), fmt)

        items += [
            ("Chart as PNG", f"{stem}-{quantity}.png", "image/png", lambda: image("png")),
            ("Chart as SVG", f"{stem}-{quantity}.svg", "image/svg+xml", lambda: image("svg")),
        ]
    ui.downloads(items, key="take", stacked=True)


def share_link() -> None:
    st.caption(
        "The address bar holds this whole view (model, sentence, step, unit…). Copy it, "
        "or this link, to show someone exactly what you see."
    )
    base = st.context.url or ""
    st.code(f"{base}?{urlencode(st.query_params.to_dict())}", language=None, wrap_lines=True)


ui.guard(main)
