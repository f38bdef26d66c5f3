"""Units: what one unit tracks across many texts, units found by example, and interventions.

Storyboard: what this page is → model and corpus (the task's generated sample, or your
text) → one unit coloured over the corpus, its top contexts, histogram and means by token →
find units by example (a span of your sentence + a threshold → the units on through it →
where else in the corpus they are on together) → or by your marks ([brackets]) → intervene
(zero, clamp, flip a unit or reset the state; the answer before and after) → the state space.
"""

from __future__ import annotations

import html
import os
import re
import urllib.parse

import cache
import glossary
import numpy as np
import state
import streamlit as st
import ui
import widgets
from i18n import N_, _, ngettext, number, said

from rnnviz import TraceInputError, figures
from rnnviz.analysis import Edit, histogram, match, mean_by_token, top_contexts, units_on
from rnnviz.analysis.corpus import CORPUS_ENV, MAX_BYTES, MAX_TEXT_CHARS, read_texts

PAGE = "units"
SPEC = {
    "model": state.Param("sentiment-lstm"),
    "unit": state.Param(0, kind=int, low=0),
    "text": state.Param("the film was not good", max_len=state.MAX_CHARS * 3),
    "threshold": state.Param(0.3, kind=float, low=-3.0, high=3.0),
    "state": state.Param("cell", choices=("cell", "hidden")),
    "layer": state.Param(0, kind=int, low=0),
    "direction": state.Param(0, kind=int, low=0, high=1),
    # the span of "find units by example": first-last token, counted from 1 ("4-5")
    "span": state.Param("", max_len=20),
    # the intervention: what, which units ("8,12"), from which token (from 1), clamp value
    "action": state.Param("zero", choices=("zero", "clamp", "flip", "reset")),
    "edit": state.Param("", max_len=200),
    "from": state.Param(0, kind=int, low=0, shown_from=1),
    "value": state.Param(0.0, kind=float, low=-5.0, high=5.0),
}
SHOWN_TOKENS = 1500  # coloured corpus text on the page
BOX = (
    "<div style='max-height:16rem;overflow-y:auto;border:1px solid #ccc;border-radius:6px;"
    "padding:0.5rem 0.7rem;line-height:1.9;font-size:1rem'>{}</div>"
)
ACTIONS = {
    "zero": N_("set to 0"),
    "clamp": N_("clamp to a value"),
    "flip": N_("flip the sign"),
    "reset": N_("reset the whole state"),
}
STATES = {"cell": N_("cell"), "hidden": N_("hidden")}  # the state pickers' options, in words


def _signed(x: float, digits: int = 2) -> str:
    """``+0.30`` / ``-0.30`` with the language's decimal mark."""
    return ("+" if x >= 0 else "") + number(x, digits)


def _corpus_source(meta):
    """The texts of the corpus (None after a note) and a line saying what they are."""
    folder = os.environ.get(CORPUS_ENV, "")
    sources = ["sample", "yours"] + (["folder"] if folder else [])
    names = {
        "sample": _("the task's generated sample"),
        "yours": _("your text"),
        "folder": _("a file from the corpus folder"),
    }
    own = st.radio(
        _("Corpus"),
        sources,
        index=len(sources) - 1 if folder else 0,  # a folder given at start is what to show
        horizontal=True,
        key="units.source",
        format_func=names.get,
    )
    caps = _(
        "Caps: {tokens} tokens, {chars} characters per line, {mb} MB; one text per line, UTF-8."
    ).format(
        tokens=number(cache.CORPUS_TOKENS, 0),
        chars=number(MAX_TEXT_CHARS, 0),
        mb=MAX_BYTES // 1_000_000,
    )
    if own == "sample":
        texts = cache.sample_texts(meta.task, meta.tokenizer)
        if texts:
            return texts, ngettext(
                "{n} text generated for the {task} task (seed 2026).",
                "{n} texts generated for the {task} task (seed 2026).",
                len(texts),
            ).format(n=number(len(texts), 0), task=meta.task)
        st.info(_("This model has no built-in task: paste or upload your own text."))
        return None, ""
    if own == "folder":
        return _folder_source(folder, caps)
    c1, c2 = st.columns(2)
    pasted = c1.text_area(_("Paste text (one text per line)"), key="units.pasted", height=120)
    up = widgets.file_uploader(c2, _("…or upload a .txt file"), ["txt"], key="units.upload")
    st.caption(caps)
    data = up.getvalue() if up is not None else pasted
    if not data:
        st.info(_("Paste some text or upload a .txt file."), icon=":material/upload_file:")
        return None, ""
    try:
        return read_texts(data), _("Your text.")
    except ValueError as e:
        st.warning(ui.md_escape(said(e)), icon=":material/block:")
        return None, ""


