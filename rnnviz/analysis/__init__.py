"""What a trained network does, measured: analyses built on exact traces.

- :mod:`~rnnviz.analysis.units`: the flag finder (which unit carries a property, by AUC),
  and each unit's own lamp (:func:`~rnnviz.analysis.units.unit_ranges`).
- :mod:`~rnnviz.analysis.gradients`: how much the answer depends on each earlier token.
- :mod:`~rnnviz.analysis.compare`: minimal pairs and word order.
- :mod:`~rnnviz.analysis.generation`: a language model writing, with its choices.
- :mod:`~rnnviz.analysis.corpus`: many texts traced in batches, every token's state kept.
- :mod:`~rnnviz.analysis.corpus_units`: one unit across a corpus; units found by example
  (select + threshold + match) or by tokens the user marked.
- :mod:`~rnnviz.analysis.statespace`: a PCA of the states over a corpus.
- :mod:`~rnnviz.analysis.intervention`: clamp, zero, flip a unit or reset the state, exactly.
"""

from rnnviz.analysis.compare import (
    OrderDiff,
    PairDiff,
    align,
    edit_alignment,
    minimal_pair,
    word_order,
)
from rnnviz.analysis.corpus import (
    Corpus,
    check_texts,
    folder_files,
    read_file,
    read_folder,
    read_texts,
    trace_corpus,
)
from rnnviz.analysis.corpus_units import (
    Context,
    Match,
    histogram,
    marked_units,
    match,
    mean_by_token,
    top_contexts,
    units_on,
)
from rnnviz.analysis.generation import Generation, generate
from rnnviz.analysis.gradients import Gradients, gradients, saturation
from rnnviz.analysis.intervention import Edit, Intervention, generate_edited, intervene
from rnnviz.analysis.statespace import StateSpace, pca
from rnnviz.analysis.units import UnitRanges, UnitScore, auc, best_cuts, find_units, unit_ranges

__all__ = [
    "Context",
    "Corpus",
    "Edit",
    "Generation",
    "Gradients",
    "Intervention",
    "Match",
    "OrderDiff",
    "PairDiff",
    "StateSpace",
    "UnitRanges",
    "UnitScore",
    "align",
    "auc",
    "best_cuts",
    "check_texts",
    "edit_alignment",
    "find_units",
    "folder_files",
    "generate",
    "generate_edited",
    "gradients",
    "histogram",
    "intervene",
    "marked_units",
    "match",
    "mean_by_token",
    "minimal_pair",
    "pca",
    "read_file",
    "read_folder",
    "read_texts",
    "saturation",
    "top_contexts",
    "trace_corpus",
    "unit_ranges",
    "units_on",
    "word_order",
]
