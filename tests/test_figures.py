"""rnnviz.figures: the numbers drawn are the trace's numbers, text stays text, the cursor moves."""

from __future__ import annotations

import shutil

import numpy as np
import plotly.graph_objects as go
import pytest
import torch

import rnnviz
from rnnviz import figures

VOCAB = ["<pad>", "<unk>", "the", "film", "was", "not", "good", "<b>x</b>", '"', "&"]


def model(cell="lstm", head="classifier", **kw) -> rnnviz.RNNModel:
    torch.manual_seed(0)
    labels = ["negative", "positive"] if head == "classifier" else []
    cfg = rnnviz.ModelConfig(
        cell=cell,
        vocab=VOCAB,
        hidden_size=6,
        embed_size=4,
        head=head,
        labels=labels,
        tokenizer={"kind": "word", "lowercase": False},
        **kw,
    )
    return rnnviz.RNNModel(cfg).eval()


@pytest.fixture(scope="module")
def lstm_trace():
    return rnnviz.trace(model(), "the film was not good")


def z_of(fig: go.Figure, i: int = 0) -> np.ndarray:
    return np.asarray(fig.data[i].z)


def test_heatmap_draws_exactly_the_traced_values(lstm_trace):
    tr = lstm_trace
    for q in figures.quantities(tr):
        fig = figures.heatmap(tr, q)
        np.testing.assert_array_equal(z_of(fig), figures.values(tr, q)[0, 0].T)  # units × tokens
    assert figures.quantities(tr) == ["hidden", "cell", "input", "forget", "candidate", "output"]


def test_colour_scales_signed_diverge_around_zero_gates_are_0_to_1(lstm_trace):
    cell = figures.heatmap(lstm_trace, "cell").layout.coloraxis
    assert cell.cmin == -cell.cmax and cell.colorscale[0][1] == figures.DIVERGING[0][1]
    gate = figures.heatmap(lstm_trace, "forget").layout.coloraxis
    assert (gate.cmin, gate.cmax) == (0, 1)


def test_cursor_marks_the_step_and_moves_without_touching_the_original(lstm_trace):
    fig = figures.heatmap(lstm_trace, "hidden", step=3)
    cursors = [s for s in fig.layout.shapes if s.name == "cursor"]
    assert len(cursors) == 1 and (cursors[0].x0, cursors[0].x1) == (2.5, 3.5)
    d = figures.heatmap(lstm_trace, "hidden").to_dict()
    moved = figures.at_step(d, 99)  # clamped to the last token
    assert [s.x0 for s in moved.layout.shapes if s.name == "cursor"] == [3.5]
    assert "shapes" not in d["layout"] or not d["layout"]["shapes"]


def test_bidirectional_shows_both_directions_on_one_token_axis():
    tr = rnnviz.trace(model(bidirectional=True), "the film was good")
    fig = figures.heatmap(tr, "hidden", step=1)
    assert len(fig.data) == 2
    assert fig.data[1].xaxis == "x2" and fig.layout.xaxis.matches == "x2"
    np.testing.assert_array_equal(z_of(fig, 1), tr.hidden[0, 1].T)
    assert len([s for s in fig.layout.shapes if s.name == "cursor"]) == 2
    assert "backward" in fig.layout.annotations[1].text


def test_layer_and_unit_subset():
    tr = rnnviz.trace(model(num_layers=2), "the film was good")
    fig = figures.heatmap(tr, "hidden", layer=1, units=[4, 0, 2], unit=0)
    np.testing.assert_array_equal(z_of(fig), tr.hidden[1, 0][:, [4, 0, 2]].T)
    assert "layer 1" in fig.layout.title.text
    assert list(fig.layout.yaxis.ticktext) == ["unit 4", "unit 0", "unit 2"]
    with pytest.raises(ValueError, match="no 'cell'"):
        figures.heatmap(rnnviz.trace(model("gru"), "the film"), "cell")


