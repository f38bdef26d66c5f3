"""The one home of caching in the app: every cached thing is keyed by strings and bounded.

- models: ``st.cache_resource`` keyed by the model's NAME (one shared, read-only copy per
  process; nothing ever writes to it or registers hooks on it), built when first asked for;
  the listing only reads configs and weight headers, and marks a folder that fails them.
  A session's own models (``session_models``) are looked up in that session, never cached
  here; their names carry a digest of their content, so the caches below, keyed by name,
  cannot mix two different models,
- traces: ``st.cache_data`` keyed by (model name, text), returning the Trace (NumPy arrays),
- each unit's own lamp range per (model, property), and the ranking of units by how well
  their lamp shows the property, measured once on a generated task sample,
- cell-view payloads and figures, which a step change would otherwise rebuild on every rerun;
  they hold words (titles, axes, the cell view's labels), so they are keyed by the session's
  language too (a thin wrapper passes ``i18n.current()``): one class's Ukrainian chart is
  never another's English one.

Every ``cache_data`` has ``max_entries`` and ``ttl``: a classroom of 30 students typing
sentences must not grow the server's memory without bound.
"""

from __future__ import annotations

import gc
import json
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass

import browser
import glossary
import i18n
import plotly.graph_objects as go
import session_models
import streamlit as st
import ui

import rnnviz
from rnnviz import figures, tasks
from rnnviz.analysis.generation import Generation, generate
from rnnviz.analysis.gradients import Gradients, gradients, saturation
from rnnviz.checkpoint import checked
from rnnviz.messages import Said
from rnnviz.model_card import CELL_NAMES
from rnnviz.resources import assets_dir

log = logging.getLogger("rnnviz.app")


class _Said(str):
    """A spinner's text, translated when Streamlit shows it: a decorator's ``show_spinner``
    is read once, at import, before any session has a language; Streamlit turns it into
    the spinner's text with ``str()`` on a cache miss, in the session's own thread."""

    def __str__(self) -> str:
        return i18n._(str.__str__(self))


def _said(message: str) -> _Said:
    return _Said(message)


def _words(lang: str):
    """The translator of ``lang`` for the words a cached figure or payload holds."""
    return i18n.translations(lang).gettext


HOUR = 3600
RANKING_SAMPLE = 160  # task examples the flag finder scores units on


@dataclass(frozen=True)
class ModelMeta:
    """What the page needs to know about a model without tracing anything."""

    name: str
    task: str
    cell: str  # lstm | gru | rnn | bag
    head: str  # classifier | lm
    layers: int
    directions: int
    units: int
    tokenizer: str  # word | char
    description: str
    accuracy: float | None
    accuracy_metric: str  # what the accuracy measures, as the card says it (words: glossary)
    properties: tuple[str, ...]
    flags: dict  # property -> {layer, direction, unit, auc, effect} from the model card


def _key(*args) -> str:
    """One string for a cached call's arguments (``repr``: str, int, float and tuples of
    them). Streamlit hashes each argument of a cached call in Python: one string costs about
    190 Python calls a hit, nine arguments or a tuple of forty model names about 2,100. The
    arguments themselves then go in a parameter named with ``_``, which is not hashed."""
    return repr(args)


@st.cache_data(ttl=60, max_entries=1, show_spinner=False)
def _listing() -> tuple[list[str], dict[str, str]]:
    """The installed models (``assets/`` and RNNVIZ_MODELS folders): those that pass every
    check that reads no tensor (:func:`rnnviz.checkpoint.checked`: config, weights file,
    shapes from the header), and the others with the one line saying why not. Nothing is
    built here: a model is built when a page asks for it (:func:`model`)."""
    ok, broken = [], {}
    for name in rnnviz.list_models():
        try:
            checked(name)
            ok.append(name)
        except Exception as e:  # a hostile folder may fail in any way; it must not stop a page
            broken[name] = problem_line(e)
            log.warning("model %s is not loadable: %s", name, broken[name])
    return ok, broken


def problem_line(e: Exception) -> Said:
    """Why a model cannot be opened: the English line (logs), keeping the library's message
    (``i18n.said`` shows it in the reader's language, one short line: a hostile config's
    message could be long). Cached for every session, so never translated here."""
    return Said(e) if str(e).strip() else Said(type(e).__name__)


def model_names() -> list[str]:
    """The installed models that can be opened (checked, not built)."""
    return list(_listing()[0])


