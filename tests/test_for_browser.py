"""app/browser.py: the figure the app sends is the same picture, and a copy of it is no change.

Ground truth is Plotly.js itself, in headless Chromium (the plotly.min.js that plotly.py
ships; nothing is downloaded): it must lay out the sent figure exactly as the original, and
Plotly.react given a JSON copy (what Streamlit does right after drawing a chart) must not
draw the heatmap again.
"""

from __future__ import annotations

import json
from pathlib import Path

import browser
import numpy as np
import plotly
import plotly.io as pio
import pytest
from harness import have_chromium

import rnnviz
from rnnviz import figures
from rnnviz.analysis.compare import minimal_pair

SENTENCE = "the film was not good"


@pytest.fixture(scope="module")
def tiny_models():
    from test_figures import model

    return {"bi": model(bidirectional=True), "lm": model("gru", head="lm")}


@pytest.fixture(scope="module")
def traces(tiny_models):
    bi = rnnviz.trace(tiny_models["bi"], SENTENCE)
    lm = rnnviz.trace(tiny_models["lm"], "the film was")
    return bi, lm


def kinds(bi, lm, model) -> dict:
    """Every kind of chart the app draws."""
    return {
        "reading": figures.reading_chart(bi, "cell", 0, unit=3),
        "reading-lm": figures.reading_chart(lm, "update", 0, unit=0),
        "heatmap": figures.heatmap(bi, "hidden", 0, None, step=2, unit=1),
        "prediction": figures.prediction_chart(lm, 1),
        "following": figures.following(figures.reading_spec(bi, "forget", 0, 2)),
        "gate means": figures.gate_means_chart(bi, ["input", "forget", "output"], 1),
        "pair": figures.pair_chart(minimal_pair(rnnviz.trace(model, "the film was good"), bi)),
    }


def sent(fig) -> dict:
    """What the page hands Plotly.js: for_browser, through st.plotly_chart's own steps."""
    spec = browser.figure(browser.for_browser(fig)).to_dict()
    return json.loads(pio.to_json(spec, validate=False))


def test_template_defaults_are_written_in_and_explicit_values_win(traces):
    bi, _ = traces
    spec = browser.for_browser(figures.reading_chart(bi, "cell", 0, unit=3))
    layout, axis = spec["layout"], figures.TEMPLATE["layout"]["xaxis"]
    assert layout["template"] == browser.NO_TEMPLATE
    axes = [k for k in layout if k[1:5] == "axis"]
    assert len(axes) == 6  # two directions + the answer strip, x and y each
    for name in axes:
        assert {k: layout[name][k] for k in ("automargin", "ticks")} == {
            "automargin": axis["automargin"],
            "ticks": axis["ticks"],
        }
    assert layout["xaxis"]["showgrid"] is False  # set by the figure: kept
    assert layout["hoverlabel"]["align"] == "left"
    assert layout["coloraxis"]["colorbar"]["outlinewidth"] == 0
    assert layout["coloraxis"]["colorbar"]["thickness"] == 14  # the figure's own, kept
    assert layout["yaxis3"]["gridcolor"] == "#E5E5E5"


def test_numbers_are_exact_and_plain(traces):
    bi, _ = traces
    fig = figures.heatmap(bi, "cell", 0, 0)
    spec = browser.for_browser(fig)
    assert "bdata" not in json.dumps(spec)  # typed arrays always count as "changed"
    z = np.array(spec["data"][0]["z"])
    assert np.array_equal(z, bi.cell[0, 0].T)  # float32 → Python float is exact


def test_data_revision_is_a_digest_of_the_data(traces, tiny_models):
    bi, _ = traces
    a = browser.for_browser(figures.heatmap(bi, "cell", 0, None, step=1))
    again = browser.for_browser(figures.heatmap(bi, "cell", 0, None, step=3))
    other = rnnviz.trace(tiny_models["bi"], "the film was good")
    b = browser.for_browser(figures.heatmap(other, "cell", 0, None, step=1))
    assert a["layout"]["datarevision"] == again["layout"]["datarevision"]  # cursor only
    assert a["layout"]["datarevision"] != b["layout"]["datarevision"]