def _folder_source(folder: str, caps: str):
    """A file of the folder given with ``rnnviz app --corpus DIR`` (read again every minute)."""
    good, bad, why = cache.folder_corpora(folder)
    if why:
        st.warning(ui.md_escape(said(why)), icon=":material/folder_off:")
        return None, ""
    name = st.selectbox(_("File"), sorted(good), key="units.file")
    st.caption(caps)
    if bad:
        st.caption(
            _("Left out ({n}): {files}").format(
                n=len(bad), files="; ".join(ui.md_escape(said(m)) for m in list(bad.values())[:5])
            )
        )
    texts = good[name]
    return texts, ngettext("{name}: {n} text.", "{name}: {n} texts.", len(texts)).format(
        name=ui.md_escape(name), n=number(len(texts), 0)
    )


def _load(meta, texts):
    key = cache.digest(texts)
    bar = st.empty()

    def progress(done: int, total: int) -> None:
        bar.progress(
            done / total,
            text=_("Reading the corpus: {done} of {total} tokens").format(
                done=number(done, 0), total=number(total, 0)
            ),
        )

    if not cache.has_corpus(meta.name, key):  # a bar from the start: tokenizing comes first
        bar.progress(
            0.0,
            text=ngettext(
                "Reading the corpus: {n} text…", "Reading the corpus: {n} texts…", len(texts)
            ).format(n=number(len(texts), 0)),
        )
    try:
        c = cache.corpus(meta.name, key, tuple(texts), progress)
    except ValueError as e:
        bar.empty()
        st.warning(ui.md_escape(said(e)), icon=":material/block:")
        return None, key
    bar.empty()
    return c, key


def _explorer_link(name: str, text: str, step: int, unit: int) -> str:
    if len(text) > state.MAX_CHARS:
        return ""
    q = urllib.parse.urlencode({"model": name, "text": text, "step": step, "unit": unit})
    word = html.escape(_("open"))
    return f" <a href='./?{html.escape(q, quote=True)}' target='_self'>{word}</a>"


def one_unit(meta, corpus, where: dict) -> None:
    st.subheader(_("One unit across the corpus"))
    unit = where["unit"]
    label = (
        _("unit {unit} of the cell state")
        if where["state"] == "cell"
        else _("unit {unit} of the hidden state")
    ).format(unit=unit)
    v = corpus.values(unit, where["layer"], where["direction"], where["state"])
    scale = float(np.abs(v).max()) or 1.0
    st.html(
        figures.legend_html(scale, _("{label} (hover a token for its value)").format(label=label))
    )
    st.html(BOX.format(figures.coloured_html(corpus, v, max_tokens=SHOWN_TOKENS, scale=scale)))
    st.caption(
        _(
            "The first {shown} of {total} tokens. Colours read the stored float16 states; the "
            "values in the contexts below are exact (the text traced again)."
        ).format(shown=number(min(SHOWN_TOKENS, len(corpus)), 0), total=number(len(corpus), 0))
    )
    kw = dict(layer=where["layer"], direction=where["direction"], state=where["state"])
    cols = st.columns(2)
    for col, lowest in zip(cols, (False, True)):
        col.markdown(_("**Lowest values**") if lowest else _("**Highest values**"))
        rows = []
        for c in top_contexts(corpus, unit, k=8, width=4, lowest=lowest, **kw):
            tr = cache.trace(meta.name, corpus.texts[c.doc])
            exact = float(tr.state(where["state"])[where["layer"], where["direction"], c.pos, unit])
            snip = figures.snippet_html(corpus, c.doc, c.pos, c.pos + 1, width=4)
            link = _explorer_link(meta.name, corpus.texts[c.doc], c.pos, unit)
            shown = number(exact, 3, signed=True)  # the reader's decimal mark
            rows.append(f"<li><code>{shown}</code> {snip}{link}</li>")
        col.html(f"<ol style='line-height:1.8'>{''.join(rows)}</ol>")
    c1, c2 = st.columns(2)
    counts, edges = histogram(corpus, unit, **kw)
    ui.chart(figures.histogram_chart(counts, edges, label), key="units-hist", where=c1)
    means = mean_by_token(corpus, unit, min_count=3, **kw)
    if means:
        ui.chart(figures.token_means_chart(means, label, k=8), key="units-means", where=c2)


