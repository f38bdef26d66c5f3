"""Word order: the same words in two orders, through a bag of embeddings and through an RNN.

Storyboard: what this page shows → two sentences (a shuffle button reorders the first) and
a recurrent model → both models' answers for both orders (the bag's are identical, to 4
decimals) → why: the distance between the RNN's states, position by position, zero until
the first position where the orders differ.
"""

from __future__ import annotations

import random
from collections import Counter

import cache
import state
import streamlit as st
import ui
import widgets
from i18n import N_, _, ngettext, number

from rnnviz import figures
from rnnviz.analysis.compare import word_order
from rnnviz.figures.analyses import order_chart
from rnnviz.tokenize import tokenizer_from_config

PAGE = "order"
BAG = "sentiment-bag"
LABELS = (N_("first order"), N_("second order"))  # shown as _(LABELS[i])
SPEC = {
    "model": state.Param("sentiment-lstm"),
    "a": state.Param("the film was good, not bad", max_len=state.MAX_CHARS * 3),
    "b": state.Param("the film was bad, not good", max_len=state.MAX_CHARS * 3),
    "seed": state.Param(0, kind=int, low=0, high=10**9),
}


def shuffled(tokens: list[str], seed: int, detokenize) -> str:
    """A reordering of ``tokens`` drawn with ``seed`` (another order whenever there is one)."""
    rng = random.Random(seed)
    order = list(tokens)
    for _try in range(20):
        rng.shuffle(order)
        if order != tokens:
            break
    return detokenize(order)


def _shuffle() -> None:
    """The shuffle button: a new seed, and the first sentence reordered with it."""
    ss = st.session_state
    name = ss.get(state.key(PAGE, "model")) or SPEC["model"].default
    seed = random.randrange(1, 10**6)
    a = ss.get(state.key(PAGE, "a")) or ""
    try:
        tok = tokenizer_from_config(cache.model(name).config.tokenizer)
    except Exception:  # an unknown model name: the page says so after the rerun
        return
    tokens = tok.tokenize(a[: state.MAX_CHARS])
    if tokens:
        ss[state.key(PAGE, "seed")] = seed
        ss[state.key(PAGE, "b")] = shuffled(tokens, seed, tok.detokenize)


def words(counter: Counter) -> str:
    return ", ".join(
        f"«{ui.md_escape(w)}»" + (f" ×{k}" if k > 1 else "") for w, k in counter.items()
    )