def listing() -> tuple[list[str], dict[str, str]]:
    """``(model_names(), broken_models())`` from one cached call."""
    ok, broken = _listing()
    return list(ok), dict(broken)


def broken_models() -> dict[str, str]:
    """Installed model folders that cannot be opened → the one line saying why."""
    return dict(_listing()[1])


def recurrent_model_names() -> list[str]:
    """The models with a recurrent cell (every one but the bag of embeddings)."""
    ok, _bad = metas(model_names())
    return [n for n, m in ok.items() if m.cell != "bag"]


def metas(names: list[str]) -> tuple[dict[str, ModelMeta], dict[str, str]]:
    """The metas of ``names`` (in their order), and the ones that could not be read → why.

    One cached call for all installed models: a picker lists some forty on every rerun,
    and a cached lookup per model cost about a fifth of a rerun's server CPU.
    """
    installed = tuple(n for n in names if not session_models.is_session_name(n))
    ok, bad = _installed_metas(_key(*installed), installed)
    ok, bad = dict(ok), dict(bad)  # the shared dicts stay as they are (their values are frozen)
    for n in names:
        if session_models.is_session_name(n):
            try:
                ok[n] = meta(n)
            except Exception as e:  # e.g. a session model's name from another session
                bad[n] = problem_line(e)
    return {n: ok[n] for n in names if n in ok}, bad


@st.cache_resource(ttl=60, max_entries=8, show_spinner=False)
def _installed_metas(
    key: str, _names: tuple[str, ...]
) -> tuple[dict[str, ModelMeta], dict[str, str]]:
    ok, bad = {}, {}
    for n in _names:
        try:
            ok[n] = _installed_meta(n)
        except Exception as e:  # one broken checkpoint must not take the others down
            log.exception("model %s cannot be loaded", n)
            bad[n] = problem_line(e)
    return ok, bad


def model(name: str) -> rnnviz.RNNModel:
    """The model called ``name``: this session's own (``session_models``) or an installed
    one, built on first use. A session model's name from another session is not found."""
    if session_models.is_session_name(name):
        m = session_models.get(name)
        if m is None:
            raise rnnviz.CheckpointError(
                i18n._(
                    "this model was uploaded in another session; models are not included in links"
                )
            )
        return m
    return _installed_model(name)


@st.cache_resource(max_entries=64, show_spinner=_said(i18n.N_("Loading the model…")))
def _installed_model(name: str) -> rnnviz.RNNModel:
    return rnnviz.load(name)


def meta(name: str) -> ModelMeta:
    """What the pages need to know about a model, read from its config (nothing built for
    an installed model)."""
    if session_models.is_session_name(name):
        c = model(name).config
        what = (
            i18n._("Vocabulary of {n} tokens, tokenizer “{tokenizer}”, readout “{readout}”.")
            if c.head == "classifier"
            else i18n._("Vocabulary of {n} tokens, tokenizer “{tokenizer}”.")
        ).format(
            n=i18n.number(len(c.vocab), 0), tokenizer=c.tokenizer.get("kind"), readout=c.readout
        )
        return _meta(name, c, {"task": c.task or "your model", "description": what})
    return _installed_meta(name)


@st.cache_data(max_entries=256, ttl=HOUR, show_spinner=False)
def _installed_meta(name: str) -> ModelMeta:
    config, _ = checked(name)
    try:
        crd = rnnviz.card(name)
    except (OSError, ValueError):  # a damaged card.json leaves only the card out
        crd = {}
    return _meta(name, config, crd if isinstance(crd, dict) else {})


def _meta(name: str, c: rnnviz.ModelConfig, crd: dict) -> ModelMeta:
    task = crd.get("task") or c.task or name.split("-")[0]
    props: tuple[str, ...] = ()
    description = crd.get("description", "")
    if task in tasks.names():
        props = tuple(tasks.info(task).properties)
        description = description or tasks.info(task).description
    acc = crd.get("accuracy")
    return ModelMeta(
        name=name,
        task=task,
        cell=c.cell,
        head=c.head,
        layers=c.num_layers,
        directions=2 if c.bidirectional else 1,
        units=c.hidden_size if c.cell != "bag" else c.embed_size,
        tokenizer=c.tokenizer.get("kind", "word"),
        description=str(description),
        accuracy=float(acc) if isinstance(acc, int | float) else None,
        # as the card says it: shared by every session, put in words where it is shown
        accuracy_metric=str(crd.get("accuracy_metric") or ""),
        properties=props,
        flags={
            p: f
            for p, f in (crd.get("flags") or {}).items()
            if isinstance(f, dict) and isinstance(f.get("unit"), int)
        },
    )


