"""Exact tracing: every state and gate a recurrent network computes, step by step.

- :func:`trace_rnn` (:mod:`~rnnviz.tracing.rnn`): any ``torch.nn.RNN`` / ``LSTM`` / ``GRU``
  on a tensor, every layer and direction, PyTorch's fused kernel plus one batched
  evaluation of :mod:`rnnviz.cells`.
- :func:`trace` (:mod:`~rnnviz.tracing.text`): a whole model (embedding → rnn → fc)
  reading a text, with the head's answer after every prefix.
- :func:`trace_rnn_reference` (:mod:`~rnnviz.tracing.reference`): the readable
  step-by-step loop, the same contract as ``trace_rnn``.
- :func:`gate_terms` (:mod:`~rnnviz.tracing.terms`): every gate's input part, recurrent
  part, pre-activation and activation at every step of a trace (what a formula view shows).
"""

from rnnviz.tracing.reference import trace_rnn_reference
from rnnviz.tracing.rnn import RNNTrace, TraceInputError, trace_rnn
from rnnviz.tracing.terms import gate_terms, layer_input, previous
from rnnviz.tracing.text import Trace, trace

__all__ = [
    "RNNTrace",
    "Trace",
    "TraceInputError",
    "gate_terms",
    "layer_input",
    "previous",
    "trace",
    "trace_rnn",
    "trace_rnn_reference",
]
