"""The shortcuts that make an explorer rerun cheaper give exactly what the long way gives:
the chart built from the cached dict is the library's ``figures.following``, what
``st.plotly_chart`` sends for a ``Sendable`` is what it sends for the full Figure, a chart
made for the page from a shared figure is the one a deep copy gave, and the cell view's
cached JSON text with its step is the payload the page sent before."""

from __future__ import annotations

import copy
import json

import cache
import payload
import plotly.graph_objects as go
import plotly.io
import plotly.tools
import pytest
import ui
from browser import Sendable, figure, for_browser

import rnnviz
from rnnviz import figures


@pytest.mark.parametrize("name", ["sentiment-lstm", "sentiment-bilstm", "sentiment-lstm2"])
def test_following_spec_is_the_librarys_following(name):
    if name not in rnnviz.list_models():
        pytest.skip(f"{name} is not installed")
    model = rnnviz.load(name)
    for text in ["the film was not good", "a dull , slow movie but the songs were great"]:
        tr = rnnviz.trace(model, text)
        for quantity in figures.quantities(tr):
            for layer in range(model.config.num_layers):
                for unit in (0, 3):
                    spec = figures.reading_spec(tr, quantity, layer, unit=unit)
                    want = for_browser(figures.following(spec))
                    assert for_browser(cache.following_spec(spec)) == want
        # a chart that has a cursor loses it, as the library's does
        shown = figures.at_step(figures.reading_spec(tr, "cell", 0, unit=1), 2).to_plotly_json()
        want = for_browser(figures.following(shown))
        assert for_browser(cache.following_spec(shown)) == want
        assert not [s for s in want["layout"].get("shapes", []) if s.get("name") == "cursor"]


def sent(fig) -> dict:
    """What st.plotly_chart (Streamlit 1.67) puts on the wire for ``fig``, parsed."""
    spec = plotly.tools.return_figure_from_figure_or_data(fig, validate_figure=True)
    return json.loads(plotly.io.to_json(spec, validate=False))


def test_a_sendable_chart_is_sent_as_the_full_figure_would_be():
    model = rnnviz.load(rnnviz.list_models()[0])
    tr = rnnviz.trace(model, "the film was not good")
    for quantity in figures.quantities(tr):
        spec = cache.following_spec(figures.reading_spec(tr, quantity, 0, unit=1))
        ready = for_browser(spec)
        assert sent(Sendable(ready)) == sent(figure(ready))


def _chart_the_long_way(fig, large: bool) -> dict:
    """What ui.chart sent before it copied only what it changes: a deep copy of the layout."""
    spec = for_browser(fig)
    spec = {**spec, "layout": copy.deepcopy(spec.get("layout", {}))}
    if large:
        return ui.fit_small_screens(ui.larger_type(spec), ui.TITLE_CHARS_LARGE)
    return ui.fit_small_screens(spec)


@pytest.mark.parametrize("large", [False, True])
def test_chart_spec_copies_what_it_changes_and_leaves_the_cached_figure_alone(large):
    model = rnnviz.load(rnnviz.list_models()[0])
    tr = rnnviz.trace(model, "the film was not good at all , said the long title")
    specs = [
        for_browser(cache.following_spec(figures.reading_spec(tr, q, 0, unit=1)))
        for q in figures.quantities(tr)
    ]
    specs.append(for_browser(figures.prediction_spec(tr)))
    wide = go.Figure(go.Scatter(y=[1, 2], name="a long enough legend entry"))
    wide.update_layout(
        title={"text": "A title far too long for a phone, with a font", "font": {"size": 20}},
        font={"size": 14},
        legend={"orientation": "h", "y": 1.02, "font": {"size": 12}},
        xaxis_title="an axis title that is also too long for a phone screen",
        margin={"t": 40, "b": 60},
    )
    specs.append(for_browser(wide))
    for spec in specs:
        before = copy.deepcopy(spec)
        assert ui.chart_spec(spec, large) == _chart_the_long_way(before, large)
        assert spec == before  # the shared (cached) figure is as it was


def test_the_cell_views_cached_text_is_the_payload_with_its_step(monkeypatch):
    from components import cell_view as cv

    model = rnnviz.load(rnnviz.list_models()[0])
    tr = rnnviz.trace(model, "the film was not good")
    p = payload.step_payload(model, tr, layer=0, direction=0, unit=1, threshold=0.5)
    sent_texts = []
    monkeypatch.setattr(
        cv, "_component", lambda key, data, on_step_change: sent_texts.append(data) or {}
    )
    text = json.dumps(p, separators=(",", ":"), allow_nan=False)
    for step, large in [(0, False), (3, True)]:
        assert cv.cell_view_text(text, len(tr), step, large) == step
        assert cv.cell_view(dict(p, step=step, large=large)) == step
        assert json.loads(sent_texts[-2]) == json.loads(sent_texts[-1])
        assert json.loads(sent_texts[-1]) == dict(p, step=step, large=large)
