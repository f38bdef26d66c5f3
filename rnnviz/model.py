"""``RNNModel``: the small models rnnviz ships and trains, and their config.

Built the way the lesson's notebooks build theirs, so the same tracing code serves both:
``embedding`` (or one-hot characters when ``embed_size`` is 0) → ``rnn`` (``nn.RNN``,
``nn.LSTM`` or ``nn.GRU``, batch first) → ``fc``, a linear head that is either

- a sequence **classifier** read off the final state (``readout='last'``: the forward
  direction's last state, with the backward direction's state at the first token for a
  bidirectional model, i.e. ``h_n`` of the top layer) or the mean of all outputs
  (``readout='mean'``, as the notebook's plain-RNN classifier does), or
- a next-token **language model** (``head='lm'``) read off every step.

``cell='bag'`` is the order-blind baseline: the mean of the embeddings, no recurrence.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

# The config has its own torch-free home (a bad folder is refused before torch loads); these
# names stay importable from here.
from rnnviz.config import CELLS, HEADS, LIMITS, READOUTS, ModelConfig, summarise  # noqa: F401


def readout(output: Tensor, how: str, directions: int, lengths: Tensor | None = None) -> Tensor:
    """The vector a classifier reads from the top layer's output ``[B, T, D·H]``.

    THE one definition every caller uses (the model's forward, the gradients' unroll, the
    figures of what the classifier reads). ``how='last'``: the forward direction's state
    after each sequence's last token, with the backward direction's state at the first
    token (it has read the whole text by then) — ``h_n`` of the top layer. ``how='mean'``:
    the mean of the outputs over each sequence's own tokens. ``lengths``: ``[B]`` unpadded
    sizes (default: all ``T``). Returns ``[B, D·H]``.
    """
    B, T, DH = output.shape
    if lengths is None:
        lengths = torch.full((B,), T, dtype=torch.long, device=output.device)
    lengths = lengths.to(output.device)
    if how == "mean":
        mask = (torch.arange(T, device=output.device)[None, :] < lengths[:, None]).to(output.dtype)
        return (output * mask[..., None]).sum(1) / lengths[:, None].to(output.dtype)
    if how != "last":
        raise ValueError(f"readout must be one of {READOUTS}, got {how!r}")
    H = DH // directions
    last = output[torch.arange(B, device=output.device), lengths - 1, :H]
    return last if directions == 1 else torch.cat([last, output[:, 0, H:]], dim=-1)


class RNNModel(nn.Module):
    """embedding → rnn → fc; see the module docstring."""

    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        self.config = c = config
        V = len(c.vocab)
        self.embedding = nn.Embedding(V, c.embed_size) if c.embed_size else None
        in_size = c.embed_size or V
        if c.cell == "bag":
            self.rnn = None
            fc_in = c.embed_size
        else:
            kw = dict(num_layers=c.num_layers, bidirectional=c.bidirectional, batch_first=True)
            if c.cell == "rnn":
                self.rnn = nn.RNN(in_size, c.hidden_size, nonlinearity=c.nonlinearity, **kw)
            else:
                self.rnn = {"lstm": nn.LSTM, "gru": nn.GRU}[c.cell](in_size, c.hidden_size, **kw)
            fc_in = c.hidden_size * (2 if c.bidirectional else 1)
        self.fc = nn.Linear(fc_in, c.num_outputs)

    def inputs(self, ids: Tensor) -> Tensor:
        """What enters the recurrent layer for token ids ``[batch, time]``."""
        if self.embedding is not None:
            return self.embedding(ids)
        return nn.functional.one_hot(ids, len(self.config.vocab)).to(self.fc.weight.dtype)

    def features(self, ids: Tensor, lengths: Tensor | None = None) -> Tensor:
        """The vector the classifier reads, ``[batch, features]`` (lengths: unpadded sizes)."""
        x = self.inputs(ids)
        B, T = ids.shape
        if lengths is None:
            lengths = torch.full((B,), T, dtype=torch.long, device=ids.device)
        if self.rnn is None:  # the bag: the mean of the embeddings, no recurrence
            return readout(x, "mean", 1, lengths)
        packed = nn.utils.rnn.pack_padded_sequence(
            x, lengths.cpu(), batch_first=True, enforce_sorted=False
        )
        out, _ = self.rnn(packed)
        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=T)
        D = 2 if self.config.bidirectional else 1
        return readout(out, self.config.readout, D, lengths)

    def forward(self, ids: Tensor, lengths: Tensor | None = None) -> Tensor:
        """Classifier: logits ``[batch, classes]``. LM: logits ``[batch, time, vocab]``."""
        if self.config.head == "lm":
            out, _ = self.rnn(self.inputs(ids))
            return self.fc(out)
        return self.fc(self.features(ids, lengths))
