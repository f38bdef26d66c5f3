"""rnnviz: see inside a recurrent network while it reads.

    import torch, rnnviz
    tr = rnnviz.trace_rnn(torch.nn.LSTM(8, 16), torch.randn(20, 8))   # any nn.RNN/LSTM/GRU
    tr = rnnviz.trace(rnnviz.load("sentiment-lstm"), "the film was not good")

The library never imports Streamlit: everything the app shows can be made in a notebook.
"""

from rnnviz.checkpoint import CheckpointError, card, infer_config, list_models, load, save
from rnnviz.model import ModelConfig, RNNModel
from rnnviz.tokenize import CharTokenizer, Vocab, WordTokenizer
from rnnviz.trace import Trace, trace
from rnnviz.trace_rnn import RNNTrace, TraceInputError, trace_rnn

__version__ = "0.1.0"
__all__ = [
    "CharTokenizer",
    "CheckpointError",
    "ModelConfig",
    "RNNModel",
    "RNNTrace",
    "Trace",
    "TraceInputError",
    "Vocab",
    "WordTokenizer",
    "card",
    "infer_config",
    "list_models",
    "load",
    "save",
    "trace",
    "trace_rnn",
]
