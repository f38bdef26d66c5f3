"""RNN vs LSTM vs GRU: one sentence through the three cells of one task, side by side.

Storyboard: what this page is → task, sentence (or an example) → one step cursor →
three columns (plain RNN, LSTM, GRU), each with its held-out accuracy, its answer after
the current prefix, a heatmap of its state and its mean gate values per token → one chart
of all three answers after every prefix.
"""

from __future__ import annotations

import math

import cache
import numpy as np
import plotly.graph_objects as go
import state
import streamlit as st
import ui
import widgets
from i18n import _, ngettext, number

from rnnviz import figures

PAGE = "compare"
CELLS = ("rnn", "lstm", "gru")
# one colour, marker and dash per cell (Okabe–Ito; the marker and dash also tell them apart)
STYLE = {
    "rnn": dict(color="#0072B2", symbol="circle", dash="solid"),
    "lstm": dict(color="#E69F00", symbol="square", dash="dash"),
    "gru": dict(color="#009E73", symbol="diamond", dash="dot"),
}
SPEC = {
    "task": state.Param("sentiment"),
    "text": state.Param("the film was not good", max_len=state.MAX_CHARS * 3),
    "step": state.Param(0, kind=int, low=0, shown_from=1),
    "cls": state.Param(""),
}


def main() -> None:
    state.apply_teacher_style()
    st.title(_("RNN vs LSTM vs GRU"))
    widgets.intro(
        _(
            "The same sentence read by three models trained on the same task: a **plain RNN**, "
            "an **LSTM** and a **GRU**. Move the cursor along the sentence and compare, column "
            "by column, what each one answers, what its memory (state) holds and how its gates, "
            "dials from 0 (shut) to 1 (open), act."
        )
    )
    state.bind(PAGE, SPEC)
    tasks = [t for t in _tasks() if len(widgets.models_of(t)) == len(CELLS)]
    if not tasks:
        st.info(_("No task has all three models (plain RNN, LSTM and GRU) installed."))
        return
    ss = st.session_state
    tkey = state.key(PAGE, "task")
    if ss.get(tkey) not in tasks:
        ss[tkey] = SPEC["task"].default if SPEC["task"].default in tasks else tasks[0]
    c1, c2 = st.columns([2, 3])
    task = c1.selectbox(_("Task"), tasks, key=tkey, on_change=_new_task, format_func=_task_label)
    with c2:
        text = widgets.text_box(PAGE, _("Sentence"))
    names = widgets.models_of(task)
    examples = cache.examples(task)
    if examples and not state.hidden("controls"):
        st.pills(
            _("Or click an example"),
            examples,
            key=state.key(PAGE, "example"),
            on_change=_use_example,
        )
    traces = {c: widgets.trace_or_note(n, text) for c, n in names.items()} if text else {}
    if not traces or any(tr is None for tr in traces.values()):
        state.save(PAGE, SPEC)
        return
    tokens = min((tr.tokens for tr in traces.values()), key=len)
    step = widgets.step_slider(PAGE, tokens)
    cols = st.columns(len(CELLS), gap="medium")
    for col, (cell, tr) in zip(cols, traces.items()):
        with col:
            column(cache.meta(names[cell]), tr, min(step, len(tr) - 1))
    if not state.hidden("charts"):
        together(traces, step)
    state.save(PAGE, SPEC)


def _tasks() -> list[str]:
    return sorted({cache.meta(n).task for n in cache.model_names()})


def _task_label(task: str) -> str:
    head = cache.meta(widgets.models_of(task)["lstm"]).head
    if head == "classifier":
        return _("{task} (classifies the sentence)").format(task=task)
    if head == "lm":
        return _("{task} (predicts the next token)").format(task=task)
    return f"{task} ({head})"


def _new_task() -> None:
    ss = st.session_state
    ex = cache.examples(ss[state.key(PAGE, "task")])
    ss[state.key(PAGE, "text")] = ex[0] if ex else ""
    ss[state.key(PAGE, "step")] = 0
    ss[state.key(PAGE, "cls")] = ""


def _use_example() -> None:
    ss = st.session_state
    k = state.key(PAGE, "example")
    if ss.get(k):
        ss[state.key(PAGE, "text")] = ss[k]
        ss[state.key(PAGE, "step")] = 0
    ss[k] = None


def column(meta, tr, step: int) -> None:
    """One model: its accuracy, its answer now, its state and its gates."""
    name = _(ui.CELL_NAMES[meta.cell])
    st.subheader(name[:1].upper() + name[1:])
    acc = percent(meta.accuracy) if meta.accuracy is not None else _("unknown")
    st.caption(
        ngettext(
            "{n} unit · right on new sentences: **{acc}**",
            "{n} units · right on new sentences: **{acc}**",
            meta.units,
        ).format(n=meta.units, acc=acc)
    )
    answer_now(tr, step)
    if state.hidden("charts"):
        return
    quantity = "cell" if tr.cell is not None else "hidden"
    ui.chart(
        narrow(cache.heatmap(meta.name, tr.text, quantity, 0, -1, step), tr, quantity),
        key=f"heat-{meta.cell}",
    )
    gates = [g for g in tr.gates if g not in figures.SIGNED]
    if gates:
        st.caption(_("Mean gate value per token (0 = shut, 1 = open)"))
        ui.chart(figures.gate_means_chart(tr, gates, step), key=f"gates-{meta.cell}")
    else:
        st.caption(
            _(
                "A plain RNN has **no gates**: at every token its whole memory is rewritten, {eq}."
            ).format(eq=r"$h_t = \tanh(W_{ih}\,x_t + W_{hh}\,h_{t-1} + b)$")
        )


