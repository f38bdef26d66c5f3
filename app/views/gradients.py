"""Vanishing gradients: how much the final answer still feels each earlier word.

Storyboard: what this page shows → a task and a sentence → the gradient of the final output
with respect to each token (plain RNN, LSTM and GRU on one log-scale chart, in plain words:
"1 part in a million") → what to notice (and the honest caveat when the curves disagree) →
who learned to remember: accuracy by distance of the ``long_range_far`` models (trained on
gaps of 10+ words: the plain RNN fails) beside the ``long_range`` ones (gaps of 1..80: all
three learn) → gate saturation over the sentence or over 100 task examples.
"""

from __future__ import annotations

import math

import cache
import glossary
import state
import streamlit as st
import ui
import widgets
from i18n import N_, _, ngettext, number, said

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
# Trained on gaps of 1..80 words (NEAR) all three learn, but the plain RNN's feeling of the
# first word is tiny (1 part in 100 billion on the default sentence): the gradient chart's
# default. Trained only on gaps of 10+ (FAR) the plain RNN never learns: the distance charts.
FAR, NEAR = "long_range_far", "long_range"
SPEC = {
    "task": state.Param(NEAR),
    "text": state.Param(DEFAULT_TEXT, max_len=state.MAX_CHARS * 3),
    "wrt": state.Param("input", choices=("input", "hidden")),
    "log": state.Param(True, kind=bool),
    "over": state.Param("sentence", choices=("sentence", "sample")),
}


# CELL_NAMES (rnnviz.model_card, app/ui.py) name the models on these pages and in their charts'
# legends; they are shown through _(), and the one of them with words is marked here
_CELL_WORDS = (N_("plain RNN"),)

# The tasks as a student reads them in the picker (the URL keeps the task's name).
TASK_LABELS = {
    "long_range": N_("Gaps of 1–80 words"),
    "long_range_far": N_("Gaps of 10–80 words"),
}


def _task_changed() -> None:
    """A new task brings one of its own (longest) example sentences."""
    ss = st.session_state
    ex = cache.examples(ss[state.key(PAGE, "task")])
    if ex:
        ss[state.key(PAGE, "text")] = max(ex, key=len)[: state.MAX_CHARS]


def roomy(fig, height: int):
    """A horizontal legend above the plot (``ui.chart`` gives it a row under the title)."""
    fig.update_layout(
        height=height,
        title=dict(font=dict(size=17)),
        legend=dict(orientation="h", x=0, xanchor="left", y=1.02, yanchor="bottom"),
    )
    return fig


def in_words(fig, which: str, log: bool):
    """The gradient chart in words a student reads: "how much the answer still feels each
    word", ticks and hover as "1 in a million" instead of 10⁻⁶."""
    fig.update_layout(
        title_text=_("How much the final answer still feels each word")
        if which == "input"
        else _("How much the final answer still feels the memory (hidden state h) at each word")
    )
    for tr in fig.data:
        tr.text = [glossary.plain_share(float(y)) for y in tr.y]
        tr.hovertemplate = f"{tr.name}<br>«%{{customdata}}»: %{{text}}<extra></extra>"
    if log:
        low = min(float(min(tr.y)) for tr in fig.data) if fig.data else 1e-3
        deepest = max(1, math.ceil(-math.log10(max(low, 1e-12))))
        step = 1 if deepest <= 6 else 3 if deepest <= 18 else 6
        powers = list(range(0, deepest + 1, step))
        fig.update_yaxes(
            tickvals=[10.0**-p for p in powers],
            ticktext=[glossary.tick_words(p) for p in powers],
            title_text=_("how much it is felt"),
        )
    else:
        fig.update_yaxes(tickformat=".0%", title_text=_("share of the most felt"))
    return fig


def far_summary(far: dict[str, dict]) -> str:
    """One sentence with the far models' accuracy at the longest gaps, in plain numbers."""
    parts = []
    for name, acc in far.items():
        long = [v for d, v in acc.items() if float(d) >= 20]
        if long:
            share = number(100 * sum(long) / len(long), 0) + "%"
            parts.append(_("the {model} **{share}**").format(model=_(name), share=share))
    if not parts:
        return ""
    return _(
        "Trained only on gaps of 10 words or more, right answers with 20 to 80 words "
        "between: {results} (guessing gets {guess})."
    ).format(results=", ".join(parts), guess=number(50, 0) + "%")