def _spans(line: str) -> tuple[str, list[tuple[int, int]]]:
    """A line with [bracketed] parts → the text without brackets and the marked spans."""
    out, spans, pos = "", [], 0
    for m in re.finditer(r"\[([^\[\]]*)\]", line):
        out += line[pos : m.start()]
        spans.append((len(out), len(out) + len(m.group(1))))
        out += m.group(1)
        pos = m.end()
    return out + line[pos:], spans


def by_marks(meta) -> None:
    st.markdown(_("**Or by your marks**: put [brackets] around tokens that have a property."))
    lines = st.text_area(
        _("One sentence per line"),
        "the film was [not good] .\nthe food is good .\nthe music was [never great] .",
        key="units.marks",
        height=100,
    )
    texts, marks = [], []
    for line in [ln for ln in lines.split("\n") if ln.strip()][:20]:
        text, spans = _spans(line)
        try:
            tr = cache.trace(meta.name, text)
        except TraceInputError:
            continue
        texts.append(text)
        marks.append(
            tuple(
                i for i, (s, e) in enumerate(tr.spans) if any(a <= s and e <= b for a, b in spans)
            )
        )
    try:
        rows = cache.marked(meta.name, tuple(texts), tuple(marks))
    except ValueError as e:
        st.info(ui.md_escape(said(e)), icon=":material/edit:")
        return
    rows = rows[:8]
    auc, auc_column = ui.number_column("AUC", 3, [r["auc"] for r in rows])
    st.dataframe(
        {
            _("layer"): [r["layer"] for r in rows],
            _("direction"): [r["direction"] for r in rows],
            _("unit"): [r["unit"] for r in rows],
            "AUC": auc,
            _("goes"): [_("up") if r["effect"] > 0 else _("down") for r in rows],
        },
        hide_index=True,
        column_config={"AUC": auc_column},
    )
    st.caption(
        _(
            "AUC (how well the unit alone tells marked from unmarked tokens): 1 (or 0) = "
            "perfectly, 0.5 = no better than a coin toss."
        )
    )


def _parse_span(raw: str, T: int) -> list[int]:
    """``"4-5"`` (tokens counted from 1) → ``[3, 4]``; ``[]`` if it does not fit ``T`` tokens."""
    try:
        a, _dash, b = str(raw).partition("-")
        a, b = int(a) - 1, int(b or a) - 1
    except ValueError:
        return []
    return sorted({a, b}) if 0 <= a <= b < T else []


def _span_chips(tr, seeded: bool) -> tuple[int, int] | None:
    """Token chips to click: the span runs from the first clicked to the last (None: none)."""
    T, ss = len(tr.tokens), st.session_state
    ck, sk = "units.chips", state.key(PAGE, "span")
    chips = ss.get(ck)
    if seeded or not isinstance(chips, list) or any(not 0 <= i < T for i in chips):
        # from the link, or the sentence changed under the chips: the URL's span, else the
        # last two tokens («not good» in the example)
        ss[ck] = _parse_span(ss.get(sk, ""), T) or sorted({max(0, T - 2), T - 1})
    chips = st.pills(
        _("Span of your sentence: click its first and last token"),
        list(range(T)),
        selection_mode="multi",
        format_func=lambda t: ui.md_escape("␣" if tr.tokens[t].isspace() else tr.tokens[t]),
        key=ck,
        help=_(
            "The span runs from the first token you clicked to the last; click a chip again "
            "to take it out."
        ),
    )
    if not chips:
        ss[sk] = ""
        return None
    a, b = min(chips), max(chips)
    ss[sk] = f"{a + 1}-{b + 1}"
    return a, b