@st.cache_data(max_entries=64, ttl=HOUR, show_spinner=False)
def examples(task: str) -> list[str]:
    return list(tasks.examples(task)) if task in tasks.names() else []


@st.cache_data(max_entries=512, ttl=HOUR, show_spinner=False)
def trace(name: str, text: str) -> rnnviz.Trace:
    """The trace of ``text``; raises TraceInputError for text the model cannot read."""
    return rnnviz.trace(model(name), text)


@st.cache_data(
    max_entries=128, ttl=HOUR, show_spinner=_said(i18n.N_("Measuring each unit's own range…"))
)
def unit_ranges(name: str, prop: str = ""):
    """Each unit's own lamp (:func:`rnnviz.analysis.unit_ranges`) on ``RANKING_SAMPLE``
    generated examples of the model's task: the best cut for ``prop``, or (``prop`` "") the
    unit's usual range. None for a model with no generated task to draw a sample from."""
    mt = meta(name)
    if mt.task not in tasks.names():
        return None
    try:
        from rnnviz.analysis.units import unit_ranges as measure

        sample = tasks.generate(mt.task, RANKING_SAMPLE, seed=12345)
        texts = [ex.text for ex in sample]
        if prop and prop in mt.properties and mt.cell != "bag":
            notes = [ex.annotations[prop] for ex in sample]
            return measure(model(name), texts, notes, property=prop)
        return measure(model(name), texts)
    except Exception:  # lamps fall back to a fixed threshold, never a broken page
        log.exception("unit ranges failed for %s / %s", name, prop)
        return None


def lamp_facts(name: str, prop: str, layer: int, direction: int) -> tuple[list[dict], bool]:
    """``(ranking(...), unit_ranges(name, prop) is not None)`` from one cached call, shared
    read-only by every session (the explorer asks on every rerun)."""
    ranked, lamp_dict = _facts(name, prop, layer, direction)
    return ranked, lamp_dict is not None


def lamps(name: str, prop: str, layer: int, direction: int) -> dict | None:
    """Each unit's own lamp for one layer/direction (:meth:`UnitRanges.lamps`), None where
    :func:`unit_ranges` has none: from the same cached call as :func:`lamp_facts` (every new
    sentence's cell view needs it; ``unit_ranges`` unpickles a copy on every call)."""
    return _facts(name, prop, layer, direction)[1]


def _facts(*args) -> tuple[list[dict], dict | None]:
    return _lamp_facts(_key(*args), args)  # one string to hash (see _key)


@st.cache_resource(max_entries=256, ttl=HOUR, show_spinner=False)
def _lamp_facts(key: str, _args: tuple) -> tuple[list[dict], dict | None]:
    name, prop, layer, direction = _args
    r = unit_ranges(name, prop)
    if r is None:
        return [], None
    return (r.ranked(layer, direction) if prop else []), r.lamps(layer, direction)


def ranking(name: str, prop: str, layer: int = 0, direction: int = 0) -> list[dict]:
    """Units of one layer/direction by how well their lamp shows ``prop``, best first
    (records ``{layer, direction, unit, balanced, effect}``); [] if not measurable."""
    r = unit_ranges(name, prop)
    return r.ranked(layer, direction) if r is not None else []


def _payload(
    name: str,
    text: str,
    layer: int,
    direction: int,
    unit: int,
    threshold: float,
    order: tuple[int, ...] | str,
    order_label: str,
    prop: str,
    lang: str,
    tr: rnnviz.Trace | None = None,
) -> dict:
    """The cell view's data (step excluded: the browser owns the step); the lamps are each
    unit's own range for ``prop`` (:func:`unit_ranges`); its words in ``lang``. Made once
    per view by :func:`payload_text`, which caches it as the text it is sent as. ``tr``:
    the trace of (``name``, ``text``) if the caller has it (else read from the cache)."""
    from payload import step_payload

    order_arg = list(order) if isinstance(order, tuple) else order
    return step_payload(
        model(name),
        trace(name, text) if tr is None else tr,
        layer=layer,
        direction=direction,
        unit=unit,
        threshold=threshold,
        order=order_arg,
        order_label=order_label,
        lamps=lamps(name, prop, layer, direction),
        prop_label=glossary.property_name(prop) if prop else "",  # the session's: ``lang``
        catalog=i18n.translations(lang),
    )