@pytest.mark.parametrize("text", ['<b>x</b> " &', "<script>alert(1)</script> the"])
def test_tokens_are_escaped_for_plotly(text):
    tr = rnnviz.trace(model(), text)
    for fig in (figures.heatmap(tr, "hidden"), figures.prediction_chart(tr)):
        ticks = list(fig.layout.xaxis.ticktext)
        assert all("<" not in t and ">" not in t for t in ticks)
        assert '"' in ticks or '"' not in text  # quotes stay quotes: Plotly shows &quot; raw
        custom = np.asarray(fig.data[0].customdata, dtype=object).ravel()
        assert all("<" not in str(c) for c in custom)
    assert figures.safe("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"


def test_classifier_prediction_lines_are_the_prefix_probabilities(lstm_trace):
    fig = figures.prediction_chart(lstm_trace, step=2)
    assert {d.name for d in fig.data} == {"negative", "positive"}
    for d in fig.data:
        np.testing.assert_allclose(d.y, lstm_trace.probs[:, lstm_trace.outputs.index(d.name)])
    assert [s.x0 for s in fig.layout.shapes if s.name == "cursor"] == [1.5]


def test_lm_prediction_shows_the_probability_of_the_actual_next_token():
    tr = rnnviz.trace(model(head="lm"), "the film was not good")
    fig = figures.prediction_chart(tr)
    nxt = np.asarray(fig.data[0].y, dtype=float)
    for t in range(len(tr) - 1):
        assert nxt[t] == pytest.approx(tr.probs[t, tr.ids[t + 1]])
    assert np.isnan(nxt[-1])
    np.testing.assert_allclose(fig.data[1].y, tr.probs.max(axis=1))


@pytest.mark.parametrize("bidirectional", [False, True])
def test_reading_chart_is_the_answer_over_the_heatmap_on_one_cursor(bidirectional):
    tr = rnnviz.trace(model(bidirectional=bidirectional), "the film was not good")
    fig = figures.at_step(figures.reading_chart(tr, "forget", unit=1), 3)
    heat = [d for d in fig.data if d.type == "heatmap"]
    lines = [d for d in fig.data if d.type == "scatter"]
    assert len(heat) == (2 if bidirectional else 1)
    for d, h in zip(heat, tr.gates["forget"][0]):
        np.testing.assert_array_equal(np.asarray(d.z), h.T)  # the trace's numbers, units × tokens
    for d in lines:  # the strip on top: probabilities after every prefix, on its own axes
        np.testing.assert_allclose(d.y, tr.probs[:, tr.outputs.index(d.name)])
        assert d.xaxis == f"x{len(heat) + 1}"
    top = fig.layout[f"yaxis{len(heat) + 1}"].domain
    assert all(
        fig.layout[f"yaxis{i}" if i > 1 else "yaxis"].domain[1] < top[0]
        for i in range(1, len(heat) + 1)
    )
    cursors = [s for s in fig.layout.shapes if s.name == "cursor"]
    assert len(cursors) == len(heat) + 1 and {(c.x0, c.x1) for c in cursors} == {(2.5, 3.5)}
    assert fig.layout.xaxis.ticktext == ("the", "film", "was", "not", "good") or bidirectional


def test_long_text_thins_the_labels_and_truncates_long_tokens():
    tr = rnnviz.trace(model(), " ".join(["the"] * 150 + ["a" * 40]))
    ticks = figures.heatmap(tr, "hidden").layout.xaxis.ticktext
    assert len(ticks) <= 76
    assert figures.token_label("a" * 40).endswith("…") and figures.token_label(" ") == "␣"


def test_bag_model_state_is_named_for_what_it_is():
    tr = rnnviz.trace(model("bag"), "the film was good")
    assert figures.heatmap(tr, "hidden").layout.title.text.startswith("running mean")


@pytest.mark.slow  # a subprocess, kaleido or a training run: seconds
@pytest.mark.skipif(
    not shutil.which("chromium") and not shutil.which("chromium-browser"),
    reason="kaleido needs a Chromium",
)
def test_image_export_svg_and_png(lstm_trace):
    fig = figures.prediction_chart(lstm_trace, step=1)
    svg = figures.image(fig, "svg")
    assert svg.lstrip().startswith(b"<svg") or b"<svg" in svg[:500]
    assert figures.image(fig, "png", scale=1)[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError):
        figures.image(fig, "gif")