def get_text() -> str:
    return st.session_state.get(state.key(PAGE, "text")) or ""


def notice(g: dict[str, Gradients], which: str) -> str:
    """Two sentences: what to notice, and the caveat if this sentence shows something else."""
    first = {n: float(x.relative(which)[0]) for n, x in g.items()}
    tokens = next(iter(g.values())).tokens
    nums = "; ".join(f"{n}: {glossary.plain_share(v)}" for n, v in first.items())
    text = ngettext(
        "**What to notice:** each line shows how much the final answer still feels each word: "
        "how much it would change if that word were nudged a little, compared with the word it "
        "feels most. A line that falls towards the left means the early words are hardly felt, "
        "and a network cannot learn from a word it cannot feel (this feeling is the "
        "*gradient* that training follows). Here, the first of {n} word, "
        "«{word}», is felt at: {nums}.",
        "**What to notice:** each line shows how much the final answer still feels each word: "
        "how much it would change if that word were nudged a little, compared with the word it "
        "feels most. A line that falls towards the left means the early words are hardly felt, "
        "and a network cannot learn from a word it cannot feel (this feeling is the "
        "*gradient* that training follows). Here, the first of {n} words, "
        "«{word}», is felt at: {nums}.",
        len(tokens),
    ).format(n=len(tokens), word=ui.md_escape(tokens[0]), nums=nums)
    plain = _(CELL_NAMES["rnn"])
    rnn = first.get(plain)
    gated = [v for n, v in first.items() if n != plain]
    if rnn is not None and gated and rnn >= min(gated):
        text += " " + _(
            "**But:** on this sentence the plain RNN is not the lowest at the start. This is "
            "measured on one sentence, for trained models that may have learned to ignore some "
            "early words (and a short sentence has few steps to shrink over). Try a longer "
            "sentence, or the memory (state h)."
        )
    return text


