"""Plotly figures of traces and analyses: what the app draws, usable from a notebook.

- :mod:`~rnnviz.figures.style`: the shared look (palettes, template, safe labels).
- :mod:`~rnnviz.figures.states`: states and gates over a sentence (heatmaps), the answer
  after every prefix, and both in one chart under one cursor.
- :mod:`~rnnviz.figures.readings`: smaller readings of a trace (gate means, the vector
  the classifier reads, answers of several models, next-character choices).
- :mod:`~rnnviz.figures.analyses`: the analyses' charts (gradients by distance, gate
  saturation, minimal pairs, word order).
- :mod:`~rnnviz.figures.corpus_charts`: one unit across a corpus (coloured text, histogram,
  means by token), the state space, and interventions (before vs after).
- :mod:`~rnnviz.figures.training`: a training as it runs (loss, accuracy, flags growing).
- :mod:`~rnnviz.figures.words`: the words figures show, in the reader's language
  (``translated(gettext)``; English by default).

Every public name is also here: ``rnnviz.figures.heatmap(trace, "cell")``. No Streamlit.
"""

from rnnviz.figures.analyses import (
    distance_chart,
    gradient_chart,
    order_chart,
    pair_chart,
    saturation_chart,
)
from rnnviz.figures.corpus_charts import (
    coloured_html,
    difference_chart,
    diverging_colour,
    histogram_chart,
    intervention_chart,
    legend_html,
    snippet_html,
    state_space_chart,
    token_means_chart,
)
from rnnviz.figures.readings import (
    DIRECTION_COLOURS,
    GATE_WORDS,
    choices_chart,
    classifier_input,
    classifier_input_chart,
    gate_means_chart,
    order_answers_chart,
    prefix_lines,
    visible,
)
from rnnviz.figures.states import (
    PREDICTION_PX,
    at_step,
    cursor,
    following,
    heatmap,
    heatmap_spec,
    image,
    label,
    prediction_chart,
    prediction_spec,
    quantities,
    reading_chart,
    reading_spec,
    token_axis,
    values,
)
from rnnviz.figures.style import (
    CURSOR,
    DIVERGING,
    FONT,
    LABELS,
    LINE_COLOURS,
    MAX_TICK_CHARS,
    SEQUENTIAL,
    SIGNED,
    TEMPLATE,
    class_colour,
    safe,
    token_label,
)
from rnnviz.figures.training import flag_growth_chart, training_chart
from rnnviz.figures.words import set_fallback, set_translator, translated

__all__ = [
    "CURSOR",
    "DIRECTION_COLOURS",
    "DIVERGING",
    "FONT",
    "GATE_WORDS",
    "LABELS",
    "LINE_COLOURS",
    "MAX_TICK_CHARS",
    "PREDICTION_PX",
    "SEQUENTIAL",
    "SIGNED",
    "TEMPLATE",
    "at_step",
    "choices_chart",
    "class_colour",
    "classifier_input",
    "classifier_input_chart",
    "coloured_html",
    "cursor",
    "difference_chart",
    "distance_chart",
    "diverging_colour",
    "flag_growth_chart",
    "following",
    "gate_means_chart",
    "gradient_chart",
    "heatmap",
    "heatmap_spec",
    "histogram_chart",
    "image",
    "intervention_chart",
    "label",
    "legend_html",
    "order_answers_chart",
    "order_chart",
    "pair_chart",
    "prediction_chart",
    "prediction_spec",
    "prefix_lines",
    "quantities",
    "reading_chart",
    "reading_spec",
    "safe",
    "saturation_chart",
    "set_fallback",
    "set_translator",
    "snippet_html",
    "state_space_chart",
    "token_axis",
    "token_label",
    "token_means_chart",
    "training_chart",
    "translated",
    "values",
    "visible",
]
