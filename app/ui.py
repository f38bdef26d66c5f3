"""Shared pieces of the app's UI: safe text, a page guard, labels, downloads, cell controls.

Anything a user typed (or put in a URL) reaches the page only through :func:`md_escape`
(for Markdown), ``st.text`` / ``st.code`` (shown literally) or the figures' own escaping.
"""

from __future__ import annotations

import functools
import logging
import re
import time
from collections.abc import Callable

import browser
import glossary
import i18n
import session_models
import streamlit as st
from i18n import N_, _, number, said

log = logging.getLogger("rnnviz.app")

# Everything Markdown (and Streamlit's extensions: :colour[], $math$, emoji shortcodes)
# could read as markup; a backslash makes each literal.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&:~$=^\"'])")
# marked N_(): shown with _(CELL_NAMES[c]) in the session's language
CELL_NAMES = {"lstm": "LSTM", "gru": "GRU", "rnn": N_("plain RNN"), "bag": N_("bag of embeddings")}


# every chart in the app: no vendor logo; the camera button saves a sharp PNG in the browser
# (no server-side image library needed)
PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


def chart(fig, key: str, where=None, ready: bool = False, **kwargs) -> None:
    """Draw a Plotly figure as every chart in the app is drawn: our colours (``theme=None``),
    no vendor logo, and sent so that the browser draws it once, not twice
    (:mod:`app/browser.py`). ``fig``: a figure, or a dict already made by ``for_browser``;
    ``ready``: a dict made by :func:`chart_spec` (cached), sent as it is."""
    spec = fig if ready else chart_spec(fig, bool(st.session_state.get("_teacher")))
    (where or st).plotly_chart(
        browser.Sendable(spec), key=key, theme=None, config=plotly_config(i18n.current()), **kwargs
    )


# Plotly's own words a reader meets: its modebar's tooltips and the hint after a zoom. Plotly
# looks each up in the chart's `config.locales` (its English text is the key).
PLOTLY_WORDS = (
    N_("Download plot as a PNG"),
    N_("Zoom"),
    N_("Pan"),
    N_("Zoom in"),
    N_("Zoom out"),
    N_("Autoscale"),
    N_("Reset axes"),
    N_("Reset view"),
    N_("Toggle Spike Lines"),
    N_("Show closest data on hover"),
    N_("Compare data on hover"),
    N_("Double-click to zoom back out"),
)


@functools.lru_cache(maxsize=8)  # one per language; a chart's config is sent as it is
def plotly_config(lang: str) -> dict:
    """:data:`PLOTLY_CONFIG` with Plotly's own words in ``lang``."""
    if lang == i18n.SOURCE:
        return PLOTLY_CONFIG
    tr = i18n.translations(lang)
    words = {w: tr.gettext(w) for w in PLOTLY_WORDS}
    return {**PLOTLY_CONFIG, "locale": lang, "locales": {lang: {"dictionary": words}}}


def chart_spec(fig, large: bool = False) -> dict:
    """What :func:`chart` sends for ``fig``: for the browser, with teacher mode's larger
    type (``large``) and titles that fit a phone. A new dict: ``fig`` is left as it is."""
    spec = browser.for_browser(fig)
    # the layout is changed below: a copy of what is changed, never the cached figure's own
    spec = {**spec, "layout": _changeable(spec.get("layout", {}))}
    if i18n.current() != i18n.SOURCE:  # axes and hovers: 0,5 and 1 000 (Plotly's d3-format)
        spec["layout"]["separators"] = i18n.separators()
    if large:  # a projector, not a phone: the larger title has the width to stay on one line
        return fit_small_screens(larger_type(spec), TITLE_CHARS_LARGE)
    return fit_small_screens(spec)


# the parts of a layout that larger_type and fit_small_screens change, two levels deep
# (e.g. layout.title.font, layout.xaxis.title); a deep copy of the whole layout (its
# template's defaults written in) was most of the work of making a new sentence's chart
_CHANGED = ("font", "title", "legend", "margin", "xaxis")


def _changeable(layout: dict) -> dict:
    out = dict(layout)
    for k, v in out.items():
        if k.startswith(_CHANGED) and isinstance(v, dict):
            out[k] = {kk: dict(vv) if isinstance(vv, dict) else vv for kk, vv in v.items()}
    return out


