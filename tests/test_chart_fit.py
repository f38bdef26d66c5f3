"""Charts on a phone: long titles wrapped at word boundaries, a top legend given its own rows
under the title (ui.fit_small_screens), so neither is clipped nor covers the other."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
import ui


@pytest.mark.parametrize(
    "text",
    [
        "short",
        "How far apart the states of the first order and the second order are after each step",
        "words between the deciding word and the end",
        "x" * 60,  # one long word stays whole
    ],
)
def test_wrap_keeps_every_word_and_the_width(text):
    lines = ui.wrap_title(text, 40)
    assert " ".join(lines) == text
    assert all(len(line) <= 40 for line in lines) or len(lines) == 1
    assert len(lines) == max(1, -(-len(text) // 40)) or " " not in text


def test_fit_puts_title_then_legend_then_plot():
    fig = go.Figure([go.Scatter(y=[1, 2], name=n) for n in ("plain RNN", "LSTM", "GRU")])
    fig.update_layout(
        height=400,
        title=dict(text="How much the final answer still feels the memory at each word"),
        legend=dict(orientation="h", y=1.02, yanchor="bottom"),
    )
    lay = ui.fit_small_screens(fig.to_plotly_json())["layout"]
    lines = lay["title"]["text"].split("<br>")
    assert len(lines) == 2 and all(len(x) <= ui.TITLE_CHARS for x in lines)
    size = lay["title"]["font"]["size"]
    title_bottom = ui.PAD + len(lines) * size * 1.3  # px from the top
    # the legend is placed in the plot's own coordinates (paper: 0 at the plot's bottom, 1 at
    # its top), which Plotly.js lays out in one pass; in px from the figure's top:
    margin = lay["margin"]
    plot_h = 400 - margin["t"] - margin.get("b", 80)
    assert "yref" not in lay["legend"] and lay["legend"]["yanchor"] == "top"
    legend_top = margin["t"] - (lay["legend"]["y"] - 1) * plot_h
    assert legend_top >= title_bottom
    assert margin["t"] >= legend_top + 22  # the plot starts under the legend's row


def test_fit_leaves_a_chart_without_title_alone():
    spec = go.Figure([go.Bar(y=[1])]).to_plotly_json()
    assert ui.fit_small_screens(spec)["layout"].get("title") in (None, {})