def by_example(meta, corpus, where: dict, tr, seeded: bool = False) -> list[int]:
    st.subheader(_("Find units by example"))
    span = _span_chips(tr, seeded)
    c1, c2 = st.columns([3, 1])
    thr = ui.decimal_slider(c2, _("Threshold"), -1.0, 1.0, 0.05, state.key(PAGE, "threshold"))
    if span is None:
        c1.info(_("Click a token (or several) to choose a span."), icon=":material/touch_app:")
        by_marks(meta)
        return []
    a, b = span
    c1.caption(
        _("Span: tokens {first}–{last} of {n}.").format(first=a + 1, last=b + 1, n=len(tr.tokens))
    )
    s = tr.state(where["state"])[where["layer"], where["direction"]]
    on = units_on(s, (a, b + 1), thr)
    span_text = " ".join(tr.tokens[a : b + 1])
    st.markdown(
        _("Units at or above **{threshold}** at every token of «{span}»: {units}").format(
            threshold=_signed(thr),
            span=ui.md_escape(span_text),
            units=", ".join(str(u) for u in on) if on.size else _("none"),
        )
    )
    try:
        found = match(corpus, on, thr, k=12, **where_kw(where))
    except ValueError as e:
        st.info(ui.md_escape(said(e)), icon=":material/tune:")
        by_marks(meta)
        return []
    if not found:
        st.info(_("These units are never on together elsewhere in the corpus."))
    else:
        items = "".join(
            "<li><code>"
            + html.escape(
                ngettext("IoU {iou} · {n} token", "IoU {iou} · {n} tokens", m.length).format(
                    iou=number(m.iou, 2), n=m.length
                )
            )
            + f"</code> {figures.snippet_html(corpus, m.doc, m.start, m.end)}</li>"
            for m in found
        )
        st.markdown(
            ngettext(
                "**Where else they are on together** ({n} best match):",
                "**Where else they are on together** ({n} best matches):",
                len(found),
            ).format(n=len(found))
        )
        st.html(f"<ol style='line-height:1.8'>{items}</ol>")
        st.caption(
            _(
                "Ranked by how much the units on through the match overlap yours (intersection "
                "over union: 1 = exactly your units), then by length."
            )
        )
    by_marks(meta)
    return [int(u) for u in on]


def where_kw(where: dict) -> dict:
    return dict(layer=where["layer"], direction=where["direction"], state=where["state"])


def _preset(flag: dict, where: dict) -> None:
    """The model card's flag unit set to 0 from token 0 (the tour's experiment)."""
    ss = st.session_state
    ss["units.edit_units"] = [int(flag["unit"])]
    ss["units.action"] = "zero"
    ss["units.from"] = 0
    ss["units.state"] = flag.get("state", "hidden")
    if "layer" in flag:
        ss["units.layer"] = int(flag["layer"])
    if "direction" in flag:
        ss["units.direction"] = int(flag["direction"])


def _units_from_url(raw: str, n: int) -> list[int]:
    """``"8,12"`` → ``[8, 12]`` (units of this model only, at most 8)."""
    out = []
    for part in str(raw).split(",")[:8]:
        try:
            u = int(part)
        except ValueError:
            continue
        if 0 <= u < n and u not in out:
            out.append(u)
    return out


