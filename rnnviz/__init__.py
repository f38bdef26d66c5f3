"""rnnviz: see inside a recurrent network while it reads.

    import torch, rnnviz
    tr = rnnviz.trace_rnn(torch.nn.LSTM(8, 16), torch.randn(20, 8))   # any nn.RNN/LSTM/GRU
    tr = rnnviz.trace(rnnviz.load("sentiment-lstm"), "the film was not good")

The library, floor by floor:

- ``rnnviz.tokenize``: text → tokens (with spans into what was typed) → ids.
- ``rnnviz.model``: ``RNNModel`` (embedding → rnn → fc) and its one ``readout``.
- ``rnnviz.cells``: the cell equations, in one place.
- ``rnnviz.tracing``: exact traces (``trace_rnn``, ``trace``, the reference loop).
- ``rnnviz.checkpoint`` / ``rnnviz.model_card``: models on disk and their model cards
  (``rnnviz.uploads``: the same checks on uploaded bytes).
- ``rnnviz.analysis``: flag units, gradients, minimal pairs, word order, generation.
- ``rnnviz.figures``: Plotly figures of all of the above.
- ``rnnviz.training``: the seeded training loop, built-in tasks, your own data.

It never imports Streamlit: everything the app shows can be made in a notebook.
"""

from rnnviz import uploads  # noqa: F401 - rnnviz.uploads: checkpoints from bytes
from rnnviz.analysis import (
    Corpus,
    Edit,
    find_units,
    generate,
    gradients,
    intervene,
    match,
    minimal_pair,
    saturation,
    trace_corpus,
    word_order,
)
from rnnviz.checkpoint import CheckpointError, card, infer_config, list_models, load, save
from rnnviz.model import ModelConfig, RNNModel
from rnnviz.tokenize import CharTokenizer, TreebankTokenizer, Vocab, WordTokenizer
from rnnviz.tracing import RNNTrace, Trace, TraceInputError, trace, trace_rnn

__version__ = "0.1.0"
__all__ = [
    "CharTokenizer",
    "CheckpointError",
    "Corpus",
    "Edit",
    "ModelConfig",
    "RNNModel",
    "RNNTrace",
    "Trace",
    "TraceInputError",
    "TreebankTokenizer",
    "Vocab",
    "WordTokenizer",
    "card",
    "find_units",
    "generate",
    "gradients",
    "infer_config",
    "intervene",
    "list_models",
    "load",
    "match",
    "minimal_pair",
    "saturation",
    "save",
    "trace",
    "trace_corpus",
    "trace_rnn",
    "word_order",
]
