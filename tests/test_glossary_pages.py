"""Words a student can follow, on every page: no raw property identifiers (``plural_subject``)
and no maths source shown as text (``h_{t-1}``), driven as a person would (AppTest).

Everything an element sends to the browser is read: text, labels, help, options as shown,
chart titles and hover text, the cell view's data; not the components' own JS/CSS code.
Maths between ``$`` signs is rendered by the page (KaTeX), so its source may hold ``_{``.
"""

from __future__ import annotations

import json
import re

import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

import rnnviz
from rnnviz import tasks

APP = "../app/streamlit_app.py"
# every annotated property whose identifier is not already a word ("negated", "key")
RAW = sorted({p for t in tasks.names() for p in tasks.info(t).properties if "_" in p})
# a component's own code, and the cell view's property key (it shows ``property_label``)
NOT_SHOWN = {"jsContent", "cssContent", "property"}
LINK = re.compile(r"^(\?|https?://)\S*=")  # a share link spells the URL's parameters
MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$", re.S)
PLURAL = "alice and tom went home and they were tired ."
QUOTE = 'she said "go (now) home" .'
PAGES = [
    ("explorer", {}),
    ("explorer", {"model": "agreement-lstm", "property": "plural_subject", "text": PLURAL}),
    ("explorer", {"model": "brackets-lstm", "property": "inside_quotes", "text": QUOTE}),
    ("tour", {}),
    ("tour", {"stop": "4"}),
    ("compare", {}),
    ("pairs", {}),
    ("order", {}),
    ("gradients", {}),
    ("inside", {}),
    ("layers", {}),
    ("generate", {}),
    ("your_model", {}),
    ("units", {"model": "agreement-lstm"}),
    ("units", {"model": "brackets-lstm"}),
]

pytestmark = pytest.mark.skipif(
    not {"agreement-lstm", "brackets-lstm", "sentiment-lstm"} <= set(rnnviz.list_models()),
    reason="needs the shipped models",
)


def _strings(obj, out: list[str], field: str = "") -> None:
    if field in NOT_SHOWN:
        return
    if isinstance(obj, dict):
        for k, v in obj.items():
            _strings(v, out, k)
    elif isinstance(obj, list):
        for v in obj:
            _strings(v, out, field)
    elif isinstance(obj, str) and not LINK.match(obj):
        if obj[:1] in '{["':  # JSON text (the cell view's payload is sent as JSON text)
            try:
                _strings(json.loads(obj), out, field)
                return
            except ValueError:
                pass
        out.append(obj)


def shown(at: AppTest) -> list[str]:
    """Every string the page's elements carry (widget ids aside)."""
    out: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            d = MessageToDict(proto)
            d.pop("id", None)  # a widget's id holds its key, never shown
            _strings(d, out)
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(at._tree)
    return out


@pytest.mark.parametrize(
    "name, query", PAGES, ids=[f"{n}-{q.get('model', '')}{q.get('stop', '')}" for n, q in PAGES]
)
def test_no_raw_identifiers_or_maths_source_on_screen(name, query):
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(f"views/{name}.py")
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    texts = shown(at)
    assert len(texts) > 10  # the walk reached the page
    raw = [s for s in texts if any(r in s for r in RAW)]
    assert not raw, f"raw property names on {name}: {raw[:5]}"
    braces = [s for s in texts if "_{" in MATH.sub("", s)]
    assert not braces, f"maths source shown as text on {name}: {braces[:5]}"


def test_walk_sees_a_human_property_name():
    """The check above can see: with the plural property chosen its human name is shown."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["model"] = "agreement-lstm"
    at.query_params["property"] = "plural_subject"
    at.query_params["text"] = PLURAL
    at.run()
    assert any("plural subject" in s for s in shown(at))


@pytest.mark.parametrize(
    "share, words",
    [
        (1.0, "100% of the largest"),
        (0.35, "35% of the largest"),
        (0.05, "1 part in 20"),
        (1e-3, "1 part in a thousand"),
        (3e-5, "1 part in 30 thousand"),
        (1e-6, "1 part in a million"),
        (1.5e-11, "1 part in 70 billion"),
        (1e-11, "1 part in 100 billion"),
        (1e-14, "less than 1 part in a trillion"),
        (0.0, "nothing at all"),
    ],
)
def test_plain_numbers(share, words):
    import glossary

    assert glossary.plain_share(share) == words
