"""Layers and directions: every layer of a stacked and/or bidirectional model under one cursor.

Storyboard: what this page is → model, sentence, what to show → one step cursor → the
layers stacked top-down (the top layer, which the head reads, first; layer 0, which reads
the words, last), both directions of each layer together → which states the head reads,
in words and marked on the top layer → the feature vector handed to ``fc``, split by
direction → the answer after every prefix.
"""

from __future__ import annotations

import cache
import glossary
import state
import streamlit as st
import ui
import widgets
from i18n import _, ngettext, number

from rnnviz import figures

PAGE = "layers"
SPEC = {
    "model": state.Param("sentiment-bilstm"),
    "text": state.Param("the film was good, not bad", max_len=state.MAX_CHARS * 3),
    "step": state.Param(0, kind=int, low=0, shown_from=1),
    "show": state.Param("hidden"),
}
READ = "#000000"  # the dashed outline of what the head reads (the cursor is vermillion)


def main() -> None:
    state.apply_teacher_style()
    st.title(_("Layers and directions"))
    widgets.intro(
        _(
            "A **stacked** model feeds each layer's memory (its states) to the layer above; a "
            "**bidirectional** one reads the sentence twice, left → right and right → left, "
            "and keeps a memory for each. Here every layer and both directions share one "
            "cursor, and the dashed boxes mark the states the model's output layer actually "
            "reads."
        )
    )
    state.bind(PAGE, SPEC)
    names = _names()
    if not names:
        st.info(_("No recurrent models are installed."))
        return
    meta, tr = widgets.model_and_trace(PAGE, names, accept=widgets.recurrent)
    if tr is None:
        if meta is None:  # a model folder that cannot be opened: the picker said why
            state.keep(PAGE, SPEC)
        state.save(PAGE, SPEC)
        return
    cfg = cache.model(meta.name).config
    ss = st.session_state
    qs = figures.quantities(tr)
    skey = state.key(PAGE, "show")
    if ss.get(skey) not in qs:
        ss[skey] = "hidden"
    c1, c2 = st.columns([3, 2])
    with c1:
        step = widgets.step_slider(PAGE, tr.tokens)
    quantity = c2.selectbox(
        _("Show"),
        qs,
        key=skey,
        format_func=lambda q: _(figures.label(tr, q)),
        help=glossary.explain(qs),
    )
    if meta.layers == 1 and meta.directions == 1:
        st.info(
            _(
                "This model has one layer and one direction: pick **sentiment-bilstm** or "
                "**sentiment-lstm2** to see several."
            ),
            icon=":material/layers:",
        )
    st.markdown(read_words(meta, cfg.readout, cfg.head))
    if quantity != "hidden":
        st.caption(
            _(
                "The output layer reads the hidden state h; choose “hidden state h” to see the "
                "states it reads outlined."
            )
        )
    if not state.hidden("charts"):
        for layer in reversed(range(meta.layers)):
            layer_view(meta, tr, quantity, layer, step, cfg)
        features_view(meta, tr, cfg, step)
        st.subheader(_("The answer after every prefix"))
        ui.chart(cache.prediction(meta.name, tr.text, step), key="prediction")
    state.save(PAGE, SPEC)


def _names() -> list[str]:
    """Recurrent models, the stacked / bidirectional ones first."""
    names = cache.recurrent_model_names()
    return sorted(names, key=lambda n: (cache.meta(n).layers * cache.meta(n).directions == 1, n))


