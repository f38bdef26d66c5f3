"""The seeded training loop every rnnviz model is trained with.

``fit`` (Adam or AdamW, gradient clipping, ``<unk>`` noise for word models), ``build_model``,
``deterministic``, ``pad_batch``, ``batches``: the pieces that ``train_task``
(:mod:`rnnviz.training.tasks`) and the user-data trainers (:mod:`rnnviz.training.userdata`)
share.

Everything is deterministic from the seed: ``torch.manual_seed``, one thread and
deterministic kernels while training (one thread also lets two trainings share this course's
2-core machines). This is not a general trainer: no GPU, no early stopping, no schedules
beyond what these small models need.
"""

from __future__ import annotations

import contextlib
import math
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import torch
from torch import Tensor, nn

from rnnviz.model import ModelConfig, RNNModel
from rnnviz.tokenize import UNK, Vocab

LR = 3e-3
BATCH = 32
CLIP = 1.0  # gradient norm clipping: plain RNNs blow up without it
UNK_RATE = 0.02  # word models: fraction of training inputs replaced by <unk>, so typing an
# unseen word gives the model a token it has learnt something about


@dataclass
class Data:
    """Token ids per text, and one label per text for a classifier (None for an LM)."""

    ids: list[list[int]]
    labels: list[int] | None = None

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class TrainResult:
    model: RNNModel
    card: dict = field(default_factory=dict)
    folder: Path | None = None


@contextlib.contextmanager
def deterministic(seed: int) -> Iterator[None]:
    """One thread, deterministic kernels, seeded; the previous settings come back after."""
    threads = torch.get_num_threads()
    was = torch.are_deterministic_algorithms_enabled()
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(seed)
    try:
        yield
    finally:
        torch.set_num_threads(threads)
        torch.use_deterministic_algorithms(was)


def pad_batch(seqs: Sequence[Sequence[int]], pad: int = 0) -> tuple[Tensor, Tensor]:
    """Ids ``[B, T]`` padded at the end with ``pad``, and the true lengths ``[B]``."""
    lengths = torch.tensor([len(s) for s in seqs])
    out = torch.full((len(seqs), int(lengths.max())), pad, dtype=torch.long)
    for i, s in enumerate(seqs):
        out[i, : len(s)] = torch.tensor(s, dtype=torch.long)
    return out, lengths


def batches(data: Data, batch_size: int, gen: torch.Generator) -> Iterator[tuple]:
    order = torch.randperm(len(data), generator=gen).tolist()
    for k in range(0, len(order), batch_size):
        idx = order[k : k + batch_size]
        ids, lengths = pad_batch([data.ids[i] for i in idx])
        labels = None if data.labels is None else torch.tensor([data.labels[i] for i in idx])
        yield ids, lengths, labels


def _progress(total: int, desc: str, enabled: bool):
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm comes with most environments
        return None
    opts = dict(file=sys.stderr, leave=True, dynamic_ncols=True, mininterval=0.5)
    return tqdm(total=total, desc=desc, disable=not enabled, **opts)


def step_loss(
    model: RNNModel, ids: Tensor, lengths: Tensor, labels: Tensor | None, inputs: Tensor
) -> tuple[Tensor, int, int]:
    """Loss, number right and number scored for one batch (``inputs``: ids after <unk> noise)."""
    if model.config.head == "classifier":
        logits = model(inputs, lengths)  # [B, C]
        return (
            nn.functional.cross_entropy(logits, labels),
            int((logits.argmax(-1) == labels).sum()),
            len(labels),
        )
    logits = model(inputs[:, :-1])  # [B, T-1, V]: predict token t+1 from tokens ..t
    target = ids[:, 1:].clone()
    target[torch.arange(target.shape[1])[None, :] >= (lengths[:, None] - 1)] = -100  # padding
    loss = nn.functional.cross_entropy(
        logits.reshape(-1, logits.shape[-1]), target.reshape(-1), ignore_index=-100
    )
    scored = target != -100
    return loss, int((logits.argmax(-1) == target)[scored].sum()), int(scored.sum())


