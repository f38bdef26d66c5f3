"""The one home of caching in the app: every cached thing is keyed by strings and bounded.

- models: ``st.cache_resource`` keyed by the model's NAME (one shared, read-only copy per
  process; nothing ever writes to it or registers hooks on it),
- traces: ``st.cache_data`` keyed by (model name, text), returning the Trace (NumPy arrays),
- each unit's own lamp range per (model, property), and the ranking of units by how well
  their lamp shows the property, measured once on a generated task sample,
- cell-view payloads and figures, which a step change would otherwise rebuild on every rerun.

Every ``cache_data`` has ``max_entries`` and ``ttl``: a classroom of 30 students typing
sentences must not grow the server's memory without bound.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass

import browser
import glossary
import plotly.graph_objects as go
import streamlit as st

import rnnviz
from rnnviz import figures, tasks
from rnnviz.analysis.generation import Generation, generate
from rnnviz.analysis.gradients import Gradients, gradients, saturation
from rnnviz.model_card import CELL_NAMES

log = logging.getLogger("rnnviz.app")

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
    accuracy_metric: str  # what the accuracy measures, from the model card
    properties: tuple[str, ...]
    flags: dict  # property -> {layer, direction, unit, auc, effect} from the model card


@st.cache_data(ttl=60, max_entries=1, show_spinner=False)
def model_names() -> list[str]:
    return rnnviz.list_models()


def recurrent_model_names() -> list[str]:
    """The models with a recurrent cell (every one but the bag of embeddings)."""
    return [n for n in model_names() if meta(n).cell != "bag"]


@st.cache_resource(max_entries=64, show_spinner=False)
def model(name: str) -> rnnviz.RNNModel:
    return rnnviz.load(name)


@st.cache_data(max_entries=256, ttl=HOUR, show_spinner=False)
def meta(name: str) -> ModelMeta:
    m = model(name)
    c = m.config
    crd = rnnviz.card(name)
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
        accuracy_metric=glossary.plain_metric(str(crd.get("accuracy_metric") or "")),
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


@st.cache_data(max_entries=128, ttl=HOUR, show_spinner="Measuring each unit's own range…")
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


def ranking(name: str, prop: str, layer: int = 0, direction: int = 0) -> list[dict]:
    """Units of one layer/direction by how well their lamp shows ``prop``, best first
    (records ``{layer, direction, unit, balanced, effect}``); [] if not measurable."""
    r = unit_ranges(name, prop)
    return r.ranked(layer, direction) if r is not None else []


@st.cache_data(max_entries=256, ttl=HOUR, show_spinner=False)
def payload(
    name: str,
    text: str,
    layer: int,
    direction: int,
    unit: int,
    threshold: float,
    order: tuple[int, ...] | str,
    order_label: str,
    prop: str = "",
) -> dict:
    """The cell view's data (step excluded: the browser owns the step); the lamps are each
    unit's own range for ``prop`` (:func:`unit_ranges`)."""
    from payload import step_payload

    order_arg = list(order) if isinstance(order, tuple) else order
    ranges = unit_ranges(name, prop)
    return step_payload(
        model(name),
        trace(name, text),
        layer=layer,
        direction=direction,
        unit=unit,
        threshold=threshold,
        order=order_arg,
        order_label=order_label,
        lamps=ranges.lamps(layer, direction) if ranges is not None else None,
        prop_label=glossary.property_name(prop) if prop else "",
    )


@st.cache_data(max_entries=256, ttl=HOUR, show_spinner=False)
def _heatmap(name: str, text: str, quantity: str, layer: int, unit: int) -> dict:
    return figures.heatmap_spec(trace(name, text), quantity, layer, None, unit=unit)


@st.cache_data(max_entries=256, ttl=HOUR, show_spinner=False)
def _prediction(name: str, text: str) -> dict:
    return figures.prediction_spec(trace(name, text))


@st.cache_data(max_entries=256, ttl=HOUR, show_spinner=False)
def _reading(name: str, text: str, quantity: str, layer: int, unit: int) -> dict:
    return figures.reading_spec(trace(name, text), quantity, layer, unit=unit)