def intervene_section(meta, tr, where: dict, chosen: list[int], seeded: bool = False) -> None:
    st.subheader(_("Intervene"))
    T = len(tr.tokens)
    ss = st.session_state
    if seeded:  # a link (or the tour) names the units to edit
        ss.pop("units.edit_units", None)
        if linked := _units_from_url(ss.get("units.edit", ""), meta.units):
            ss["units.edit_units"] = linked
    ss["units.from"] = min(max(int(ss.get("units.from") or 0), 0), T - 1)
    flag = next(iter(meta.flags.items()), None)
    if flag is not None and flag[1].get("state", "hidden") in (
        ["cell", "hidden"] if meta.cell == "lstm" else ["hidden"]
    ):
        prop, f = flag
        st.button(
            _("Try it: switch off the “{property}” unit (unit {unit}) from the first token").format(
                property=glossary.property_name(prop), unit=f["unit"]
            ),
            on_click=_preset,
            args=(f, where),
            key="units.preset",
            icon=":material/power_settings_new:",
        )
    c1, c2, c3, c4 = st.columns([2, 3, 2, 3])
    action = c1.selectbox(
        _("Edit"), list(ACTIONS), format_func=lambda a: _(ACTIONS[a]), key="units.action"
    )
    ek = "units.edit_units"
    if not isinstance(ss.get(ek), list) or any(u >= meta.units for u in ss[ek]):
        ss[ek] = [u for u in chosen if u < meta.units][:8] or [where["unit"]]
    units = c2.multiselect(_("Units"), list(range(meta.units)), key=ek, disabled=action == "reset")
    value = ui.decimal_slider(
        c3, _("Value"), -5.0, 5.0, 0.5, key="units.value", digits=1, disabled=action != "clamp"
    )
    step = c4.select_slider(
        _("From token"),
        options=list(range(T)),
        format_func=lambda t: f"{t + 1}: {tr.tokens[t]}",
        key="units.from",
    )
    ss["units.edit"] = "" if action == "reset" else ",".join(str(u) for u in units)
    edit = Edit(
        action,
        int(step),
        tuple(int(u) for u in units),
        where["state"],
        float(value),
        where["layer"],
        where["direction"],
    )
    try:
        iv = cache.intervention(meta.name, tr.text, (edit,))
    except ValueError as e:
        st.info(ui.md_escape(said(e)), icon=":material/tune:")
        return
    before, after = (
        iv.outputs[int(iv.before.probs[-1].argmax())],
        iv.outputs[int(iv.after.probs[-1].argmax())],
    )
    if meta.head == "classifier":
        k = int(iv.before.probs[-1].argmax())
        b_name, a_name = ui.md_escape(before), ui.md_escape(after)
        st.markdown(
            _(
                "Answer before: **{before}** ({p_before}); after the edit: **{after}** "
                "(chance of {before}: {p_after})."
            ).format(
                before=b_name,
                after=a_name,
                p_before=ui.percent(float(iv.before.probs[-1, k])),
                p_after=ui.percent(float(iv.after.probs[-1, k])),
            )
        )
        if before == after:
            st.info(
                _(
                    "The edit did not change the answer. A unit can track a property (a high "
                    "AUC says its value goes with it) without the answer depending on it alone: "
                    "other units may carry the same information. Try more units, another value, "
                    "or the hidden state."
                ),
                icon=":material/info:",
            )
    # the answer, then what the edit changed in each state (c first: an LSTM's memory)
    shown = ["cell", "hidden"] if meta.cell == "lstm" else ["hidden"]
    cols = st.columns(2)
    ui.chart(figures.intervention_chart(iv, lm=meta.head == "lm"), key="units-iv", where=cols[0])
    if len(shown) == 2:
        cols = [cols[1], *st.columns(2)]
    else:
        cols = cols[1:]
    for col, name in zip(cols, shown):
        ui.chart(
            figures.difference_chart(iv, name, where["layer"], where["direction"]),
            key=f"units-diff-{name}",
            where=col,
        )
    if len(shown) == 2:
        cols[2].caption(
            _(
                "Each heatmap is the state after the edit minus the state before, unit by unit "
                "and token by token (orange: the edit raised it, blue: lowered it, white: no "
                "change), each on its own scale. An edit of c reaches h from the next token on."
            )
        )
    if meta.head == "lm":
        b, a = cache.written_with(meta.name, tr.text, (edit,), 80, 0)
        w1, w2 = st.columns(2)
        w1.markdown(_("**Written as trained** (seed 0)"))
        w1.text(b)
        w2.markdown(_("**Written with the edit** (same seed)"))
        w2.text(a)


def state_space_section(meta, corpus, key, where: dict, tr) -> None:
    st.subheader(_("State space"))
    sp = cache.state_space(
        meta.name, key, where["state"], where["layer"], where["direction"], corpus
    )
    path = tr.state(where["state"])[where["layer"], where["direction"]]
    ui.chart(figures.state_space_chart(sp, corpus, path, tr.tokens), key="units-pca")
    st.caption(
        _(
            "A PCA fitted once on all {n} tokens of the corpus; each dot is one token's state, "
            "coloured by the model's answer after it. The line is your sentence."
        ).format(n=number(sp.sample, 0))
    )