def percent(x: float) -> str:
    """Like ``ui.percent`` (99.8% stays 99.8%), with the language's decimal comma."""
    v = round(100 * x, 1)
    return number(v, 0 if v == int(v) else 1) + "%"


def answer_now(tr, step: int) -> None:
    """Classifier: every class's probability; LM: the five likeliest next tokens."""
    tok = _shown(tr.tokens[step])
    if tr.head == "classifier":
        rows = [(o, float(p)) for o, p in zip(tr.outputs, tr.probs[step])]
        title = _("Answer after «{token}» (token {n}):")
        col = _("class")
    else:
        rows = [(_shown(o), p) for o, p in tr.top(step, 5)]
        title = _("Next token expected after «{token}» (token {n}):")
        col = _("next token")
    st.markdown(title.format(token=ui.md_escape(tok), n=step + 1))
    prob = _("probability")
    st.dataframe(
        {col: [r[0] for r in rows], prob: [r[1] for r in rows]},
        hide_index=True,
        width="stretch",
        column_config={
            col: st.column_config.TextColumn(col, width="small"),
            prob: st.column_config.ProgressColumn(
                prob, min_value=0.0, max_value=1.0, format=ui.PERCENT
            ),
        },
        key=f"answer-{tr.kind}",
    )


def _shown(token: str) -> str:
    return _("␣ (space)") if token == " " else _("⏎ (newline)") if token == "\n" else token


def narrow(fig: go.Figure, tr, quantity: str) -> go.Figure:
    """The explorer's heatmap made readable in a third of the page: fewer, smaller labels."""
    T, H = len(tr), tr.hidden.shape[3]
    every = max(1, math.ceil(T / 10))
    ticks = list(range(0, T, every))
    long = max(len(tr.tokens[t]) for t in ticks)
    xaxis = dict(
        tickvals=ticks,
        ticktext=[figures.token_label(tr.tokens[t], 8) for t in ticks],
        tickangle=0 if len(ticks) * (min(long, 8) + 1) * 8 < 200 else -60,
        tickfont=dict(size=12),
    )
    ystep = 8 if H > 16 else 4
    yaxis = dict(
        tickvals=list(range(0, H, ystep)),
        ticktext=[str(u) for u in range(0, H, ystep)],
        title=dict(text=_("unit"), standoff=4),
        tickfont=dict(size=12),
    )
    fig.update_layout(
        title=dict(text=_(figures.LABELS[quantity]), font=dict(size=15)),
        height=340,
        margin=dict(l=50, r=10, t=40, b=70),
        coloraxis_colorbar=dict(thickness=10, title=None, len=0.9),
        xaxis=xaxis,
        yaxis=yaxis,
    )
    return fig


def together(traces: dict, step: int) -> None:
    """All three answers after every prefix, on one chart."""
    first = next(iter(traces.values()))
    T = min(len(tr) for tr in traces.values())
    x = list(range(T))
    if first.head == "classifier":
        ss = st.session_state
        ckey = state.key(PAGE, "cls")
        lstm = traces.get("lstm", first)
        if ss.get(ckey) not in first.outputs:
            ss[ckey] = lstm.prediction
        st.subheader(_("Their answers after every prefix"))
        cls = st.radio(
            _("Probability of"),
            first.outputs,
            key=ckey,
            horizontal=True,
            help=_("Each line is one model's probability for this class after each token."),
        )
        k = first.outputs.index(cls)
        ys = {c: tr.probs[:T, k] for c, tr in traces.items()}
        ytitle = _("chance of {cls}").format(cls=figures.safe(cls))
        st.caption(
            _("Where the lines part, the models disagree about what the sentence so far means.")
        )
    else:
        st.subheader(_("How well each model expected the next token"))
        st.caption(
            _(
                "Each line is one model's probability for the token that really came next: "
                "higher is better. A gap opening late in a long sentence is memory at work."
            )
        )
        ys = {
            c: np.array([tr.probs[t, tr.ids[t + 1]] if t + 1 < T else np.nan for t in x])
            for c, tr in traces.items()
        }
        ytitle = _("chance of the real next token")
    fig = figures.prefix_lines(
        {_(ui.CELL_NAMES[c]): y for c, y in ys.items()},
        {_(ui.CELL_NAMES[c]): STYLE[c] for c in ys},
        first,
        T,
        ytitle,
        step,
    )
    ui.chart(fig, key="together")


ui.guard(main)
