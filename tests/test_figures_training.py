"""The training figures draw exactly the reported numbers: one point per epoch, one line per
property, on an x axis fixed to the whole training."""

from __future__ import annotations

import pytest

from rnnviz import figures

RECORDS = [
    {"epoch": 1, "loss": 0.69, "accuracy": 0.5, "flags": {"negated": 0.61, "other": 0.55}},
    {"epoch": 2, "loss": 0.41, "accuracy": 0.83, "flags": {"negated": 0.88}},
]


@pytest.mark.parametrize("measure", ["loss", "accuracy"])
def test_training_chart_draws_every_epoch(measure):
    fig = figures.training_chart(RECORDS, measure, epochs=5)
    (line,) = fig.data
    assert list(line.x) == [1, 2] and list(line.y) == [r[measure] for r in RECORDS]
    assert list(fig.layout.xaxis.range) == [0.5, 5.5]  # grows into a fixed axis


def test_flag_growth_chart_one_line_per_property():
    fig = figures.flag_growth_chart(RECORDS, epochs=2)
    lines = {t.name: (list(t.x), list(t.y)) for t in fig.data}
    assert lines == {"negated": ([1, 2], [0.61, 0.88]), "other": ([1], [0.55])}


def test_unknown_measure_is_refused():
    with pytest.raises(ValueError, match="measure must be one of"):
        figures.training_chart(RECORDS, "speed")
