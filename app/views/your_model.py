"""Your model: open a model you trained yourself, from the lesson's notebook or from rnnviz.

Storyboard: what this page does and its limits → what you have (a notebook state_dict +
vocabulary, or a checkpoint folder as a .zip) → the uploads → what rnnviz read from the
weights → the choices nothing in the weights tells (tokenizer, readout), each with the
model's answer on an example sentence, so the one that matches the notebook stands out →
the model reading the sentence, step by step.

Uploads live in this session only (``st.session_state``, memory); nothing is written to
disk or shared with other users. "Open in …" keeps the model in ``session_models`` (a few
per session), so every page's picker offers it in this session; a link that names it
opens the default model anywhere else.
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

import session_models
import state
import streamlit as st
import ui
import widgets
from i18n import N_, _, ngettext, number, said

import rnnviz
from rnnviz import figures
from rnnviz.checkpoint import TOKENIZER_NAMES, infer_config, vocab_from_bytes
from rnnviz.model import LIMITS
from rnnviz.uploads import load_zip, model_from_state_dict, weights_from_bytes

SESSION = "your_model"  # session_state key of the model built from this session's uploads
NOTEBOOK, ZIP = "notebook", "zip"  # what the user has (the radio's options)
KINDS = {
    NOTEBOOK: N_("A notebook state_dict (.pt / .pth) + vocabulary"),
    ZIP: N_("A checkpoint folder (.zip)"),
}
TOKENIZER_TEXT = {  # in the order offered
    "basic_english": N_(
        "torchtext's basic_english, as in the lesson's notebook: lower case, "
        "`. , ( ) ! ? '` split off, `\" ; :` dropped"
    ),
    "whitespace": N_("text.split(): words as they are between spaces, case kept"),
    "word": N_("rnnviz's words: lower case, every punctuation mark or symbol its own token"),
    "char": N_("one token per character"),
}
READOUT_TEXT = {
    "last": N_("the final hidden state: fc(h_n[-1]), fc(out[:, -1]), or h_n of a packed batch"),
    "mean": N_("the mean of every step's output: fc(out.mean(1))"),
}
USER_ERRORS = (ValueError, rnnviz.TraceInputError)  # CheckpointError is a ValueError


def limits_note() -> None:
    mb = st.get_option("server.maxUploadSize")
    st.caption(
        _(
            "Limits: {mb} MB per file; a vocabulary of up to {vocab} tokens; hidden size up to "
            "{hidden}; up to {layers} layers. Your files stay in this browser session's memory "
            "on the server: never written to disk, never shown to anyone else, gone when you "
            "close the tab. A share link does not include your model. Only plain tensors are "
            "read from a .pt file; nothing in it is run."
        ).format(
            mb=mb,
            vocab=number(LIMITS["vocab"], 0),
            hidden=number(LIMITS["hidden_size"], 0),
            layers=LIMITS["num_layers"],
        )
    )


def answer(model, text: str) -> str:
    """The model's answer on ``text`` as a short phrase, or the reason it has none."""
    try:
        tr = rnnviz.trace(model, text)
    except USER_ERRORS as e:
        return _("cannot read it ({error})").format(error=said(e))
    p = tr.probs[-1]
    k = int(p.argmax())
    return _("{answer} ({percent}); tokens: {tokens}").format(
        answer=tr.outputs[k], percent=f"{number(100 * p[k], 0)}%", tokens=" · ".join(tr.tokens)[:80]
    )


def variant(model, **change):
    """``model`` with another tokenizer/readout: the same weights, another config."""
    other = copy.copy(model)  # shares the modules; only the config attribute differs
    other.config = dataclasses.replace(model.config, **change)
    return other


def from_notebook(text: str):
    """The notebook path: state_dict + vocabulary + labels, then tokenizer and readout."""
    c1, c2 = st.columns(2)
    w = widgets.file_uploader(
        c1, _("Weights: model.state_dict() saved with torch.save"), ["pt", "pth"], "your.weights"
    )
    v = widgets.file_uploader(
        c2,
        _("Vocabulary: JSON list, JSON token→index dict, or one token per line"),
        ["json", "txt"],
        "your.vocab",
    )
    labels_text = st.text_input(
        _("Label names, in the order of the model's outputs (comma-separated)"),
        placeholder="World,Sports,Business,Sci/Tech",
    )
    if w is None or v is None:
        st.info(_("Upload the weights and the vocabulary to go on."), icon=":material/upload:")
        return None
    labels = [x.strip() for x in labels_text.split(",") if x.strip()] or None
    key = (w.file_id, v.file_id, tuple(labels or ()))
    ss = st.session_state
    if ss.get(SESSION, {}).get("key") != key:
        ss.pop(SESSION, None)
        sd = weights_from_bytes(w.getvalue(), w.name)
        vocab = vocab_from_bytes(v.getvalue(), v.name)
        # any readout builds it; the page swaps tokenizer and readout on the same weights
        cfg = infer_config(sd, vocab, labels=labels, readout="last", tokenizer="word")
        ss[SESSION] = {"key": key, "model": model_from_state_dict(cfg, sd, w.name)}
    base = ss[SESSION]["model"]
    c = base.config
    found = [ngettext("{n} layer", "{n} layers", c.num_layers).format(n=c.num_layers)]
    if c.bidirectional:
        found.append(_("bidirectional"))
    found.append(_("hidden size {n}").format(n=c.hidden_size))
    found.append(_("embedding {n}").format(n=c.embed_size) if c.embed_size else _("one-hot input"))
    found.append(_("vocabulary {n}").format(n=number(len(c.vocab), 0)))
    found.append(
        ngettext("{n} label", "{n} labels", len(c.labels)).format(n=len(c.labels))
        if c.head == "classifier"
        else _("a language model")
    )
    st.success(
        _("Read {cell}, {details}").format(cell=_(ui.CELL_NAMES[c.cell]), details=", ".join(found)),
        icon=":material/check:",
    )
    st.markdown(
        _(
            "Nothing in the weights says how your notebook split the text or read the "
            "sequence. Each choice shows the model's answer on the example sentence: pick the "
            "ones that give the answers your notebook gives."
        )
    )
    tok_names = list(TOKENIZER_TEXT)  # basic_english first: the lesson notebook's
    said = {t: answer(variant(base, tokenizer=TOKENIZER_NAMES[t]), text) for t in tok_names}
    tok = st.radio(
        _("Tokenizer"),
        tok_names,
        captions=[
            _("{how}. Answer: {answer}").format(
                how=_(TOKENIZER_TEXT[t]), answer=ui.md_escape(said[t])
            )
            for t in tok_names
        ],
        key="your_model_tokenizer",
    )
    change = {"tokenizer": TOKENIZER_NAMES[tok]}
    if c.head == "classifier":
        readout = st.radio(
            _("Readout: how your classifier reads the sequence"),
            list(READOUT_TEXT),
            captions=[
                _("{how}. Answer: {answer}").format(
                    how=_(READOUT_TEXT[r]),
                    answer=ui.md_escape(answer(variant(base, readout=r, **change), text)),
                )
                for r in READOUT_TEXT
            ],
            key="your_model_readout",
            index=None,
        )
        if readout is None:
            st.info(_("Choose the readout your notebook uses."), icon=":material/help:")
            return None
        change["readout"] = readout
    return variant(base, **change)


