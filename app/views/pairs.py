"""Minimal pairs: two sentences that differ a little, one model, and what changes inside.

Storyboard: what this page is → ready pairs (buttons) → model, the two sentences →
layer / direction / state pickers when the model has them → both answers ("the answer flips
from … to …") → the difference of the states at the aligned tokens, most changed units
first → a table of those units with both values, so the difference can be checked.
"""

from __future__ import annotations

import cache
import glossary
import numpy as np
import state
import streamlit as st
import ui
import widgets
from i18n import _, number

from rnnviz import figures
from rnnviz.analysis.compare import minimal_pair

PAGE = "pairs"
SPEC = {
    "model": state.Param("sentiment-lstm"),
    "a": state.Param("the film was good", max_len=state.MAX_CHARS * 3),
    "b": state.Param("the film was not good", max_len=state.MAX_CHARS * 3),
    "layer": state.Param(0, kind=int, low=0),
    "direction": state.Param(0, kind=int, low=0, high=1),
    "state": state.Param("cell", choices=("cell", "hidden")),
}
READY = [  # (button label, model, first, second): the label quotes the English sentences
    ("good / not good", "sentiment-lstm", "the film was good", "the film was not good"),
    (
        "alice / alice and tom",
        "agreement-lstm",
        "alice went home and",  # ends where the pronoun must agree: she / they
        "alice and tom went home and",
    ),
    (
        "good, not bad / bad, not good",
        "sentiment-lstm",
        "the film was good, not bad",
        "the film was bad, not good",
    ),
]
TOP = 8


def main() -> None:
    state.apply_teacher_style()
    st.title(_("Minimal pairs"))
    widgets.intro(
        _(
            "Two sentences that differ by a word or two, read by the same model. The two are "
            "lined up word by word (a word only one of them has gets a column of its own), and "
            "for each unit (one number of the memory) we show how much it differs (second minus "
            "first) at each column: the units that react to the change come first."
        )
    )
    state.bind(PAGE, SPEC)
    names = cache.model_names()
    if not names:
        st.info(_("No models are installed."))
        return
    if not state.hidden("controls"):
        ready = [r for r in READY if r[1] in names]
        cols = st.columns([1.3] + [2] * len(ready), vertical_alignment="center")
        cols[0].markdown(_("**Ready pairs:**"))
        for col, (label, model, a, b) in zip(cols[1:], ready):
            col.button(
                label,
                key=f"pairs-ready-{label}",
                on_click=_use_pair,
                args=(model, a, b),
                width="stretch",
            )
    meta = widgets.model_select(PAGE, names)
    if meta is None:  # a model folder that cannot be opened: the picker said why
        state.keep(PAGE, SPEC)
        state.save(PAGE, SPEC)
        return
    c1, c2 = st.columns(2)
    with c1:
        a = widgets.text_box(PAGE, _("First sentence"), name="a")
    with c2:
        b = widgets.text_box(PAGE, _("Second sentence"), name="b")
    ta = widgets.trace_or_note(meta.name, a) if a else None
    tb = widgets.trace_or_note(meta.name, b) if b else None
    if ta is None or tb is None:
        state.save(PAGE, SPEC)
        return
    layer, direction, which = pickers(meta)
    d = minimal_pair(ta, tb, layer=layer, direction=direction, state=which)
    answers(ta, tb)
    if not state.hidden("charts"):
        st.caption(
            _(
                "Columns follow both sentences: a shared word once, a replaced word as "
                "“first / second”, a word only the second has as +word, one only the first has "
                "as −word (dotted outlines). Rows: the units whose values part most, largest "
                "first. Each cell: that unit's value after reading up to there, second minus "
                "first (orange: higher in the second; blue: lower)."
            )
        )
        ui.chart(figures.pair_chart(d, top=TOP), key="pair-chart")
    units_table(d)
    state.save(PAGE, SPEC)


def _use_pair(model: str, a: str, b: str) -> None:
    ss = st.session_state
    ss[state.key(PAGE, "model")] = model
    ss[state.key(PAGE, "a")] = a
    ss[state.key(PAGE, "b")] = b
    ss[state.key(PAGE, "layer")] = 0
    ss[state.key(PAGE, "direction")] = 0


