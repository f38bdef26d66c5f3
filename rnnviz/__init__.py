"""rnnviz: see inside a recurrent network while it reads.

    import torch, rnnviz
    tr = rnnviz.trace_rnn(torch.nn.LSTM(8, 16), torch.randn(20, 8))   # any nn.RNN/LSTM/GRU
    tr = rnnviz.trace(rnnviz.load("sentiment-lstm"), "the film was not good")

The library, floor by floor:

- ``rnnviz.tokenize``: text → tokens (with spans into what was typed) → ids.
- ``rnnviz.config``: ``ModelConfig`` and its caps, checked without PyTorch.
- ``rnnviz.model``: ``RNNModel`` (embedding → rnn → fc) and its one ``readout``.
- ``rnnviz.cells``: the cell equations, in one place.
- ``rnnviz.tracing``: exact traces (``trace_rnn``, ``trace``, the reference loop).
- ``rnnviz.folders`` / ``rnnviz.checkpoint`` / ``rnnviz.model_card``: model folders checked
  without PyTorch, models on disk and their model cards (``rnnviz.uploads``: the same
  checks on uploaded bytes).
- ``rnnviz.analysis``: flag units, gradients, minimal pairs, word order, generation.
- ``rnnviz.figures``: Plotly figures of all of the above.
- ``rnnviz.training``: the seeded training loop, built-in tasks, your own data.

It never imports Streamlit: everything the app shows can be made in a notebook. The names
below load on first use, so ``import rnnviz`` alone does not import PyTorch.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# The public names load on first use (PEP 562): ``import rnnviz`` costs no PyTorch, so the
# CLI refuses a bad model folder in milliseconds (rnnviz.folders checks it without torch)
# instead of after the seconds torch takes to import. Each name's home module:
_HOMES = {
    "rnnviz.analysis": (
        "Corpus Edit find_units generate gradients intervene match minimal_pair saturation "
        "trace_corpus word_order"
    ),
    "rnnviz.checkpoint": "infer_config load save",
    "rnnviz.folders": "CheckpointError card list_models",
    "rnnviz.config": "ModelConfig",
    "rnnviz.model": "RNNModel",
    "rnnviz.tokenize": "CharTokenizer TreebankTokenizer Vocab WordTokenizer",
    "rnnviz.tracing": "RNNTrace Trace TraceInputError trace trace_rnn",
}
_HOME = {name: module for module, names in _HOMES.items() for name in names.split()}

if TYPE_CHECKING:  # what type checkers (and readers) see: the same names, eagerly
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
    from rnnviz.checkpoint import infer_config, load, save
    from rnnviz.config import ModelConfig
    from rnnviz.folders import CheckpointError, card, list_models
    from rnnviz.model import RNNModel
    from rnnviz.tokenize import CharTokenizer, TreebankTokenizer, Vocab, WordTokenizer
    from rnnviz.tracing import RNNTrace, Trace, TraceInputError, trace, trace_rnn


def __getattr__(name: str):
    """A public name from its home module, or a submodule (``rnnviz.uploads``), on first use."""
    if name in _HOME:
        value = getattr(importlib.import_module(_HOME[name]), name)
    elif not name.startswith("__"):
        try:
            value = importlib.import_module(f"rnnviz.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"rnnviz.{name}":
                raise
            raise AttributeError(f"module 'rnnviz' has no attribute {name!r}") from None
    else:
        raise AttributeError(f"module 'rnnviz' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
