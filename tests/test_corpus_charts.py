"""The unit explorer's figures: user text escaped, the palette's own colours at the ends, and
charts that carry the numbers they were given."""

from __future__ import annotations

import re

import numpy as np
import torch

from rnnviz import figures
from rnnviz.analysis import Edit, intervene, pca, trace_corpus
from rnnviz.model import ModelConfig, RNNModel

HOSTILE = '<b>x</b> "q" & <img src=x onerror=alert(1)>'


def _model() -> RNNModel:
    torch.manual_seed(0)
    cfg = ModelConfig(
        "lstm",
        ["<pad>", "<unk>", "a", "b", "not"],
        hidden_size=4,
        embed_size=3,
        labels=["neg", "pos"],
    )
    return RNNModel(cfg).eval()


def test_colours_are_the_palette_at_the_ends_and_white_at_zero():
    assert figures.diverging_colour(-2.0, 1.0) == figures.DIVERGING[0][1].upper()
    assert figures.diverging_colour(0.0, 1.0) == "#FFFFFF"
    assert figures.diverging_colour(1.0, 1.0) == figures.DIVERGING[2][1].upper()


def test_coloured_text_and_snippets_escape_user_text():
    c = trace_corpus(_model(), ["a b not", HOSTILE, "b a"])
    v = c.values(1)
    out = figures.coloured_html(c, v)
    assert "<b>" not in out and "<img" not in out and ">&lt;</span>" in out
    assert out.count("<span") == len(c)  # one coloured span per token
    # a tooltip for people: a real minus sign (U+2212)
    titles = [float(t.replace("\u2212", "-")) for t in re.findall(r'title="([\u2212+0-9.]+)"', out)]
    assert "-" not in "".join(re.findall(r'title="([^"]*)"', out))
    np.testing.assert_allclose(titles, v, atol=5e-4)
    snip = figures.snippet_html(c, 1, 0, 2)
    assert "<mark" in snip and "<b>" not in snip and "&lt;b</mark>&gt;x" in snip
    assert "&lt;" in figures.legend_html(1.0, "<b>")


def test_charts_carry_their_numbers():
    m = _model()
    c = trace_corpus(m, ["a b not a", "not b a", "b b a not"], dtype=np.float32)
    counts, edges = np.histogram(c.values(0), bins=5)
    fig = figures.histogram_chart(counts, edges, "unit 0")
    assert list(fig.data[0].y) == counts.tolist()
    sp = pca(c, "hidden")
    fig = figures.state_space_chart(sp, c, np.zeros((2, 4)), ["a", "b"])
    assert fig.data[-1].name == "your sentence" and len(fig.data[-1].x) == 2
    iv = intervene(m, "a not b", [Edit("zero", 1, (0, 1, 2, 3))])
    fig = figures.intervention_chart(iv)
    k = int(iv.before.probs[-1].argmax())
    np.testing.assert_allclose(fig.data[1].y, iv.after.probs[:, k])
    heat = figures.difference_chart(iv)
    np.testing.assert_allclose(heat.data[0].z, iv.difference("hidden")[0, 0].T)