def best_unit_for(meta, col, where: dict, ukey: str) -> None:
    """A property picker: the flag finder's best unit for it here, one click away."""
    prop = col.selectbox(
        _("Best unit for a property"),
        ["", *meta.properties],
        format_func=lambda p: glossary.property_name(p) if p else _("(choose)"),
        key="units.flag",
        help=_(
            "The flag finder ranks every unit by how well it alone tells tokens where the "
            "property holds (on the task's generated sample)."
        ),
    )
    if not prop:
        return
    lamp_state = "cell" if meta.cell == "lstm" else "hidden"  # what the flag ranking reads
    rows = (
        cache.ranking(meta.name, prop, where["layer"], where["direction"])
        if where["state"] == lamp_state
        else []
    )
    if not rows:
        name = ui.md_escape(glossary.property_name(prop))
        st.caption(
            (
                _("No ranking of the cell state for “{name}” here.")
                if where["state"] == "cell"
                else _("No ranking of the hidden state for “{name}” here.")
            ).format(name=name)
        )
        return
    top = rows[0]
    note, button = st.columns([4, 1], vertical_alignment="center")
    note.caption(
        _(
            "Best unit for “{name}”: **unit {unit}** (its own on/off cut is right {percent} of "
            "the time, both groups counted equally; 50% = chance)."
        ).format(
            name=ui.md_escape(glossary.property_name(prop)),
            unit=top["unit"],
            percent=f"{number(100 * top['balanced'], 0)}%",
        )
    )
    button.button(
        _("Show unit {unit}").format(unit=top["unit"]),
        on_click=lambda: st.session_state.__setitem__(ukey, int(top["unit"])),
        key="units.use_best",
    )


def main() -> None:
    state.apply_teacher_style()
    st.title(_("Units across a corpus"))
    widgets.intro(
        _(
            "What does one unit track? Read it over many texts: where it is high, where it is "
            "low. Then test a hypothesis: pick a span of your sentence, find the units that "
            "stay on through it, and see where else they are on together. Finally, switch a "
            "unit off and watch the answer change (or not)."
        )
    )
    seeded = state.bind(PAGE, SPEC)
    names = cache.recurrent_model_names()
    if not names:
        st.info(_("No recurrent models are installed."))
        return
    c1, c2 = st.columns([2, 3])
    with c1:
        meta = widgets.model_select(PAGE, names, accept=widgets.recurrent)
    if meta is None:  # a model folder that cannot be opened: the picker said why
        state.keep(PAGE, SPEC)
        state.save(PAGE, SPEC)
        return
    with c2:
        texts, what = _corpus_source(meta)
    if texts is None:
        state.save(PAGE, SPEC)
        return
    corpus, key = _load(meta, texts)
    if corpus is None:
        state.save(PAGE, SPEC)
        return
    st.caption(
        ngettext(
            "{what} {n} token, {mb} MB of states kept.",
            "{what} {n} tokens, {mb} MB of states kept.",
            len(corpus),
        ).format(what=what, n=number(len(corpus), 0), mb=number(corpus.nbytes / 1e6, 1))
    )

    pickers = ["unit", "state"] + (["layer"] if meta.layers > 1 else [])
    pickers += (["direction"] if meta.directions > 1 else []) + (
        ["flag"] if meta.properties else []
    )
    cols = dict(zip(pickers, st.columns(len(pickers))))
    ss = st.session_state
    ukey = state.key(PAGE, "unit")
    ss[ukey] = min(int(ss.get(ukey) or 0), meta.units - 1)
    states = ["cell", "hidden"] if meta.cell == "lstm" else ["hidden"]
    state.choose("units.state", states)
    for name, n in (("layer", meta.layers), ("direction", meta.directions)):
        ss[state.key(PAGE, name)] = min(max(int(ss.get(state.key(PAGE, name)) or 0), 0), n - 1)
    where = {
        "unit": int(cols["unit"].number_input(_("Unit"), 0, meta.units - 1, step=1, key=ukey)),
        "state": cols["state"].selectbox(
            _("State"), states, format_func=lambda s: _(STATES[s]), key="units.state"
        ),
        "layer": cols["layer"].selectbox(_("Layer"), list(range(meta.layers)), key="units.layer")
        if "layer" in cols
        else 0,
        "direction": cols["direction"].selectbox(
            _("Direction"),
            [0, 1],
            format_func=lambda d: _("forward →") if d == 0 else _("← backward"),
            key="units.direction",
        )
        if "direction" in cols
        else 0,
    }
    if "flag" in cols:
        best_unit_for(meta, cols["flag"], where, ukey)
    one_unit(meta, corpus, where)

    text = widgets.text_box(PAGE, _("Your sentence"))
    tr = widgets.trace_or_note(meta.name, text) if text else None
    if tr is not None:
        chosen = by_example(meta, corpus, where, tr, seeded)
        intervene_section(meta, tr, where, chosen, seeded)
        state_space_section(meta, corpus, key, where, tr)
    state.save(PAGE, SPEC)


ui.guard(main)
