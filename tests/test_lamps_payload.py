"""The cell view's lamps in the payload: each unit's measured range travels with it, named
for the student, and a range that does not fit the layer is refused."""

from __future__ import annotations

import pytest
from payload import step_payload

import rnnviz
from rnnviz import tasks
from rnnviz.analysis import unit_ranges


def test_each_units_range_reaches_the_view_named_for_the_student():
    m = rnnviz.load("sentiment-lstm")
    sample = tasks.generate("sentiment", 40, seed=1)
    r = unit_ranges(
        m, [e.text for e in sample], [e.annotations["negated"] for e in sample], property="negated"
    )
    tr = rnnviz.trace(m, "the film was not good")
    p = step_payload(m, tr, lamps=r.lamps(0, 0), prop_label="inside a negation")
    lamps = p["lamps"]
    assert lamps["property"] == "negated" and lamps["property_label"] == "inside a negation"
    H = tr.hidden.shape[-1]
    assert all(len(lamps[k]) == H for k in ("low", "high", "on_above", "on_below", "flag"))
    # the sample's range holds every value the unit took on it
    for u in range(H):
        assert lamps["low"][u] <= lamps["high"][u]
    assert step_payload(m, tr)["lamps"] is None  # no sample: the fixed threshold
    short = dict(r.lamps(0, 0), low=[0.0])
    with pytest.raises(ValueError, match="units"):
        step_payload(m, tr, lamps=short)