def read_words(meta, readout: str, head: str) -> str:
    """Which states the output layer reads, in a sentence a student can follow."""
    top = meta.layers - 1  # the layer the output layer reads (layer 0 in a one-layer model)
    if head == "lm":
        return _(
            "**What the output layer reads:** this is a language model: at **every** token, "
            "the hidden state of layer {k} goes to the output layer, which guesses the next token "
            "(dashed box: the whole top layer)."
        ).format(k=top)
    if readout == "mean":
        return _(
            "**What the classifier reads:** the hidden states of layer {k} averaged over "
            "**all** tokens (dashed box: the whole top layer)."
        ).format(k=top)
    if meta.directions == 2:
        return _(
            "**What the classifier reads:** the final states of layer {k}, `h_n`: the "
            "**forward** state at the **last** token (it has read the whole sentence left → "
            "right) and the **backward** state at the **first** token (it has read it right "
            "→ left), joined end to end (dashed boxes)."
        ).format(k=top)
    return _(
        "**What the classifier reads:** the hidden state of layer {k} at the **last** token, "
        "`h_n`, after it has read the whole sentence (dashed box)."
    ).format(k=top)


def layer_view(meta, tr, quantity: str, layer: int, step: int, cfg) -> None:
    L = meta.layers
    if L == 1:
        head = _("Layer {k} (reads the words)").format(k=layer)
    elif layer == L - 1:
        head = _("Layer {k} (top: reads layer {below}; the output layer reads it)").format(
            k=layer, below=layer - 1
        )
    elif layer == 0:
        head = _("Layer {k} (bottom: reads the words; feeds layer {above})").format(
            k=layer, above=layer + 1
        )
    else:
        head = _("Layer {k} (reads layer {below}; feeds layer {above})").format(
            k=layer, below=layer - 1, above=layer + 1
        )
    st.subheader(head)
    fig = cache.heatmap(meta.name, tr.text, quantity, layer, -1, step)
    fig.update_layout(title=None, margin=dict(t=30 if meta.directions > 1 else 20))
    if quantity == "hidden" and layer == L - 1:
        for box in readout_boxes(len(tr), meta.directions, cfg.readout, cfg.head):
            fig.add_shape(box)
    ui.chart(fig, key=f"layer-{layer}")


def readout_boxes(T: int, D: int, readout: str, head: str) -> list[dict]:
    """Dashed outlines of the cells the head reads, one per direction panel."""
    out = []
    for d in range(D):
        if head == "lm" or readout == "mean":
            x0, x1 = -0.5, T - 0.5
        else:
            t = T - 1 if d == 0 else 0
            x0, x1 = t - 0.42, t + 0.42
        r = d + 1
        out.append(
            dict(
                type="rect",
                xref="x" if r == 1 else f"x{r}",
                yref="y domain" if r == 1 else f"y{r} domain",
                x0=x0,
                x1=x1,
                y0=-0.01,
                y1=1.01,
                line=dict(color=READ, width=3, dash="dash"),
                fillcolor="rgba(0,0,0,0)",
                layer="above",
            )
        )
    return out


def features_view(meta, tr, cfg, step: int) -> None:
    f = figures.classifier_input(tr, cfg.readout, cfg.head, step)
    D, H = f.shape
    st.subheader(_("The numbers handed to the output layer"))
    if cfg.head == "lm":
        when = ngettext(
            "{n} number after token {t}:", "{n} numbers after token {t}:", D * H
        ).format(n=D * H, t=step + 1)
    else:
        when = ngettext(
            "{n} number for the whole sentence:", "{n} numbers for the whole sentence:", D * H
        ).format(n=D * H)
    split = (
        _(
            "units 0–{last} come from the forward direction, {h}–{last2} from the backward one."
        ).format(last=H - 1, h=H, last2=2 * H - 1)
        if D == 2
        else ""
    )
    score = (
        _("The output layer multiplies them by its weights to score every class.")
        if cfg.head == "classifier"
        else _("The output layer multiplies them by its weights to score every next token.")
    )
    st.caption(" ".join(p for p in (when, split, score) if p))
    fig = figures.classifier_input_chart(f)
    ui.chart(fig, key="features")
    if cfg.head == "classifier":
        k = int(tr.probs[-1].argmax())
        st.caption(
            _("From these the model answers **{answer}** ({p}).").format(
                answer=ui.md_escape(tr.outputs[k]), p=number(float(tr.probs[-1, k]), 2)
            )
        )


ui.guard(main)