def test_meta_travels_as_json_text(traces):
    bi, _ = traces
    spec = browser.for_browser(figures.following(figures.reading_spec(bi, "cell", 0, 0)))
    assert json.loads(spec["layout"]["meta"]) == {"tokens": 5, "panels": 3, "cursor": "follow"}


def test_merge_is_deep_and_keeps_the_given_value():
    default = {"a": 1, "b": {"c": 2, "d": 3}}
    assert browser.merge(default, {"b": {"c": 9}, "e": 4}) == {
        "a": 1,
        "b": {"c": 9, "d": 3},
        "e": 4,
    }
    assert default == {"a": 1, "b": {"c": 2, "d": 3}}  # untouched
    assert browser.merge(default, "x") == "x"


# ---- Plotly.js, in Chromium ----------------------------------------------------------

needs_chromium = pytest.mark.skipif(not have_chromium(), reason="needs /usr/bin/chromium")
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

# Plotly.js's own reading of a figure: every attribute after its defaults and template
FULL = """async f => {
  const g = document.createElement('div'); g.style.width = '900px'; document.body.appendChild(g);
  await Plotly.newPlot(g, f.data, f.layout);
  const skip = new Set(['template', 'datarevision', 'meta', 'uid']);
  const out = JSON.stringify({layout: g._fullLayout, data: g._fullData}, (k, v) =>
    k.startsWith('_') || skip.has(k) ? undefined : ArrayBuffer.isView(v) ? Array.from(v) : v);
  Plotly.purge(g); g.remove();
  return out;
}"""
# draw f, then Plotly.react with a JSON copy of it: how many heatmaps were drawn again?
COPY_REDRAWS = """async f => {
  const g = document.createElement('div'); g.style.width = '900px'; document.body.appendChild(g);
  await Plotly.react(g, f.data, f.layout);
  const before = window.drawn;
  const copy = JSON.parse(JSON.stringify(f));
  await Plotly.react(g, copy.data, copy.layout);
  const again = window.drawn - before;
  Plotly.purge(g); g.remove();
  return again;
}"""
COUNT_DRAWS = """window.drawn = 0;
const toDataURL = HTMLCanvasElement.prototype.toDataURL;  // Plotly paints heatmaps this way
HTMLCanvasElement.prototype.toDataURL = function (...a) { window.drawn++;
  return toDataURL.apply(this, a); };"""


@pytest.fixture(scope="module")
def plotly_page(browser):
    page = browser.new_page()
    page.add_script_tag(content=PLOTLY_JS.read_text())
    page.add_script_tag(content=COUNT_DRAWS)
    yield page
    page.close()


@needs_chromium
@pytest.mark.browser
def test_plotly_js_lays_out_the_sent_figure_exactly_as_the_original(
    plotly_page, traces, tiny_models
):
    bi, lm = traces
    for name, fig in kinds(bi, lm, tiny_models["bi"]).items():
        original = json.loads(plotly_page.evaluate(FULL, json.loads(pio.to_json(fig))))
        assert json.loads(plotly_page.evaluate(FULL, sent(fig))) == original, name


@needs_chromium
@pytest.mark.browser
def test_a_copy_of_the_sent_figure_is_not_drawn_again(plotly_page, traces):
    bi, lm = traces
    for fig in (figures.reading_chart(bi, "cell", 0, unit=3), figures.heatmap(lm, "hidden")):
        as_is = json.loads(pio.to_json(fig))
        assert plotly_page.evaluate(COPY_REDRAWS, as_is) >= 1  # what Streamlit paid before
        assert plotly_page.evaluate(COPY_REDRAWS, sent(fig)) == 0
