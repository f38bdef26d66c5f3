"""Vanishing gradients: how much the final answer depends on each earlier token.

Storyboard: what this page shows → a task and a sentence → the gradient of the final output
with respect to each token (plain RNN, LSTM and GRU on one log-scale chart) beside the
accuracy-by-distance curves of the long_range models → gate saturation over the sentence or
over 100 task examples → what to notice (and the honest caveat when the curves disagree).
"""

from __future__ import annotations

import cache
import state
import streamlit as st
import ui
import widgets

import rnnviz
from rnnviz import tasks
from rnnviz.analysis.gradients import Gradients, saturation
from rnnviz.figures.analyses import distance_chart, gradient_chart, saturation_chart
from rnnviz.model_card import CELL_NAMES

PAGE = "gradients"
DEFAULT_TEXT = (
    "lovely the a table window river seven blue green chair walked then paper clock stone "
    "after under road cloud city door"
)
SPEC = {
    "task": state.Param("long_range"),
    "text": state.Param(DEFAULT_TEXT, max_len=state.MAX_CHARS * 3),
    "wrt": state.Param("input", choices=("input", "hidden")),
    "log": state.Param(True, kind=bool),
    "over": state.Param("sentence", choices=("sentence", "sample")),
}


def _task_changed() -> None:
    """A new task brings one of its own (longest) example sentences."""
    ss = st.session_state
    ex = cache.examples(ss[state.key(PAGE, "task")])
    if ex:
        ss[state.key(PAGE, "text")] = max(ex, key=len)[: state.MAX_CHARS]


def roomy(fig, height: int):
    """Title on its own line, legend under it: nothing overlaps at half the page's width."""
    fig.update_layout(
        height=height,
        margin=dict(t=100),
        title=dict(y=0.97, yref="container", yanchor="top", font=dict(size=17)),
        legend=dict(x=0, xanchor="left", y=1.02, yanchor="bottom"),
    )
    return fig


def get_text() -> str:
    return st.session_state.get(state.key(PAGE, "text")) or ""


def notice(g: dict[str, Gradients], which: str) -> str:
    """Two sentences: what to notice, and the caveat if this sentence shows something else."""
    first = {n: float(x.relative(which)[0]) for n, x in g.items()}
    T = len(next(iter(g.values())).tokens)
    nums = ", ".join(f"{n} {v:.1e}" for n, v in first.items())
    text = (
        "**What to notice:** each line is how much the final answer changes when one token's "
        "input is nudged, relative to the token that matters most; a line that falls towards "
        "the left means the error signal hardly reaches the early tokens, and a model cannot "
        f"learn links it cannot feel. Here, at the first of {T} tokens: {nums}."
    )
    rnn = first.get("plain RNN")
    gated = [v for n, v in first.items() if n != "plain RNN"]
    if rnn is not None and gated and rnn >= min(gated):
        text += (
            " **Caveat:** on this sentence the plain RNN is not the lowest at the start: a "
            "gradient is measured on one sentence, for trained models that may have learned "
            "to ignore some early words (or, on a short sentence, had few steps to shrink). "
            "Try a longer sentence, and compare with the gradient on the state h."
        )
    return text


def main() -> None:
    state.apply_teacher_style()
    st.title("Vanishing gradients")
    widgets.intro(
        "How much the model's final answer depends on each earlier token, for a plain RNN, an "
        "LSTM and a GRU trained on the same task. In a plain RNN the signal shrinks at every "
        "step back, so early tokens are hard to learn from; the gated cells keep a path open."
    )
    state.bind(PAGE, SPEC)
    task_names = [t for t in tasks.names() if len(widgets.models_of(t)) >= 2]
    if not task_names:
        st.info("This page needs at least two of the rnn / lstm / gru models of one task.")
        return
    tkey = state.key(PAGE, "task")
    if st.session_state.get(tkey) not in task_names:
        st.session_state[tkey] = "long_range" if "long_range" in task_names else task_names[0]
    if st.session_state[tkey] != "long_range" and get_text() == DEFAULT_TEXT:
        _task_changed()  # a link to another task without a sentence: use one of its own
    c1, c2 = st.columns([1, 3])
    task = c1.selectbox(
        "Task",
        task_names,
        key=tkey,
        on_change=_task_changed,
        help="The plain RNN, LSTM and GRU trained on this task are compared.",
    )
    with c2:
        text = widgets.text_box(PAGE, "Sentence")
    models = widgets.models_of(task)
    if not state.hidden("controls"):
        c3, c4, c5 = st.columns([2, 1, 2])
        c3.segmented_control(
            "Gradient with respect to",
            ["input", "hidden"],
            key=state.key(PAGE, "wrt"),
            format_func={"input": "input x", "hidden": "state h"}.get,
            required=True,
        )
        c4.toggle("Log scale", key=state.key(PAGE, "log"))
        c5.segmented_control(
            "Gate saturation over",
            ["sentence", "sample"],
            key=state.key(PAGE, "over"),
            format_func={
                "sentence": "this sentence",
                "sample": f"{cache.SATURATION_SAMPLE} examples",
            }.get,
            required=True,
        )
    which = st.session_state[state.key(PAGE, "wrt")] or "input"
    log = bool(st.session_state[state.key(PAGE, "log")])
    over = st.session_state[state.key(PAGE, "over")] or "sentence"

    g: dict[str, Gradients] = {}
    if text:
        for cell, name in models.items():
            try:
                g[CELL_NAMES[cell]] = cache.grads(name, text)
            except rnnviz.TraceInputError as e:
                st.info(ui.md_escape(str(e)), icon=":material/edit:")
                g = {}
                break
    if g and not state.hidden("charts"):
        fig = gradient_chart(g, which=which, log=log)
        ui.chart(roomy(fig, 420), key="grad-chart")
    if g:
        st.markdown(notice(g, which))
    left, right = st.columns(2)
    curves = cache.distance_curves()
    if curves and not state.hidden("charts"):
        fig = distance_chart(curves)
        fig.update_yaxes(range=[0, 1.05])
        ui.chart(roomy(fig, 400), key="grad-distance", where=left)
        left.caption(
            "From the long_range model cards (held-out examples): the first word sets the "
            "label, and the model must carry it past this many other words. Trained on gaps of "
            "1 to 80 words, all three learn every distance (the plain RNN later in training). "
            "Trained only on gaps of 10 or more, the plain RNN never learned at all while the "
            "LSTM and GRU did: without short examples its error signal never reaches the first "
            "word."
        )
    right = right if curves else st.container()

    gated = {c: n for c, n in models.items() if c != "rnn"}
    if gated and not state.hidden("charts"):
        shares: dict[str, dict] = {}
        if over == "sample":
            for c, n in gated.items():
                shares[CELL_NAMES[c]] = cache.sample_saturation(n, task)
        elif text:
            for c, n in gated.items():
                tr = widgets.trace_or_note(n, text)
                if tr is None:
                    break
                shares[CELL_NAMES[c]] = saturation([tr])
        if shares:
            fig = saturation_chart(shares)
            fig.update_layout(title_text="Gates fully shut or fully open")
            ui.chart(roomy(fig, 400), key="grad-saturation", where=right)
            right.caption(
                "A forget (LSTM) or update (GRU) gate near 1 copies the state forward almost "
                "unchanged: that copy is the path the gradient travels back along without "
                "shrinking. The plain RNN has no gates."
            )
    state.save(PAGE, SPEC)


ui.guard(main)