def payload_text(
    name: str,
    text: str,
    layer: int,
    direction: int,
    unit: int,
    threshold: float,
    order: tuple[int, ...] | str,
    order_label: str,
    prop: str = "",
    tr: rnnviz.Trace | None = None,
) -> str:
    """The cell view's data as the JSON text it is sent as, in this session's language: made
    once per view and language and shared by every session (a str: nothing to copy or
    unpickle per rerun, nothing to mutate). ``tr``: the page's trace of (``name``,
    ``text``), if it has it: a new sentence's view then does not unpickle it again."""
    args = (name, text, layer, direction, unit, threshold, order, order_label, prop)
    args += (i18n.current(),)  # the view's words are in the language: one text per language
    return _payload_text(_key(*args), args, tr)


@st.cache_resource(max_entries=256, ttl=HOUR, show_spinner=False)
def _payload_text(key: str, _args: tuple, _tr: rnnviz.Trace | None = None) -> str:
    return json.dumps(_payload(*_args, tr=_tr), separators=(",", ":"), allow_nan=False)


@st.cache_data(max_entries=256, ttl=HOUR, show_spinner=False)
def _heatmap(name: str, text: str, quantity: str, layer: int, unit: int, lang: str) -> dict:
    with figures.translated(_words(lang), i18n.decimal_mark(lang)):
        return figures.heatmap_spec(trace(name, text), quantity, layer, None, unit=unit)


@st.cache_data(max_entries=256, ttl=HOUR, show_spinner=False)
def _prediction(name: str, text: str, lang: str) -> dict:
    with figures.translated(_words(lang), i18n.decimal_mark(lang)):
        return figures.prediction_spec(trace(name, text))


@st.cache_data(max_entries=256, ttl=HOUR, show_spinner=False)
def _reading(name: str, text: str, quantity: str, layer: int, unit: int, lang: str) -> dict:
    with figures.translated(_words(lang), i18n.decimal_mark(lang)):
        return figures.reading_spec(trace(name, text), quantity, layer, unit=unit)


def reading(name: str, text: str, quantity: str, layer: int, unit: int, step: int | None) -> dict:
    """The answer after every prefix over the heatmap, as the page sends it (for_browser):
    the cursor at ``step``, or, with ``step=None``, no cursor and marked for the cell view to
    draw it in the browser (the same figure for every step, so the chart is not drawn again).
    """
    if step is None:  # the page itself draws reading_shown (cached as sent); this is for others
        spec = _reading(name, text, quantity, layer, unit, i18n.current())
        return browser.for_browser(following_spec(spec))
    return browser.for_browser(reading_image(name, text, quantity, layer, unit, step))


def reading_shown(
    name: str,
    text: str,
    quantity: str,
    layer: int,
    unit: int,
    large: bool,
    tr: rnnviz.Trace | None = None,
) -> dict:
    """``reading(..., step=None)`` as :func:`ui.chart` draws it (``large``: teacher mode's
    type), made once per view and shared read-only by every session: a rerun hands it to
    ``st.plotly_chart`` as it is (``ui.chart(..., ready=True)``), no copy, no unpickling.
    Keyed by the language too: the chart's words are in it. ``tr``: as for
    :func:`payload_text`."""
    args = (name, text, quantity, layer, unit, bool(large), i18n.current())
    return _reading_shown(_key(*args), args, tr)


@st.cache_resource(max_entries=128, ttl=HOUR, show_spinner=False)
def _reading_shown(key: str, _args: tuple, _tr: rnnviz.Trace | None = None) -> dict:
    name, text, quantity, layer, unit, large, lang = _args
    tr = trace(name, text) if _tr is None else _tr
    # not through _reading (cache_data): it would pickle the figure only to keep a copy
    with figures.translated(_words(lang), i18n.decimal_mark(lang)):
        made = figures.reading_spec(tr, quantity, layer, unit=unit)
    spec = browser.for_browser(following_spec(made))
    return ui.chart_spec(spec, large)