# A phone shows a chart about 350 px wide: about 40 characters of a 16 px title, 34 of an
# axis title. Plotly never wraps a title, it clips it (and a legend above the plot covered
# the title), so long titles are wrapped here and the legend gets a row of its own.
TITLE_CHARS, AXIS_TITLE_CHARS, PHONE_WIDTH = 40, 34, 340
TITLE_CHARS_LARGE = 70  # teacher mode: a chart over 1,000 px wide, its title at 22 px
TITLE_SIZE = 17  # px: a title's size where the figure gives none (Plotly's own default)
PAD = 20  # px above a chart's title: Streamlit's element above may overlap the chart's top
_TAG = re.compile(r"<[^>]*>|&[#a-z0-9]+;", re.I)


def wrap_title(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` visible characters, broken at spaces and as
    even as possible (Plotly's own line break ``<br>`` is kept)."""
    if "<br>" in text or re.search(r"<[^>]* [^>]*>", text):
        return text.split("<br>")  # already laid out, or a tag with attributes: leave it
    visible = len(_TAG.sub("x", text))
    if visible <= width:
        return [text]
    words = text.split(" ")
    n = -(-visible // width)  # the fewest lines it can take
    # the shortest line limit that still needs only n lines: lines of even length
    for limit in range(-(-visible // n), width + 1):
        lines = _greedy(words, limit)
        if len(lines) <= n:
            return lines
    return _greedy(words, width)


def _greedy(words: list[str], limit: int) -> list[str]:
    lines, cur = [], ""
    for w in words:
        if cur and len(_TAG.sub("x", f"{cur} {w}")) > limit:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    return [*lines, cur]


def _legend_rows(spec: dict) -> int:
    """Rows a horizontal legend takes on a phone (an estimate: ~7 px a character)."""
    names = [
        str(t.get("name") or "")
        for t in spec.get("data", [])
        if t.get("showlegend", True) is not False and t.get("name")
    ]
    if not names or spec["layout"].get("showlegend") is False:
        return 0
    width = sum(40 + 7 * len(n) for n in names)
    return -(-width // PHONE_WIDTH)


def fit_small_screens(spec: dict, title_chars: int = TITLE_CHARS) -> dict:
    """Long titles wrapped (at ``title_chars``), and a horizontal legend above the plot given
    its own rows under the title (in the figure's top margin), so neither is clipped nor
    covers the other at 390 px; at 1280 px a short title and its legend look as before."""
    lay = spec.get("layout", {})
    title = lay.get("title")
    text = title.get("text") if isinstance(title, dict) else title
    for ax in [k for k in lay if k.startswith("xaxis")]:
        t = lay[ax].get("title") if isinstance(lay[ax], dict) else None
        if isinstance(t, dict) and isinstance(t.get("text"), str):
            t["text"] = "<br>".join(wrap_title(t["text"], AXIS_TITLE_CHARS))
    if not text:
        return spec
    lines = wrap_title(str(text), title_chars)
    font = dict(title.get("font") or {}) if isinstance(title, dict) else {}
    size = float(font.get("size") or TITLE_SIZE)
    title_h = len(lines) * size * 1.3
    leg = lay.get("legend") or {}
    on_top = leg.get("orientation") == "h" and float(leg.get("y", 0)) >= 1
    rows = _legend_rows(spec) if on_top else 0
    top = PAD + title_h + (8 + rows * 22 if rows else 0) + 14
    height = float(lay.get("height") or 450)
    lay["title"] = {
        **(title if isinstance(title, dict) else {}),
        "text": "<br>".join(lines),
        "x": 0,
        "xanchor": "left",
        "xref": "container",
        "yref": "container",
        "y": 1 - PAD / height,
        "yanchor": "top",
        "font": {**font, "size": size},
    }
    margin = dict(lay.get("margin") or {})
    margin["t"] = max(float(margin.get("t") or 0), top)
    lay["margin"] = margin
    if rows:
        # In the plot's own coordinates ("paper"), not the container's: a legend placed
        # against the container made Plotly.js lay the chart out twice (145 ms instead of
        # 71 for the explorer's chart, measured in Chromium). Its top sits under the title.
        plot_h = max(height - margin["t"] - float(margin.get("b") or 80), 1.0)
        lay["legend"] = {
            **{k: v for k, v in leg.items() if k not in ("xref", "yref")},
            "x": 0,
            "xanchor": "left",
            "y": 1 + (margin["t"] - (PAD + title_h + 8)) / plot_h,
            "yanchor": "top",
        }
    return spec


def larger_type(spec: dict, factor: float = 1.3) -> dict:
    """A chart's type for a projector (teacher mode), as much larger as the page's own: its
    text, title and legend, and the axes' own tick labels (the tokens under a heatmap are
    given a size of their own, which the chart's text size does not reach)."""
    lay = spec.get("layout", {})
    title = lay.get("title")
    if isinstance(title, str):
        title = lay["title"] = {"text": title}
    if isinstance(title, dict) and title.get("text") and not (title.get("font") or {}).get("size"):
        # a title of the default size must grow too, or it ends up smaller than the ticks
        title["font"] = {**(title.get("font") or {}), "size": TITLE_SIZE}
    for part in (lay, lay.get("title"), lay.get("legend")):
        if isinstance(part, dict) and isinstance(part.get("font"), dict):
            size = part["font"].get("size")
            if isinstance(size, int | float):
                part["font"]["size"] = round(size * factor)
    for key, axis in lay.items():
        tick = axis.get("tickfont") if browser.AXIS.match(key) and isinstance(axis, dict) else None
        if isinstance(tick, dict) and isinstance(tick.get("size"), int | float):
            # a new dict: the layout's copy (chart_spec) goes two levels deep, no further
            lay[key] = {**axis, "tickfont": {**tick, "size": round(tick["size"] * factor)}}
    margin = lay.get("margin")
    if isinstance(margin, dict) and isinstance(margin.get("t"), int | float):
        margin["t"] = round(margin["t"] * factor)
    return spec


def md_escape(text: str) -> str:
    """``text`` for ``st.markdown``: shown literally, never as links, images, HTML or maths."""
    text = str(text)
    if not text.isprintable():  # one check for the whole text: most have nothing to replace
        text = "".join(ch if ch.isprintable() or ch in "\n\t" else "\ufffd" for ch in text)
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def guard(body: Callable[[], None]) -> None:
    """Run a page body; an unexpected error becomes a short message, the traceback a log line."""
    t0 = time.perf_counter()
    try:
        body()
        log.debug("page drawn in %.0f ms", 1000 * (time.perf_counter() - t0))
    except Exception:
        log.exception("the page failed")
        st.error(
            _(
                "Something went wrong while drawing this view. Try another sentence or model; "
                "if it keeps happening, tell your teacher (the details are in the server log)."
            )
        )


def model_label(meta) -> str:
    """One line for the model picker: task · cell · shape · accuracy."""
    return _model_label(
        i18n.current(),
        meta.name,
        meta.task,
        meta.cell,
        meta.directions,
        meta.layers,
        meta.units,
        meta.accuracy,
    )


# Once per process, language and model: a picker formats every installed model (about 40) on
# every rerun, and a label's gettext and Babel number formatting were a sixth of the
# explorer's server work under load (py-spy, benchmarks/load.py). Bounded; all plain values.
@functools.lru_cache(maxsize=2048)
def _model_label(lang, name, task, cell, directions, layers, units, accuracy) -> str:
    t = i18n.translations(lang)
    _, ngettext = t.gettext, t.ngettext  # this language's, by the names the extractor reads
    cell_name = _(CELL_NAMES.get(cell, cell))
    parts = [task, cell_name]
    if session_models.is_session_name(name):
        parts[0] = _("your model “{name}”").format(name=session_models.label(name))
    if directions == 2:
        parts[-1] = _("bidirectional {cell}").format(cell=cell_name)
    if layers > 1:
        parts.append(ngettext("{n} layer", "{n} layers", layers).format(n=layers))
    if cell != "bag":
        parts.append(ngettext("{n} unit", "{n} units", units).format(n=units))
    if accuracy is not None:
        parts.append(_("{percent} right").format(percent=percent(accuracy, lang)))
    return " · ".join(parts)


def broken_label(name: str, reason: str) -> str:
    """The picker's line for an installed model folder that cannot be opened: its name and
    the start of why (the page shows the whole line when it is picked)."""
    short = said(reason, limit=70)
    return "⚠ " + _("{name} · cannot be opened: {reason}").format(name=name, reason=short)


def percent(x: float, lang: str | None = None) -> str:
    """99.8% stays 99.8% (not a rounded-up 100%), in the language's own way (99,8%);
    ``lang``: that language's way (default: this session's)."""
    return _percent(round(100 * x, 1), lang or i18n.current())


# Babel's formatting is about 150 Python calls; the explorer writes the best flag's score on
# every rerun. Few distinct values (one decimal of a percentage, per language): cached.
@functools.lru_cache(maxsize=4096)
def _percent(v: float, lang: str) -> str:
    return f"{number(v, 0 if v == int(v) else 1, lang)}%"


# A probability bar's label: "50%", written by the browser in its own locale's way (Intl:
# "49,73 %" in a Ukrainian browser), the app's default language; a printf format such as
# "%.2f" would write "0.50" with a point in every language.
PERCENT = "percent"


def number_column(label: str, digits: int, values: list[float], signed: bool = False):
    """A table column of numbers with ``digits`` decimals: ``(cells, column config)``.

    Streamlit writes a table's numbers in the browser, with a point whatever the page's
    language; in another language the cells are text written the reader's way
    (``i18n.number``: a decimal comma), aligned right as numbers are. English keeps numbers
    (sortable by value), formatted by the column."""
    if i18n.current() == i18n.SOURCE:
        fmt = f"%{'+' if signed else ''}.{digits}f"
        return [float(v) for v in values], st.column_config.NumberColumn(label, format=fmt)
    cells = [number(float(v), digits, signed=signed) for v in values]
    return cells, st.column_config.TextColumn(label, alignment="right")


# Once per process: in a page script (run afresh by every rerun) a functools.cache was a new,
# empty cache each time, and this search of the installed packages ran on every rerun.
@functools.cache
def can_make_images() -> bool:
    """Whether the server can draw chart files itself (kaleido, a dev extra, is installed).
    Without it the chart's own camera button still saves a PNG, drawn by the browser."""
    import importlib.util

    return importlib.util.find_spec("kaleido") is not None


def downloads(
    items: list[tuple[str, str, str, Callable[[], bytes]]],
    key: str,
    where=None,
    stacked: bool = False,
) -> None:
    """A row (or, ``stacked``, a column) of download buttons; each file is made only when
    its button is clicked.

    ``data`` is a callable, so a PNG (kaleido starts a browser: about a second) or a CSV is
    computed only for the student who asks, never on an ordinary rerun.
    """
    where = where or st
    cols = [where] * len(items) if stacked else where.columns(len(items))
    for col, (label, filename, mime, make) in zip(cols, items):
        col.download_button(
            label,
            data=make,
            file_name=filename,
            mime=mime,
            key=f"{key}-{filename}",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )


def safe_filename(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "text"


def cell_controls(meta, ranked: list[dict], calibrated: bool) -> tuple[tuple[int, ...] | str, str]:
    """One row of controls for the cell view; returns the lamp order and its label.

    Layer and direction pickers appear only for stacked / bidirectional models; the flag
    picker only when the model's task has properties. ``ranked``: the units of this layer
    and direction by how well their lamp shows the chosen property (best first);
    ``calibrated``: every lamp has its own measured range (else a fixed threshold slider).
    """
    st.subheader(_("Step through the sentence"))
    ss = st.session_state
    flags = bool(meta.properties) and meta.cell != "bag"
    # one row, in this order (on a phone one picker under another, as columns would be: the
    # router's style): a horizontal container is one element where columns are one per
    # picker plus the row, and a rerun's cost is per element
    row = st.container(horizontal=True, gap="small", key="cell_pickers")
    if meta.directions > 1:
        row.radio(
            _("Direction"),
            [0, 1],
            key="direction",
            format_func=lambda d: _("forward →") if d == 0 else _("← backward"),
            help=_("A bidirectional model has one state per direction; the charts show both."),
        )
    if meta.layers > 1:
        row.selectbox(
            _("Layer"),
            list(range(meta.layers)),
            key="layer",
            format_func=lambda k: (
                _("layer {k} (reads the words)") if k == 0 else _("layer {k}")
            ).format(k=k),
            help=_("Layer 0 reads the words; each layer above reads the one below."),
        )
    row.number_input(
        _("Unit"),
        min_value=0,
        max_value=meta.units - 1,
        step=1,
        key="unit",
        help=_("Which of the {n} units the formula and gates show (0–{last}).").format(
            n=meta.units, last=meta.units - 1
        ),
    )
    orders = ["index", "change"] + (["flag"] if flags else [])
    labels = {
        "index": _("by unit number"),
        "change": _("by change at this token"),
        "flag": _("best flag first"),
    }
    row.selectbox(
        _("Lamp order"),
        orders,
        key="order",
        format_func=labels.get,
        help=_("The lamps under the diagram, one per unit.") + " " + _(glossary.TERMS["lamp"]),
    )
    if flags:
        prop = row.selectbox(
            _("Flag to look for"),
            list(meta.properties),
            key="property",
            format_func=glossary.property_name,
            help=_("Something that is true or false at each word.")
            + " "
            + _(glossary.TERMS["flag"]),
        )
    if not calibrated:
        decimal_slider(
            row,
            _("Lamp threshold"),
            0.0,
            1.0,
            0.05,
            "threshold",
            help=_("A lamp is lit when its unit's value is further from 0 than this."),
        )
    if not flags:
        return ss["order"] if ss["order"] != "flag" else "index", ""
    name = glossary.property_name(prop)
    if ranked:
        top = ranked[0]
        note, button = st.columns([4, 1], vertical_alignment="center")
        if meta.tokenizer == "char":  # a character model's lamp is scored letter by letter
            caption = _(
                "Best flag for “{name}” here: **unit {unit}**. Its lamp is right on {percent} "
                "of the letters of 160 generated example sentences, counting the letters where "
                "it holds and where it does not equally (50% would be guessing)."
            )
        else:
            caption = _(
                "Best flag for “{name}” here: **unit {unit}**. Its lamp is right on {percent} "
                "of the words of 160 generated example sentences, counting the words where it "
                "holds and where it does not equally (50% would be guessing)."
            )
        note.caption(
            caption.format(name=md_escape(name), unit=top["unit"], percent=percent(top["balanced"]))
        )
        if ss["unit"] != top["unit"]:
            button.button(
                _("Show unit {unit}").format(unit=top["unit"]),
                on_click=_set_unit,
                args=(top["unit"],),
                key="use_best",
                width="stretch",
            )
    if ss["order"] == "flag":
        order = tuple(r["unit"] for r in ranked)
        return order or "index", _("best flag for “{name}” first").format(name=name)
    return ss["order"], ""


def _set_unit(unit: int) -> None:
    st.session_state["unit"] = int(unit)


def decimal_slider(
    where, label: str, low: float, high: float, step: float, key: str, digits: int = 2, **kwargs
) -> float:
    """``st.slider`` over decimals, its numbers written with the language's decimal mark.

    Streamlit's slider formats its value in the browser (sprintf: always ``0.80``; its
    ``"localized"`` format follows the browser, not the language chosen here). In another
    language this is a ``select_slider`` over the same steps whose labels are
    :func:`i18n.number` (``0,80``); a value off the steps (a link's ``0.33``) is kept as one
    more stop. English: the plain slider, as before.
    """
    if i18n.current() == i18n.SOURCE:
        return where.slider(label, low, high, step=step, key=key, **kwargs)
    n = round((high - low) / step)
    stops = [round(low + i * step, 10) for i in range(n + 1)]
    now = st.session_state.get(key)
    if isinstance(now, (int, float)) and low <= now <= high and now not in stops:
        stops = sorted([*stops, float(now)])

    def shown(v: float) -> str:  # a link's 0.33 on a 0.1 grid keeps its second digit
        return i18n.number(v, next((k for k in range(digits, 5) if round(v, k) == v), 4))

    return where.select_slider(label, stops, key=key, format_func=shown, **kwargs)