def fit(
    model: RNNModel,
    data: Data,
    epochs: int,
    seed: int,
    lr: float = LR,
    batch_size: int = BATCH,
    unk_rate: float = 0.0,
    progress: bool = True,
    desc: str = "train",
    weight_decay: float = 0.0,
    on_batch: Callable[[dict], None] | None = None,
    on_epoch: Callable[[dict, RNNModel], None] | None = None,
    dropout: float = 0.0,
    dev: Data | None = None,
) -> list[dict]:
    """Adam on cross-entropy; returns the loss and accuracy of every epoch.

    ``on_batch(progress)``: after every batch, with ``epoch`` (from 1), ``batch``,
    ``batches`` (per epoch) and the epoch's running ``loss`` and ``accuracy``.
    ``on_epoch(record, model)``: after every epoch, with that epoch's history record and the
    model in eval mode (training resumes after it returns); e.g. to measure flags as they
    grow. Neither touches the seeded generator, so the result is the same with or without.

    ``dropout``: while training only, that share of the embedding outputs and of the
    features the output layer reads are zeroed (the trained model has no dropout, so its
    traces are unchanged). ``dev``: rows held out of the training data; their accuracy is
    measured after every epoch and the weights of the best epoch are kept (early stopping
    chosen on training rows, never on the validation split).
    """
    if len(data) == 0:
        raise ValueError("no training examples")
    gen = torch.Generator().manual_seed(seed)
    hooks = _dropout_hooks(model, dropout) if dropout else []
    best: tuple[float, int, dict] | None = None
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    unk = model.config.vocab.index(UNK) if unk_rate and UNK in model.config.vocab else None
    n_batches = math.ceil(len(data) / batch_size)
    bar = _progress(epochs * n_batches, desc, progress)
    history = []
    model.train()
    for epoch in range(epochs):
        tot_loss, right, scored = 0.0, 0, 0
        for k, (ids, lengths, labels) in enumerate(batches(data, batch_size, gen)):
            inputs = ids
            if unk is not None:
                noise = torch.rand(ids.shape, generator=gen) < unk_rate
                inputs = ids.masked_fill(noise & (ids != 0), unk)
            loss, r, n = step_loss(model, ids, lengths, labels, inputs)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), CLIP)
            opt.step()
            tot_loss += float(loss.detach()) * n
            right, scored = right + r, scored + n
            if on_batch is not None:
                on_batch(
                    dict(
                        epoch=epoch + 1,
                        batch=k + 1,
                        batches=n_batches,
                        loss=tot_loss / scored,
                        accuracy=right / scored,
                    )
                )
            if bar is not None:
                bar.update(1)
                bar.set_postfix(
                    epoch=epoch + 1,
                    loss=f"{tot_loss / scored:.3f}",
                    acc=f"{right / scored:.1%}",
                    refresh=False,
                )
        history.append(
            {
                "epoch": epoch + 1,
                "loss": round(tot_loss / scored, 4),
                "accuracy": round(right / scored, 4),
            }
        )
        if dev is not None and len(dev):
            acc = dev_accuracy(model, dev, batch_size)
            history[-1]["dev_accuracy"] = round(acc, 4)
            if best is None or acc > best[0]:
                best = (
                    acc,
                    epoch + 1,
                    {k: v.detach().clone() for k, v in model.state_dict().items()},
                )
            model.train()
        if on_epoch is not None:
            model.eval()
            on_epoch(dict(history[-1]), model)
            model.train()
    for h in hooks:
        h.remove()
    if bar is not None:
        bar.close()
    if best is not None:
        model.load_state_dict(best[2])
        for h in history:
            h["kept"] = h["epoch"] == best[1]
    model.eval()
    return history


def _dropout_hooks(model: RNNModel, p: float) -> list:
    """Training-time dropout on the embedding outputs and on the output layer's input."""

    def after(_m, _inp, out):
        return nn.functional.dropout(out, p, training=model.training)

    def before(_m, inp):
        return (nn.functional.dropout(inp[0], p, training=model.training),)

    hooks = [model.fc.register_forward_pre_hook(before)]
    if model.embedding is not None:
        hooks.append(model.embedding.register_forward_hook(after))
    return hooks


@torch.no_grad()
def dev_accuracy(model: RNNModel, data: Data, batch_size: int = BATCH) -> float:
    """Accuracy on ``data`` in eval mode: classifier labels, or next tokens for an LM."""
    model.eval()
    right = scored = 0
    for k in range(0, len(data), batch_size):
        idx = range(k, min(k + batch_size, len(data)))
        ids, lengths = pad_batch([data.ids[i] for i in idx])
        labels = None if data.labels is None else torch.tensor([data.labels[i] for i in idx])
        _, r, n = step_loss(model, ids, lengths, labels, ids)
        right, scored = right + r, scored + n
    return right / max(1, scored)


def build_model(
    cell: str,
    vocab: Vocab,
    head: str,
    *,
    hidden_size: int,
    embed_size: int,
    layers: int = 1,
    bidirectional: bool = False,
    labels: Sequence[str] = (),
    tokenizer: dict | None = None,
    task: str = "",
    seed: int = 0,
) -> RNNModel:
    """A fresh model whose initial weights depend on ``seed`` only."""
    cfg = ModelConfig(
        cell=cell,
        vocab=list(vocab.tokens),
        hidden_size=hidden_size,
        embed_size=embed_size,
        num_layers=layers,
        bidirectional=bidirectional,
        head=head,
        labels=list(labels),
        tokenizer=tokenizer or {"kind": "word", "lowercase": True},
        task=task,
    )
    torch.manual_seed(seed)
    return RNNModel(cfg)


def encode(vocab: Vocab, token_lists: Sequence[Sequence[str]]) -> list[list[int]]:
    return [vocab.encode(toks)[0] for toks in token_lists]
