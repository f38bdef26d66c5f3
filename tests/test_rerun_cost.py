"""The shortcuts that make an explorer rerun cheaper give exactly what the long way gives:
the chart built from the cached dict is the library's ``figures.following``, and what
``st.plotly_chart`` sends for a ``Sendable`` is what it sends for the full Figure."""

from __future__ import annotations

import json

import cache
import plotly.io
import plotly.tools
import pytest
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