def following_spec(spec: dict) -> dict:
    """``figures.following`` on a figure's dict, kept a dict: the same chart once
    ``for_browser`` has it (tests/test_rerun_cost.py), without building a plotly.py Figure
    and converting it back, which was ~75% of the CPU a new sentence's chart cost here."""
    layout = dict(spec.get("layout", {}))
    layout["shapes"] = [s for s in layout.get("shapes", ()) if s.get("name") != "cursor"]
    layout["meta"] = {**(layout.get("meta") or {}), "cursor": "follow"}
    return {**spec, "layout": layout}


def reading_image(
    name: str, text: str, quantity: str, layer: int, unit: int, step: int
) -> go.Figure:
    """The same chart with the cursor at ``step``, for an image file."""
    return figures.at_step(_reading(name, text, quantity, layer, unit, i18n.current()), step)


def heatmap(name: str, text: str, quantity: str, layer: int, unit: int, step: int) -> go.Figure:
    """The heatmap with the cursor at ``step``: built once per view, moved in milliseconds."""
    return figures.at_step(_heatmap(name, text, quantity, layer, unit, i18n.current()), step)


def prediction(name: str, text: str, step: int) -> go.Figure:
    return figures.at_step(_prediction(name, text, i18n.current()), step)


@st.cache_resource(max_entries=16, show_spinner=False)
def pages(lang: str, _build) -> tuple:
    """The router's ``st.Page``s in ``lang`` (``_build()`` makes them), made once per process
    and language: twelve ``st.Page`` checks and path lookups per rerun were a tenth of the
    explorer's Python calls. Shared: navigate with copies of them."""
    return tuple(_build())


@st.cache_resource(show_spinner=_said(i18n.N_("Warming up the example sentences…")))
def warm() -> int:
    """Trace every shipped model's example sentences once per process, so first clicks are
    instant."""
    n = 0
    shipped = assets_dir()
    for name in model_names():
        if not (shipped / name / "config.json").is_file():
            continue  # models from --models / RNNVIZ_MODELS are built when first chosen
        try:
            for text in examples(meta(name).task):
                trace(name, text)
                n += 1
        except Exception:
            log.exception("warming %s failed", name)
    # What is loaded now (torch, plotly, the models) lives as long as the process: moving it
    # out of the collector's view keeps Python's automatic full collections short.
    gc.freeze()
    return n


# ---- the gradients page and the generation page ---------------------------------------

SATURATION_SAMPLE = 100  # task examples for the gradients page's saturation sample


@st.cache_data(max_entries=256, ttl=HOUR, show_spinner=False)
def grads(name: str, text: str) -> Gradients:
    """Gradient sizes of ``name``'s final answer for ``text`` (cached by name and text)."""
    return gradients(model(name), text)


@st.cache_data(max_entries=32, ttl=HOUR, show_spinner=_said(i18n.N_("Reading 100 task examples…")))
def sample_saturation(name: str, task: str) -> dict:
    """Gate saturation of ``name`` over a fixed sample of ``task`` examples."""
    m = model(name)
    texts = [ex.text for ex in tasks.generate(task, SATURATION_SAMPLE, seed=2024)]
    return saturation(rnnviz.trace(m, t) for t in texts)


# the cells' names as the charts' legends show them (rnnviz.model_card.CELL_NAMES), marked
_CELL_WORDS = (i18n.N_("plain RNN"), i18n.N_("bag of embeddings"))


def distance_curves(task: str = "long_range") -> dict[str, dict]:
    """Accuracy by distance from the ``task``-* model cards (measured when they were trained):
    ``long_range`` (gaps of 1..80 words) or ``long_range_far`` (10..80); each cell's name in
    this session's language (the cached curves are the same for every language)."""
    return {i18n._(name): acc for name, acc in _distance_curves(task).items()}


@st.cache_data(max_entries=8, ttl=HOUR, show_spinner=False)
def _distance_curves(task: str) -> dict[str, dict]:
    out = {}
    for cell in ("rnn", "lstm", "gru"):
        try:
            acc = rnnviz.card(f"{task}-{cell}").get("accuracy_by_distance")
        except Exception:
            continue
        if isinstance(acc, dict) and acc:
            out[CELL_NAMES[cell]] = {str(k): float(v) for k, v in acc.items()}
    return out


@st.cache_data(max_entries=64, ttl=HOUR, show_spinner=_said(i18n.N_("Writing…")))
def write(name: str, prompt: str, temperature: float, seed: int, length: int) -> Generation:
    """Deterministic per (model, prompt, temperature, seed, length); cached."""
    return generate(model(name), prompt, length, temperature, seed)


