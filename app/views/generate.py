"""Generate text: a character language model writes from a prompt, one character at a time.

Storyboard: what this page shows → model, prompt, temperature, seed, length, "Write" →
the text (prompt plain, written part marked) → a slider over the written characters: the
top-5 choices the model had before writing each one (and which it drew), and its state
heatmap with the cursor there → "Open in the explorer".
"""

from __future__ import annotations

import html

import cache
import numpy as np
import state
import streamlit as st
import ui
import widgets
from i18n import _, ngettext, number, said

from rnnviz import TraceInputError, figures
from rnnviz.analysis.generation import Generation

PAGE = "generate"
SPEC = {
    "model": state.Param("stories-lstm"),
    "text": state.Param("once upon a time, ", max_len=state.MAX_CHARS * 3),
    "temperature": state.Param(0.8, kind=float, low=0.1, high=2.0),
    "seed": state.Param(0, kind=int, low=0, high=10**6),
    "length": state.Param(120, kind=int, low=20, high=300),
    "step": state.Param(0, kind=int, low=0, shown_from=1),
}


def top_choices(gen: Generation, t: int, k: int = 5) -> list[tuple[str, float, float]]:
    """After token ``t``: the ``k`` likeliest next tokens, raw and at the temperature."""
    probs = gen.trace.probs[t].astype(np.float64)
    sharp = np.exp(np.log(np.maximum(probs, 1e-30)) / gen.temperature)
    sharp /= sharp.sum()
    order = np.argsort(-probs)[:k]
    return [(gen.trace.outputs[i], float(probs[i]), float(sharp[i])) for i in order]


def _temp(t: float) -> str:
    """A temperature as ``{t:g}`` writes it (0.8, 1), with the language's decimal mark."""
    return number(t, 0 if t == int(t) else len(f"{t:g}".split(".")[1]))