def main() -> None:
    state.apply_teacher_style()
    st.title(_("Vanishing gradients"))
    widgets.intro(
        _(
            "Can a network still remember a word it read long ago? Here the **first word "
            "decides** the answer (“great …” is positive, “awful …” negative) and every later "
            "word is filler. We ask a plain RNN, an LSTM and a GRU trained on it: **how much "
            "does the answer still feel the first word?** In a plain RNN that feeling shrinks "
            "at every step back, so a far word is hard to learn from; the LSTM and GRU have "
            "gates that keep a path open."
        )
    )
    state.bind(PAGE, SPEC)
    task_names = [t for t in tasks.names() if len(widgets.models_of(t)) >= 2]
    if not task_names:
        st.info(_("This page needs at least two of the rnn / lstm / gru models of one task."))
        return
    tkey = state.key(PAGE, "task")
    if st.session_state.get(tkey) not in task_names:
        st.session_state[tkey] = next((t for t in (NEAR, FAR) if t in task_names), task_names[0])
    if st.session_state[tkey] not in (FAR, NEAR) and get_text() == DEFAULT_TEXT:
        _task_changed()  # a link to another task without a sentence: use one of its own
    c1, c2 = st.columns([1, 3])
    task = c1.selectbox(
        _("Task"),
        task_names,
        key=tkey,
        on_change=_task_changed,
        format_func=lambda t: _(TASK_LABELS[t]) if t in TASK_LABELS else t.replace("_", " "),
        help=_(
            "The plain RNN, LSTM and GRU trained on this task are compared. “Gaps of "
            "1–80 words”: the first word decides the answer and 1 to 80 filler words follow it; "
            "“10–80”: always at least 10."
        ),
    )
    with c2:
        text = widgets.text_box(PAGE, _("Sentence"))
    models = widgets.models_of(task)
    if not state.hidden("controls"):
        c3, c4, c5 = st.columns([2, 1, 2])
        c3.segmented_control(
            _("How much the answer feels"),
            ["input", "hidden"],
            key=state.key(PAGE, "wrt"),
            format_func=lambda w: (
                _("each word (input x)") if w == "input" else _("the memory (state h)")
            ),
            required=True,
            help=_(glossary.TERMS["gradient"]),
        )
        c4.toggle(
            _("Log scale"),
            key=state.key(PAGE, "log"),
            help=_(
                "Each step down the chart is 10 times smaller, so both “half” and “1 part in "
                "a billion” fit on one chart."
            ),
        )
        c5.segmented_control(
            _("Gates counted over"),
            ["sentence", "sample"],
            key=state.key(PAGE, "over"),
            format_func=lambda o: (
                _("this sentence")
                if o == "sentence"
                else ngettext("{n} example", "{n} examples", cache.SATURATION_SAMPLE).format(
                    n=cache.SATURATION_SAMPLE
                )
            ),
            required=True,
        )
    which = st.session_state[state.key(PAGE, "wrt")] or "input"
    log = bool(st.session_state[state.key(PAGE, "log")])
    over = st.session_state[state.key(PAGE, "over")] or "sentence"

    g: dict[str, Gradients] = {}
    if text:
        for cell, name in models.items():
            try:
                g[_(CELL_NAMES[cell])] = cache.grads(name, text)
            except rnnviz.TraceInputError as e:
                st.info(ui.md_escape(said(e)), icon=":material/edit:")
                g = {}
                break
    if g and not state.hidden("charts"):
        fig = in_words(gradient_chart(g, which=which, log=log), which, log)
        ui.chart(roomy(fig, 420), key="grad-chart")
    if g:
        st.markdown(notice(g, which))
    distance_section()
    gated = {c: n for c, n in models.items() if c != "rnn"}
    if gated and not state.hidden("charts"):
        shares: dict[str, dict] = {}
        if over == "sample":
            for c, n in gated.items():
                shares[_(CELL_NAMES[c])] = cache.sample_saturation(n, task)
        elif text:
            for c, n in gated.items():
                tr = widgets.trace_or_note(n, text)
                if tr is None:
                    break
                shares[_(CELL_NAMES[c])] = saturation([tr])
        if shares:
            st.subheader(_("How the gates keep a path open"))
            fig = saturation_chart(shares)
            fig.update_layout(title_text=_("Gates fully shut or fully open"))
            fig.update_yaxes(title_text=_("share of all gate values"))
            ui.chart(roomy(fig, 400), key="grad-saturation")
            st.caption(
                _(
                    "A gate is a dial from 0 (shut) to 1 (open). A forget gate (LSTM) or update "
                    "gate (GRU) near 1 copies the memory forward almost unchanged: that copy is "
                    "the path the training signal travels back along without shrinking. The "
                    "plain RNN has no gates."
                )
            )
    state.save(PAGE, SPEC)


def distance_section() -> None:
    """Accuracy by distance: the far models (the plain RNN fails) beside the 1..80 ones."""
    far, near = cache.distance_curves(FAR), cache.distance_curves(NEAR)
    if state.hidden("charts") or not (far or near):
        return
    st.subheader(_("Who learned to remember?"))
    summary = far_summary(far)
    if summary:
        st.markdown(summary)
    cols = st.columns(2) if far and near else [st.container()]
    for col, (curves, title, key, note) in zip(
        cols,
        [
            (
                far,
                _("Trained only on gaps of 10+ words"),
                "grad-distance-far",
                _(
                    "No training sentence had fewer than 10 filler words. The plain RNN's "
                    "training signal reached the first word too weak to learn from, so it "
                    "guesses; the LSTM and GRU learned to carry the first word across (2 and 5 "
                    "are shorter than anything they trained on)."
                ),
            ),
            (
                near,
                _("Trained on gaps of 1 to 80 words"),
                "grad-distance",
                _(
                    "With short sentences in training, whose strong signal does reach the first "
                    "word, even the plain RNN learns to hold it, and then holds it to any "
                    "distance (it just learns later than the LSTM and GRU)."
                ),
            ),
        ],
    ):
        if not curves:
            continue
        fig = distance_chart({_(name): acc for name, acc in curves.items()})
        fig.update_layout(title_text=title)
        fig.update_yaxes(range=[0, 1.05], title_text=_("right answers"))
        fig.update_xaxes(title_text=_("filler words between the first word and the end"))
        ui.chart(roomy(fig, 400), key=key, where=col)
        col.caption(note)
    st.caption(
        _(
            "Measured on 500 new sentences per gap that no model saw while learning (from the "
            "models' cards). The dotted line is guessing: {guess}."
        ).format(guess=number(50, 0) + "%")
    )


ui.guard(main)