def main() -> None:
    state.apply_teacher_style()
    st.title(_("Word order"))
    widgets.intro(
        _(
            "The same words in two orders. A **bag of embeddings** averages the words' numbers, "
            "so it cannot tell the orders apart; a **recurrent network** reads one word at a "
            "time and passes its memory (the state) on, so the order changes its memory, and "
            "often its answer."
        )
    )
    state.bind(PAGE, SPEC)
    names = [n for n in cache.model_names() if n.startswith("sentiment-") and n != BAG]
    if BAG not in cache.model_names() or not names:
        st.info(_("This page needs the sentiment models (sentiment-bag and a recurrent one)."))
        return
    c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
    with c1:
        text_a = widgets.text_box(PAGE, _("First order"), name="a")
    with c2:
        meta = widgets.model_select(
            PAGE, names, label=_("Recurrent model"), accept=widgets.recurrent_classifier
        )
    c3, c4 = st.columns([3, 2], vertical_alignment="bottom")
    with c3:
        text_b = widgets.text_box(PAGE, _("Second order"), name="b")
    with c4:
        st.button(
            _("Shuffle the first"),
            on_click=_shuffle,
            icon=":material/shuffle:",
            help=_(
                "Put a random reordering of the first sentence in the second box "
                "(the seed goes in the link, so the class sees the same one)."
            ),
            width="stretch",
        )
    if not text_a or not text_b:
        state.save(PAGE, SPEC)
        return
    if meta is None:  # a model folder that cannot be opened: the picker said why
        state.keep(PAGE, SPEC)
        state.save(PAGE, SPEC)
        return
    rnn_a = widgets.trace_or_note(meta.name, text_a)
    rnn_b = widgets.trace_or_note(meta.name, text_b)
    bag_a = widgets.trace_or_note(BAG, text_a) if rnn_a else None
    bag_b = widgets.trace_or_note(BAG, text_b) if rnn_b else None
    if not (rnn_a and rnn_b and bag_a and bag_b):
        state.save(PAGE, SPEC)
        return
    only_a = Counter(rnn_a.tokens) - Counter(rnn_b.tokens)
    only_b = Counter(rnn_b.tokens) - Counter(rnn_a.tokens)
    if only_a or only_b:
        parts = []
        if only_a:
            parts.append(_("only the first has {words}").format(words=words(only_a)))
        if only_b:
            parts.append(_("only the second has {words}").format(words=words(only_b)))
        st.info(
            _(
                "These two sentences do not hold quite the same words: {what}. Make them the "
                "same words in another order (or press **Shuffle the first**) to compare orders."
            ).format(what="; ".join(parts)),
            icon=":material/swap_horiz:",
        )
        state.save(PAGE, SPEC)
        return
    if rnn_a.tokens == rnn_b.tokens:
        st.info(
            _(
                "The two sentences are the same words in the same order. Move a word, or press "
                "**Shuffle the first**."
            ),
            icon=":material/swap_horiz:",
        )
        state.save(PAGE, SPEC)
        return

    label = rnn_a.outputs[-1] if len(rnn_a.outputs) == 2 else rnn_a.prediction
    k = rnn_a.outputs.index(label)
    rnn_name = _(ui.CELL_NAMES.get(meta.cell, meta.cell))
    if meta.directions == 2:
        rnn_name = _("bidirectional {cell}").format(cell=rnn_name)
    labels = (_(LABELS[0]), _(LABELS[1]))
    bag_name = _("bag of embeddings")
    rows = [
        {"model": bag_name, labels[0]: bag_a.probs[-1, k], labels[1]: bag_b.probs[-1, k]},
        {"model": rnn_name, labels[0]: rnn_a.probs[-1, k], labels[1]: rnn_b.probs[-1, k]},
    ]
    bag_gap = abs(float(rows[0][labels[0]] - rows[0][labels[1]]))
    rnn_gap = abs(float(rows[1][labels[0]] - rows[1][labels[1]]))
    st.subheader(_("The answers"))
    left, right = st.columns([1, 1])
    if not state.hidden("charts"):
        ui.chart(figures.order_answers_chart(rows, label, labels), key="order-answers", where=left)
    model = _("model")
    table = [
        {
            model: r["model"],
            labels[0]: number(float(r[labels[0]]), 4),
            labels[1]: number(float(r[labels[1]]), 4),
        }
        for r in rows
    ]
    right.caption(
        _("Probability of “{label}” after the whole sentence:").format(label=ui.md_escape(label))
    )
    right.dataframe(table, hide_index=True, width="stretch")
    if bag_gap < 5e-5:
        bag = _(
            "The bag of embeddings gives exactly the same numbers for both orders: it only sees "
            "*which* words are there."
        )
    else:
        bag = _(
            "The bag of embeddings gives numbers {gap} apart for both orders: it only sees "
            "*which* words are there."
        ).format(gap=number(bag_gap, 4))
    if rnn_a.prediction != rnn_b.prediction:
        moved = _(
            "The {model}'s probability of “{label}” moves by **{gap}** and its answer flips: "
            "«{a}» / «{b}»."
        )
    else:
        moved = _(
            "The {model}'s probability of “{label}” moves by **{gap}** (its answer stays the "
            "same here, but the numbers differ)."
        )
    moved = moved.format(
        label=ui.md_escape(label),
        model=rnn_name,
        gap=number(rnn_gap, 4),
        a=ui.md_escape(rnn_a.prediction),
        b=ui.md_escape(rnn_b.prediction),
    )
    right.markdown(bag + " " + moved)

    st.subheader(_("Why: the RNN's state remembers the order"))
    d = word_order(rnn_a, rnn_b)
    f = d.first_difference
    same = " ".join(rnn_a.tokens[:f])
    where = (
        ngettext(
            "For the first {n} token («{same}») the two sentences are the same, so the states "
            "are identical (distance 0).",
            "For the first {n} tokens («{same}») the two sentences are the same, so the states "
            "are identical (distance 0).",
            f,
        ).format(n=f, same=ui.md_escape(same))
        if f
        else _("The sentences differ from the very first token.")
    )
    apart = _(
        "At position {pos} the first order reads «{a}» and the second «{b}»: from there on "
        "the states are apart, even after both sentences have read the same words."
    ).format(pos=f + 1, a=ui.md_escape(rnn_a.tokens[f]), b=ui.md_escape(rnn_b.tokens[f]))
    st.markdown(where + " " + apart)
    if meta.directions == 2:
        st.caption(
            _(
                "This model also reads backwards, so its backward half differs from the start: "
                "the backward reader sees the ends of the sentences first."
            )
        )
    if not state.hidden("charts"):
        ui.chart(order_chart(d, labels), key="order-distance")
    state.save(PAGE, SPEC)


ui.guard(main)
