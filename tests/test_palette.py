"""One visual language: the JavaScript views' palettes are rnnviz.figures.style's, value for
value (the cell view, the one-step walk and every Plotly chart use the same colours)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from rnnviz.figures import style

PALETTE_JS = Path(__file__).resolve().parent.parent / "app/components/cell_view/palette.js"


def js_const(name: str):
    src = PALETTE_JS.read_text(encoding="utf-8")
    m = re.search(rf"^const {name} = (\[.*?\]);$", src, re.M | re.S)
    assert m, f"palette.js has no const {name}"
    return json.loads(m.group(1))


def test_signed_values_share_one_diverging_palette():
    assert js_const("DIVERGING") == style.DIVERGING
    # blue below 0, orange above, in both homes (a heatmap and a lamp agree on a sign)
    assert style.DIVERGING[0][1] == "#0072B2" and style.DIVERGING[-1][1] == "#E69F00"


def test_gates_share_one_sequential_palette():
    assert js_const("SEQUENTIAL") == [[float(a), c] for a, c in style.SEQUENTIAL]


def test_classes_keep_their_colour_by_index():
    assert js_const("CLASS_COLOURS") == style.LINE_COLOURS
    assert [style.class_colour(k) for k in range(2)] == style.LINE_COLOURS[:2]


def test_a_class_keeps_its_colour_whichever_class_wins():
    import rnnviz
    from rnnviz import figures

    m = rnnviz.load("sentiment-lstm")
    colours = []
    for text in ("the film was good", "the film was not good"):  # opposite answers
        tr = rnnviz.trace(m, text)
        spec = figures.prediction_spec(tr)
        colours.append({d["name"]: d["line"]["color"] for d in spec["data"]})
        assert spec["data"][0]["name"] == tr.outputs[0]  # legend in label order, not rank
    assert colours[0] == colours[1] == {"negative": "#0072B2", "positive": "#E69F00"}