# ---- the Units page: corpora and what is computed over them ---------------------------------

CORPUS_TOKENS = 200_000  # the app's cap per corpus (the library's is 2,000,000)
SAMPLE_TEXTS = {"word": 800, "char": 120}  # generated texts per built-in task's sample


def digest(texts: list[str] | tuple[str, ...]) -> str:
    """What a corpus is keyed by: a SHA-256 of its texts (the texts are never a cache key)."""
    import hashlib

    h = hashlib.sha256()
    for t in texts:
        h.update(t.encode("utf-8", "surrogatepass") + b"\x00")
    return h.hexdigest()


@st.cache_data(max_entries=32, ttl=HOUR, show_spinner=False)
def sample_texts(task: str, tokenizer: str) -> list[str]:
    """The built-in task's generated sample (seeded: the same for every student)."""
    if task not in tasks.names():
        return []
    return [ex.text for ex in tasks.generate(task, SAMPLE_TEXTS.get(tokenizer, 200), seed=2026)]


@st.cache_data(max_entries=4, ttl=60, show_spinner=_said(i18n.N_("Reading the corpus folder…")))
def folder_corpora(folder: str) -> tuple[dict[str, list[str]], dict[str, str], str]:
    """The corpus folder given at start (``rnnviz app --corpus DIR``): ``(file name → texts,
    file name → why it was refused, why the whole folder was, or "")``. Read again after a
    minute, so files added while the app runs appear; checked each time, never trusted."""
    from rnnviz.analysis import read_folder

    try:
        good, bad = read_folder(folder)
    except ValueError as e:
        return {}, {}, Said(e)  # the page says it in its reader's language (i18n.said)
    return good, bad, ""


CORPORA_KEPT = 6


@st.cache_resource(show_spinner=False)
def _corpora() -> tuple[OrderedDict, threading.Lock]:
    return OrderedDict(), threading.Lock()


def has_corpus(name: str, key: str) -> bool:
    """Whether :func:`corpus` has this one already (no progress bar needed)."""
    store, lock = _corpora()
    with lock:
        return (name, key) in store


def corpus(name: str, key: str, texts: tuple[str, ...], progress=None):
    """The corpus of ``texts`` traced by model ``name``, keyed by (name, ``key`` = digest).

    One shared read-only copy per (model, corpus), the last ``CORPORA_KEPT`` used kept (a
    200,000-token corpus of a 64-unit LSTM holds about 51 MB of float16 states). Not an
    ``st.cache_resource`` itself: its progress bar lives outside, and Streamlit would try to
    replay that bar on a cache hit."""
    from rnnviz.analysis import trace_corpus

    store, lock = _corpora()
    with lock:
        if (name, key) in store:
            store.move_to_end((name, key))
            return store[(name, key)]
    c = trace_corpus(model(name), list(texts), progress=progress, max_tokens=CORPUS_TOKENS)
    with lock:
        store[(name, key)] = c
        while len(store) > CORPORA_KEPT:
            store.popitem(last=False)
    return c


@st.cache_resource(
    max_entries=16, ttl=HOUR, show_spinner=_said(i18n.N_("Fitting the state space…"))
)
def state_space(name: str, key: str, state: str, layer: int, direction: int, _corpus):
    """The PCA of one state over the corpus ``key``, fitted once."""
    from rnnviz.analysis import pca

    return pca(_corpus, state, layer, direction, k=2)


@st.cache_data(max_entries=128, ttl=HOUR, show_spinner=False)
def intervention(name: str, text: str, edits: tuple):
    from rnnviz.analysis import intervene

    return intervene(model(name), text, list(edits))


@st.cache_data(
    max_entries=64, ttl=HOUR, show_spinner=_said(i18n.N_("Writing with and without the edit…"))
)
def written_with(name: str, prompt: str, edits: tuple, n: int, seed: int) -> tuple[str, str]:
    from rnnviz.analysis import generate_edited

    return generate_edited(model(name), prompt, list(edits), n=n, seed=seed)


@st.cache_data(
    max_entries=64, ttl=HOUR, show_spinner=_said(i18n.N_("Ranking units by your marks…"))
)
def marked(name: str, texts: tuple[str, ...], marks: tuple[tuple[int, ...], ...]) -> list[dict]:
    from rnnviz.analysis import marked_units

    return [r.to_dict() for r in marked_units(model(name), list(texts), [list(m) for m in marks])]
