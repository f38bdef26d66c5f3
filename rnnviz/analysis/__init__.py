"""What a trained network does, measured: analyses built on exact traces.

- :mod:`~rnnviz.analysis.units`: the flag finder (which unit carries a property, by AUC).
- :mod:`~rnnviz.analysis.gradients`: how much the answer depends on each earlier token.
- :mod:`~rnnviz.analysis.compare`: minimal pairs and word order.
- :mod:`~rnnviz.analysis.generation`: a language model writing, with its choices.
"""

from rnnviz.analysis.compare import OrderDiff, PairDiff, align, minimal_pair, word_order
from rnnviz.analysis.generation import Generation, generate
from rnnviz.analysis.gradients import Gradients, gradients, saturation
from rnnviz.analysis.units import UnitScore, auc, find_units

__all__ = [
    "Generation",
    "Gradients",
    "OrderDiff",
    "PairDiff",
    "UnitScore",
    "align",
    "auc",
    "find_units",
    "generate",
    "gradients",
    "minimal_pair",
    "saturation",
    "word_order",
]