def main() -> None:
    state.apply_teacher_style()
    st.title(_("Your model"))
    widgets.intro(
        _(
            "Open a model you trained yourself: the lesson notebook's `state_dict` with its "
            "vocabulary, or a checkpoint folder written by `rnnviz.save` / `rnnviz convert`. "
            "rnnviz reads the cell, sizes, layers and directions from the weights; you say how "
            "the text was split and how the classifier read the sequence."
        )
    )
    limits_note()
    text = st.text_input(_("Example sentence"), "the film was not good", max_chars=state.MAX_CHARS)
    text = text if text.strip() else "the film was not good"
    kind = st.radio(
        _("What do you have?"), list(KINDS), format_func=lambda k: _(KINDS[k]), horizontal=True
    )
    try:
        if kind == ZIP:
            z = widgets.file_uploader(st, _("Checkpoint folder, zipped"), ["zip"], "your.zip")
            if z is None:
                st.info(
                    _("Upload a .zip of a folder holding config.json and weights.safetensors."),
                    icon=":material/upload:",
                )
                return
            model = load_zip(z.getvalue(), z.name)
        else:
            model = from_notebook(text)
            if model is None:
                return
        tr = rnnviz.trace(model, text)
    except USER_ERRORS as e:
        st.error(ui.md_escape(said(e)), icon=":material/error:")
        return
    st.subheader(_("Your model reading the sentence"))
    step = st.select_slider(
        _("Token"),
        list(range(len(tr))),
        len(tr) - 1,
        format_func=lambda i: f"{i + 1}. {tr.tokens[i]}",
        key="your_model_step",
    )
    st.markdown(
        _("After **{token}** (token {i} of {n}): **{answer}** ({percent})").format(
            token=ui.md_escape(tr.tokens[step]),
            i=step + 1,
            n=len(tr),
            answer=ui.md_escape(tr.outputs[int(tr.probs[step].argmax())]),
            percent=f"{number(100 * tr.probs[step].max(), 0)}%",
        )
    )
    ui.chart(figures.prediction_chart(tr, step), key="your_model_pred")
    open_elsewhere(model, text)


def open_elsewhere(model, text: str) -> None:
    """Buttons that keep the model in this session (``session_models``) and open it in a
    page that can show its kind, with the example sentence."""
    st.subheader(_("Open it in the other pages"))
    st.caption(
        _(
            "It then stays in every page's model picker, as “your model …”, for this browser "
            "session only: at most {cap} models (opening another forgets the oldest). A link "
            "to a view does not include it: to share a model, save it (`rnnviz convert`) and "
            "start the app with `rnnviz app --models FOLDER`."
        ).format(cap=session_models.CAP)
    )
    c = model.config
    pages = [("views/explorer.py", _("the explorer"), ":material/visibility:", "text")]
    if c.cell != "bag":
        pages += [
            ("views/inside.py", _("Inside one step"), ":material/zoom_in:", "text"),
            ("views/layers.py", _("Layers"), ":material/layers:", "text"),
            ("views/units.py", _("Units"), ":material/scatter_plot:", "text"),
        ]
    if c.head == "lm":
        pages.append(("views/generate.py", _("Generate text"), ":material/edit_note:", "text"))
    else:
        pages.append(("views/pairs.py", _("Minimal pairs"), ":material/compare_arrows:", "a"))
    label = Path(getattr(model, "name", "") or "model").stem
    with st.container(horizontal=True):
        for path, title, icon, text_key in pages:
            opened = st.button(
                _("Open in {page}").format(page=title), icon=icon, key=f"your_model_open_{path}"
            )
            if opened:
                name = session_models.add(model, label)
                st.switch_page(path, query_params={"model": name, text_key: text})


ui.guard(main)