def reading(name: str, text: str, quantity: str, layer: int, unit: int, step: int | None) -> dict:
    """The answer after every prefix over the heatmap, as the page sends it (for_browser):
    the cursor at ``step``, or, with ``step=None``, no cursor and marked for the cell view to
    draw it in the browser (the same figure for every step, so the chart is not drawn again).
    """
    if step is None:
        return _reading_following(name, text, quantity, layer, unit)
    return browser.for_browser(reading_image(name, text, quantity, layer, unit, step))


@st.cache_data(max_entries=256, ttl=HOUR, show_spinner=False)
def _reading_following(name: str, text: str, quantity: str, layer: int, unit: int) -> dict:
    return browser.for_browser(following_spec(_reading(name, text, quantity, layer, unit)))


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
    return figures.at_step(_reading(name, text, quantity, layer, unit), step)


def heatmap(name: str, text: str, quantity: str, layer: int, unit: int, step: int) -> go.Figure:
    """The heatmap with the cursor at ``step``: built once per view, moved in milliseconds."""
    return figures.at_step(_heatmap(name, text, quantity, layer, unit), step)


def prediction(name: str, text: str, step: int) -> go.Figure:
    return figures.at_step(_prediction(name, text), step)


@st.cache_resource(show_spinner="Warming up the example sentences…")
def warm() -> int:
    """Trace every model's example sentences once per process, so first clicks are instant."""
    n = 0
    for name in model_names():
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


@st.cache_data(max_entries=32, ttl=HOUR, show_spinner="Reading 100 task examples…")
def sample_saturation(name: str, task: str) -> dict:
    """Gate saturation of ``name`` over a fixed sample of ``task`` examples."""
    m = model(name)
    texts = [ex.text for ex in tasks.generate(task, SATURATION_SAMPLE, seed=2024)]
    return saturation(rnnviz.trace(m, t) for t in texts)


@st.cache_data(max_entries=8, ttl=HOUR, show_spinner=False)
def distance_curves() -> dict[str, dict]:
    """Accuracy by distance from the long_range model cards (measured when they were trained)."""
    out = {}
    for cell in ("rnn", "lstm", "gru"):
        try:
            acc = rnnviz.card(f"long_range-{cell}").get("accuracy_by_distance")
        except Exception:
            continue
        if isinstance(acc, dict) and acc:
            out[CELL_NAMES[cell]] = {str(k): float(v) for k, v in acc.items()}
    return out


@st.cache_data(max_entries=64, ttl=HOUR, show_spinner="Writing…")
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


@st.cache_data(max_entries=4, ttl=60, show_spinner="Reading the corpus folder…")
def folder_corpora(folder: str) -> tuple[dict[str, list[str]], dict[str, str], str]:
    """The corpus folder given at start (``rnnviz app --corpus DIR``): ``(file name → texts,
    file name → why it was refused, why the whole folder was, or "")``. Read again after a
    minute, so files added while the app runs appear; checked each time, never trusted."""
    from rnnviz.analysis import read_folder

    try:
        good, bad = read_folder(folder)
    except ValueError as e:
        return {}, {}, str(e)
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


@st.cache_resource(max_entries=16, ttl=HOUR, show_spinner="Fitting the state space…")
def state_space(name: str, key: str, state: str, layer: int, direction: int, _corpus):
    """The PCA of one state over the corpus ``key``, fitted once."""
    from rnnviz.analysis import pca

    return pca(_corpus, state, layer, direction, k=2)


@st.cache_data(max_entries=128, ttl=HOUR, show_spinner=False)
def intervention(name: str, text: str, edits: tuple):
    from rnnviz.analysis import intervene

    return intervene(model(name), text, list(edits))


@st.cache_data(max_entries=64, ttl=HOUR, show_spinner="Writing with and without the edit…")
def written_with(name: str, prompt: str, edits: tuple, n: int, seed: int) -> tuple[str, str]:
    from rnnviz.analysis import generate_edited

    return generate_edited(model(name), prompt, list(edits), n=n, seed=seed)


@st.cache_data(max_entries=64, ttl=HOUR, show_spinner="Ranking units by your marks…")
def marked(name: str, texts: tuple[str, ...], marks: tuple[tuple[int, ...], ...]) -> list[dict]:
    from rnnviz.analysis import marked_units

    return [r.to_dict() for r in marked_units(model(name), list(texts), [list(m) for m in marks])]