def main() -> None:
    state.apply_teacher_style()
    st.title(_("Generate text"))
    widgets.intro(
        _(
            "A model that has learned to guess the next character writes on from your prompt, "
            "one character at a time: at each step it gives every character a chance, and one "
            "is drawn like a lottery ticket. Low temperature: it almost always takes its "
            "favourite; high: it takes more risks. Below, its memory and its top guesses as it "
            "writes."
        )
    )
    state.bind(PAGE, SPEC)
    names = [n for n in cache.model_names() if cache.meta(n).head == "lm"]
    if not names:
        st.info(_("No language models are installed."))
        return
    ss = st.session_state
    with st.form("generate-form", border=False):
        c1, c2 = st.columns([2, 3])
        with c1:
            meta = widgets.model_select(
                PAGE, names, label=_("Language model"), accept=widgets.language_model
            )
        prompt = c2.text_input(
            _("Prompt (up to {n} characters)").format(n=state.MAX_CHARS),
            key=state.key(PAGE, "text"),
        )
        c3, c4, c5, c6 = st.columns([3, 2, 3, 2], vertical_alignment="bottom")
        ui.decimal_slider(
            c3,
            _("Temperature"),
            0.1,
            2.0,
            0.1,
            state.key(PAGE, "temperature"),
            digits=1,
            help=_("Low: safe and repetitive. High: adventurous, then gibberish."),
        )
        c4.number_input(_("Seed"), 0, 10**6, step=1, key=state.key(PAGE, "seed"))
        c5.slider(_("Characters to write"), 20, 300, step=10, key=state.key(PAGE, "length"))
        c6.form_submit_button(_("Write"), type="primary", icon=":material/edit:", width="stretch")
    if meta is None:  # a model folder that cannot be opened: the picker said why
        state.keep(PAGE, SPEC)
        state.save(PAGE, SPEC)
        return
    if not prompt.strip():
        st.info(
            _("Type a prompt (or keep the example) and press **Write**."), icon=":material/edit:"
        )
        state.save(PAGE, SPEC)
        return
    if len(prompt) > state.MAX_CHARS:
        st.warning(
            ngettext(
                "That prompt has {n} character; the limit is {limit}.",
                "That prompt has {n} characters; the limit is {limit}.",
                len(prompt),
            ).format(n=len(prompt), limit=state.MAX_CHARS),
            icon=":material/content_cut:",
        )
        state.save(PAGE, SPEC)
        return
    temperature = round(float(ss[state.key(PAGE, "temperature")]), 2)
    try:
        gen = cache.write(
            meta.name,
            prompt,
            temperature,
            int(ss[state.key(PAGE, "seed")]),
            int(ss[state.key(PAGE, "length")]),
        )
    except TraceInputError as e:
        st.info(ui.md_escape(said(e)), icon=":material/edit:")
        state.save(PAGE, SPEC)
        return

    written = gen.text[len(gen.prompt) :] if gen.text.startswith(gen.prompt) else ""
    st.html(
        "<div style='font-family: monospace; font-size: 1.05rem; white-space: pre-wrap; "
        "line-height: 1.6; border: 1px solid #ccc; border-radius: 6px; padding: 0.6rem 0.8rem'>"
        f"<span style='color:#555'>{html.escape(gen.prompt, quote=True)}</span>"
        "<span style='background:#FFF1D0; color:#000; font-weight:600; "
        f"text-decoration: underline #E69F00'>{html.escape(written, quote=True)}</span></div>"
    )
    st.caption(
        ngettext(
            "Grey: your prompt. Underlined on yellow: the {n} character the model wrote "
            "(temperature {t}, seed {seed}: the same settings always write the same text).",
            "Grey: your prompt. Underlined on yellow: the {n} characters the model wrote "
            "(temperature {t}, seed {seed}: the same settings always write the same text).",
            len(gen.new_tokens),
        ).format(n=len(gen.new_tokens), t=_temp(temperature), seed=gen.seed)
    )

    n = len(gen.new_tokens)
    k = state.key(PAGE, "step")
    v = ss.get(k, 0)
    ss[k] = min(max(int(v) if isinstance(v, int) else 0, 0), n - 1)
    step = st.select_slider(
        _("Written character"),
        options=list(range(n)),
        key=k,
        format_func=lambda i: f"{i + 1}: {figures.visible(gen.new_tokens[i])}",
        help=_("Move along what the model wrote: the charts show the moment before it wrote it."),
    )
    t = gen.prompt_length - 1 + step  # the state that chose the new character
    tr = gen.trace
    chosen = gen.new_tokens[step]
    before = tr.tokens[max(0, t - 11) : t + 1]
    if chosen in [c for c, _p in tr.top(t, 5)]:
        drew = _(
            "Having read «{read}», the model drew **«{chosen}»** (probability {p} at "
            "temperature {t})."
        )
    else:
        drew = _(
            "Having read «{read}», the model drew **«{chosen}»** (probability {p} at "
            "temperature {t}, not one of its top 5)."
        )
    st.markdown(
        drew.format(
            read=ui.md_escape("".join(before)),
            chosen=ui.md_escape(figures.visible(chosen)),
            p=number(100 * gen.chosen_prob[step], 0) + "%",
            t=_temp(temperature),
        )
    )
    if not state.hidden("charts"):
        left, right = st.columns([2, 3])
        ui.chart(
            figures.choices_chart(top_choices(gen, t), temperature, chosen),
            key="gen-choices",
            where=left,
        )
        fig = cache.heatmap(meta.name, gen.text, "hidden", 0, None, t)
        lo, hi = max(0, t - 30), min(len(tr.tokens) - 1, t + 10)
        fig.update_layout(height=380, title_text=_("The state h after each character (zoomable)"))
        fig.update_xaxes(range=[lo - 0.5, hi + 0.5])
        ui.chart(fig, key="gen-heatmap", where=right)
    if st.button(_("Open in the explorer"), icon=":material/visibility:"):
        st.switch_page(
            "views/explorer.py",
            query_params={"model": meta.name, "text": gen.text[: state.MAX_CHARS]},
        )
    state.save(PAGE, SPEC)


ui.guard(main)