def pickers(meta) -> tuple[int, int, str]:
    """Layer, direction and state; each picker only where the model has a choice."""
    ss = st.session_state
    lkey, dkey, skey = (state.key(PAGE, n) for n in ("layer", "direction", "state"))
    ss[lkey] = min(int(ss.get(lkey) or 0), meta.layers - 1)
    ss[dkey] = min(int(ss.get(dkey) or 0), meta.directions - 1)
    has_cell = meta.cell == "lstm"
    if not has_cell:
        ss[skey] = "hidden"
    shown = [meta.layers > 1, meta.directions > 1, has_cell]
    if any(shown):
        cols = iter(st.columns(sum(shown)))
        if meta.layers > 1:
            next(cols).selectbox(
                _("Layer"),
                list(range(meta.layers)),
                key=lkey,
                format_func=lambda k: (
                    _("layer {k} (reads the words)") if k == 0 else _("layer {k}")
                ).format(k=k),
            )
        if meta.directions > 1:
            next(cols).radio(
                _("Direction"),
                [0, 1],
                key=dkey,
                horizontal=True,
                format_func=lambda x: _("forward →") if x == 0 else _("← backward"),
            )
        if has_cell:
            next(cols).radio(
                _("Compare"),
                ["cell", "hidden"],
                key=skey,
                horizontal=True,
                format_func=lambda s: _("cell state c") if s == "cell" else _("hidden state h"),
                help=glossary.explain(["cell", "hidden"]),
            )
    return int(ss[lkey]), int(ss[dkey]), str(ss[skey])


def answers(ta, tb) -> None:
    """Both answers in a sentence, and a compact table of the probabilities."""
    if ta.head == "classifier":
        ka, kb = int(ta.probs[-1].argmax()), int(tb.probs[-1].argmax())
        pa, pb = float(ta.probs[-1, ka]), float(tb.probs[-1, kb])
        A, B = ui.md_escape(ta.outputs[ka]), ui.md_escape(tb.outputs[kb])
        if ka != kb:
            st.markdown(
                _("The answer **flips** from **{a} {pa}** to **{b} {pb}**.").format(
                    a=A, pa=number(pa, 2), b=B, pb=number(pb, 2)
                )
            )
        else:
            st.markdown(
                _("The answer stays **{a}**: {pa} for the first, {pb} for the second.").format(
                    a=A, pa=number(pa, 2), pb=number(pb, 2)
                )
            )
        rows = {_("class"): list(ta.outputs)}
    else:
        ta_top = [o for o, _p in ta.top(len(ta) - 1, 5)]
        tb_top = [o for o, _p in tb.top(len(tb) - 1, 5)]
        st.markdown(
            _("Next token expected after the first: **{a}**; after the second: **{b}**.").format(
                a=ui.md_escape(_shown(ta_top[0])), b=ui.md_escape(_shown(tb_top[0]))
            )
        )
        keep = list(dict.fromkeys(ta_top + tb_top))
        idx = [ta.outputs.index(o) for o in keep]
        rows = {_("next token"): [_shown(o) for o in keep]}
        ta, tb = _Sub(ta, idx), _Sub(tb, idx)
    first, second = _("after the first"), _("after the second")
    rows[first] = [float(p) for p in ta.probs[-1]]
    rows[second] = [float(p) for p in tb.probs[-1]]
    bar = dict(min_value=0.0, max_value=1.0, format=ui.PERCENT)
    st.dataframe(
        rows,
        hide_index=True,
        key="pairs-answers",
        column_config={
            first: st.column_config.ProgressColumn(first, **bar),
            second: st.column_config.ProgressColumn(second, **bar),
        },
    )


class _Sub:
    """The last-step probabilities of a trace, restricted to some outputs."""

    def __init__(self, tr, idx: list[int]):
        self.probs = tr.probs[:, idx]


def _shown(token: str) -> str:
    return _("␣ (space)") if token == " " else _("⏎ (newline)") if token == "\n" else token


def units_table(d) -> None:
    """The most changed units: where they differ most, both values and the difference."""
    st.subheader(_("The units that differ most"))
    name = _("cell state c") if d.state_name == "cell" else _("hidden state h")
    st.caption(
        _(
            "Largest difference in {state} from where the sentences part on (second − first); "
            "“where” is the column of the chart above (+word: only in the second sentence)."
        ).format(state=name)
    )
    sa = d.a.state(d.state_name)[d.layer, d.direction]
    sb = d.b.state(d.state_name)[d.layer, d.direction]
    rows: dict[str, list] = {k: [] for k in ("unit", "where", "first", "second", "difference")}
    for u, _score in d.top_units(TOP):
        k = d.first_divergence + int(np.abs(d.diff[d.first_divergence :, u]).argmax())
        i, j = d.pairs[k]  # the states compared there (None: the zero start state)
        rows["unit"].append(u)
        rows["where"].append(d.label(k)[0])
        rows["first"].append(float(sa[i, u]) if i is not None else 0.0)
        rows["second"].append(float(sb[j, u]) if j is not None else 0.0)
        rows["difference"].append(float(d.diff[k, u]))
    config = {
        "unit": st.column_config.NumberColumn(_("unit"), format="%d"),
        "where": st.column_config.TextColumn(_("where")),
    }
    for k, label in (
        ("first", _("first sentence")),
        ("second", _("second sentence")),
        ("difference", _("difference")),
    ):
        rows[k], config[k] = ui.number_column(label, 3, rows[k], signed=True)
    st.dataframe(
        rows,
        hide_index=True,
        key="pairs-units",
        column_config=config,
    )


ui.guard(main)
