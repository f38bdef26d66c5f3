"""What a trained network does, measured: analyses built on exact traces.

- :mod:`~rnnviz.analysis.units`: the flag finder (which unit carries a property, by AUC),
  and each unit's own lamp (:func:`~rnnviz.analysis.units.unit_ranges`).
- :mod:`~rnnviz.analysis.gradients`: how much the answer depends on each earlier token.
- :mod:`~rnnviz.analysis.compare`: minimal pairs and word order.
- :mod:`~rnnviz.analysis.generation`: a language model writing, with its choices.
"""

from rnnviz.analysis.compare import (
    OrderDiff,
    PairDiff,
    align,
    edit_alignment,
    minimal_pair,
    word_order,
)
from rnnviz.analysis.generation import Generation, generate
from rnnviz.analysis.gradients import Gradients, gradients, saturation
from rnnviz.analysis.units import UnitRanges, UnitScore, auc, best_cuts, find_units, unit_ranges

__all__ = [
    "Generation",
    "Gradients",
    "OrderDiff",
    "PairDiff",
    "UnitRanges",
    "UnitScore",
    "align",
    "auc",
    "best_cuts",
    "edit_alignment",
    "find_units",
    "generate",
    "gradients",
    "minimal_pair",
    "saturation",
    "unit_ranges",
    "word_order",
]
