"""Training the small models rnnviz ships, and models on a user's own text or CSV file.

- ``train_task(task, cell, ...)``: a built-in task (``rnnviz.tasks``): generated data, a
  vocabulary built from it, Adam, and a model card measured on FRESH held-out examples
  (generated with a different seed, see ``rnnviz.evaluate``).
- ``train_text(path, level=...)``: a next-token language model on a text file.
- ``train_csv(path, text_column, label_column)``: a classifier on a CSV file.
  Both check the file BEFORE training and raise ``DataFileError`` (a ``ValueError``)
  saying what is wrong: empty, binary, too big, missing columns, one class, too few rows.
- ``add_train_arguments`` / ``run_train``: the ``rnnviz train`` command.

Everything is deterministic from the seed: ``torch.manual_seed``, the task generator's
seed, one thread and deterministic kernels while training (one thread also lets two
trainings share this course's 2-core machines). This is not a general trainer: no GPU,
no early stopping, no schedules beyond what these small models need.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import torch
from torch import Tensor, nn

from rnnviz import checkpoint
from rnnviz.model import ModelConfig, RNNModel
from rnnviz.tokenize import UNK, Vocab

# Per task: how much data and how big a model. Sentiment and news follow the lesson's
# notebook (embedding 64, hidden 32); character models read one-hot characters like the
# lesson's generator (embed_size 0).
TASK_DEFAULTS: dict[str, dict] = {
    "sentiment": dict(n_train=6000, epochs=8, embed_size=64, hidden_size=32, weight_decay=0.2),
    "news": dict(n_train=4000, epochs=5, embed_size=64, hidden_size=32),
    "agreement": dict(n_train=6000, epochs=24, embed_size=32, hidden_size=64, weight_decay=0.1),
    "brackets": dict(n_train=4000, epochs=16, embed_size=0, hidden_size=32, weight_decay=0.3),
    "long_range": dict(n_train=4000, epochs=10, embed_size=16, hidden_size=32),
    "stories": dict(n_train=2000, epochs=12, embed_size=0, hidden_size=64),
}
# Weight decay (AdamW) is what made single "flag" units emerge: without it the sentiment
# LSTM's best negation unit reached AUC 0.83-0.88 over seeds, with 0.2 it reached 0.91-0.93.
GENERIC_DEFAULTS = dict(n_train=4000, epochs=6, embed_size=32, hidden_size=32)
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
    return tqdm(
        total=total,
        desc=desc,
        file=sys.stderr,
        disable=not enabled,
        leave=True,
        dynamic_ncols=True,
        mininterval=0.5,
    )


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
) -> list[dict]:
    """Adam on cross-entropy; returns the loss and accuracy of every epoch."""
    if len(data) == 0:
        raise ValueError("no training examples")
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    unk = model.config.vocab.index(UNK) if unk_rate and UNK in model.config.vocab else None
    n_batches = math.ceil(len(data) / batch_size)
    bar = _progress(epochs * n_batches, desc, progress)
    history = []
    model.train()
    for epoch in range(epochs):
        tot_loss, right, scored = 0.0, 0, 0
        for ids, lengths, labels in batches(data, batch_size, gen):
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
    if bar is not None:
        bar.close()
    model.eval()
    return history


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


def train_task(
    task: str,
    cell: str = "lstm",
    hidden_size: int | None = None,
    layers: int = 1,
    bidirectional: bool = False,
    seed: int = 0,
    out: str | Path | None = None,
    *,
    epochs: int | None = None,
    n_train: int | None = None,
    embed_size: int | None = None,
    lr: float = LR,
    batch_size: int = BATCH,
    n_heldout: int = 1000,
    progress: bool = True,
    evaluate: bool = True,
    name: str | None = None,
    weight_decay: float | None = None,
) -> TrainResult:
    """Train ``cell`` on a built-in task; save it (with its card) to ``out`` if given."""
    from rnnviz import evaluate as ev
    from rnnviz import tasks

    info = tasks.info(task)
    d = {**GENERIC_DEFAULTS, **TASK_DEFAULTS.get(task, {})}
    hidden_size = hidden_size or d["hidden_size"]
    epochs = epochs or d["epochs"]
    n_train = n_train or d["n_train"]
    embed_size = d["embed_size"] if embed_size is None else embed_size
    weight_decay = d.get("weight_decay", 0.0) if weight_decay is None else weight_decay
    if cell == "bag" and not embed_size:
        embed_size = 32  # the bag averages embeddings: it needs some
    train_ex = tasks.generate(task, n_train, seed)
    vocab = Vocab.build([ex.tokens for ex in train_ex])
    is_lm = info.kind == "lm"
    data = Data(
        encode(vocab, [ex.tokens for ex in train_ex]),
        None if is_lm else [ex.label for ex in train_ex],
    )
    tok_cfg = {"kind": "char"} if info.tokenizer == "char" else {"kind": "word", "lowercase": True}
    with deterministic(seed):
        model = build_model(
            cell,
            vocab,
            "lm" if is_lm else "classifier",
            hidden_size=hidden_size,
            embed_size=embed_size,
            layers=layers,
            bidirectional=bidirectional,
            labels=info.labels or (),
            tokenizer=tok_cfg,
            task=task,
            seed=seed,
        )
        t0 = time.perf_counter()
        history = fit(
            model,
            data,
            epochs,
            seed,
            lr=lr,
            batch_size=batch_size,
            unk_rate=UNK_RATE if info.tokenizer == "word" else 0.0,
            progress=progress,
            desc=name or f"{task}-{cell}",
            weight_decay=weight_decay,
        )
        seconds = time.perf_counter() - t0
    command = (
        f"rnnviz train {task} --cell {cell} --hidden {hidden_size} --embed {embed_size} "
        f"--layers {layers}{' --bidirectional' if bidirectional else ''} --epochs {epochs} "
        f"--examples {n_train}{f' --weight-decay {weight_decay:g}' if weight_decay else ''}"
        f" --seed {seed} --out {out or 'DIR'}"
    )
    card = {
        "name": name or (Path(out).name if out else f"{task}-{cell}"),
        "task": task,
        "kind": info.kind,
        "description": ev.describe(info, cell, layers, bidirectional),
        "cell": cell,
        "hidden_size": hidden_size,
        "embed_size": embed_size,
        "num_layers": layers,
        "bidirectional": bidirectional,
        "vocab_size": len(vocab),
        "parameters": sum(p.numel() for p in model.parameters()),
        "train_examples": n_train,
        "epochs": epochs,
        "batch_size": batch_size,
        "lr": lr,
        "seed": seed,
        "train_seconds": round(seconds, 1),
        "command": command,
        "weight_decay": weight_decay,
        "training": (
            f"{'AdamW' if weight_decay else 'Adam'} (lr {lr}"
            f"{f', weight decay {weight_decay:g}' if weight_decay else ''}), "
            f"batch {batch_size}, gradient norm clipped at {CLIP}, "
            f"{epochs} epochs on {n_train} examples generated with seed {seed}"
            + (
                f"; {UNK_RATE:.0%} of training input words replaced by <unk>"
                if info.tokenizer == "word"
                else ""
            )
        ),
        "history": history,
    }
    if evaluate:
        card.update(
            ev.evaluate_task(model, task, seed, n_heldout, train_texts={ex.text for ex in train_ex})
        )
    folder = None
    if out is not None:
        folder = checkpoint.save(model, out, card=card, card_md=ev.card_markdown(card))
        model.name = Path(out).name
    return TrainResult(model, card, folder)


# ---- a user's own data -------------------------------------------------------------------

MAX_FILE_BYTES = 20 * 2**20  # 20 MiB: far more than these small models can learn from
MIN_ROWS = 20  # CSV rows (with text and label) a classifier needs
MIN_TOKENS = {"char": 1000, "word": 200}
SEQ_LEN = {"char": 100, "word": 35}  # a language model trains on windows this long
MAX_WINDOWS = 6000  # longer files are sampled (seeded) so training stays in minutes
MAX_WORD_VOCAB = 20_000


class DataFileError(ValueError):
    """A training file cannot be used; the message says why and what to do."""


def read_text_file(path: str | Path) -> str:
    """The file's text, or a ``DataFileError`` if it is missing, empty, binary or huge."""
    p = Path(path)
    if not p.is_file():
        raise DataFileError(f"{p}: no such file")
    size = p.stat().st_size
    if size == 0:
        raise DataFileError(f"{p.name} is empty")
    if size > MAX_FILE_BYTES:
        raise DataFileError(
            f"{p.name} is {size / 2**20:.1f} MiB; the limit is "
            f"{MAX_FILE_BYTES // 2**20} MiB (use a sample of it)"
        )
    raw = p.read_bytes()
    if b"\x00" in raw:
        raise DataFileError(f"{p.name} looks binary (it contains NUL bytes); give a text file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DataFileError(
            f"{p.name} is not UTF-8 text (bad byte at position {e.start}); save it as UTF-8"
        ) from None
    if not text.strip():
        raise DataFileError(f"{p.name} holds only white space")
    return text


def _split(n: int, seed: int, frac: float = 0.1) -> tuple[list[int], list[int]]:
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed)).tolist()
    k = max(1, round(n * frac))
    return order[k:], order[:k]


def _finish(model: RNNModel, card: dict, out, train_len: int, held_len: int) -> TrainResult:
    from rnnviz import evaluate as ev

    card.update(train_examples=train_len, heldout_examples=held_len)
    folder = None
    if out is not None:
        folder = checkpoint.save(model, out, card=card, card_md=ev.card_markdown(card))
        model.name = Path(out).name
    return TrainResult(model, card, folder)


def train_text(
    path: str | Path,
    level: str = "char",
    cell: str = "lstm",
    hidden_size: int | None = None,
    layers: int = 1,
    seed: int = 0,
    out: str | Path | None = None,
    *,
    epochs: int | None = None,
    embed_size: int | None = None,
    progress: bool = True,
) -> TrainResult:
    """A next-token language model on a text file (windows of the text, 10% held out)."""
    from rnnviz import evaluate as ev
    from rnnviz.tokenize import CharTokenizer, WordTokenizer

    if level not in SEQ_LEN:
        raise DataFileError(f"level must be 'char' or 'word', got {level!r}")
    text = read_text_file(path)
    tok = CharTokenizer() if level == "char" else WordTokenizer()
    tokens = tok.tokenize(text[: MAX_WINDOWS * SEQ_LEN[level] * 12])  # enough for any sample
    unit = "characters" if level == "char" else "words"
    if len(tokens) < MIN_TOKENS[level]:
        raise DataFileError(
            f"{Path(path).name} has {len(tokens)} {unit}; a language model "
            f"needs at least {MIN_TOKENS[level]}"
        )
    L = min(SEQ_LEN[level], len(tokens) // 10)
    windows = [tokens[k : k + L] for k in range(0, len(tokens) - L + 1, L)]
    train_i, held_i = _split(len(windows), seed)
    train_i = train_i[:MAX_WINDOWS]
    vocab = Vocab.build([windows[i] for i in train_i])
    if len(vocab) > MAX_WORD_VOCAB:
        vocab = Vocab(vocab.tokens[:MAX_WORD_VOCAB])
    embed = (
        embed_size
        if embed_size is not None
        else (0 if level == "char" and len(vocab) <= 200 else 64)
    )
    with deterministic(seed):
        model = build_model(
            cell,
            vocab,
            "lm",
            hidden_size=hidden_size or 64,
            embed_size=embed,
            layers=layers,
            tokenizer=tok.to_config(),
            seed=seed,
        )
        t0 = time.perf_counter()
        history = fit(
            model,
            Data(encode(vocab, [windows[i] for i in train_i])),
            epochs or 5,
            seed,
            progress=progress,
            desc=Path(path).name,
            unk_rate=UNK_RATE if level == "word" else 0.0,
        )
        seconds = time.perf_counter() - t0
    c = model.config
    card = {
        "name": Path(out).name if out else Path(path).stem,
        "task": "",
        "kind": "lm",
        "description": f"{ev.CELL_NAMES[cell]} language model ({level} level) trained on "
        f"{Path(path).name}.",
        "source_file": Path(path).name,
        "cell": cell,
        "hidden_size": c.hidden_size,
        "embed_size": c.embed_size,
        "num_layers": layers,
        "bidirectional": False,
        "vocab_size": len(vocab),
        "parameters": sum(p.numel() for p in model.parameters()),
        "window": L,
        "seed": seed,
        "epochs": epochs or 5,
        "train_seconds": round(seconds, 1),
        "command": f"rnnviz train --text {path} --level {level} --cell {cell} "
        f"--hidden {c.hidden_size} --layers {layers} --epochs {epochs or 5} "
        f"--seed {seed} --out {out or 'DIR'}",
        "history": history,
    }
    card.update(ev.lm_next_token(model, [windows[i] for i in held_i]))
    card["accuracy"] = card["next_token_accuracy"]
    card["accuracy_metric"] = "held-out top-1 next-token accuracy"
    return _finish(model, card, out, len(train_i), len(held_i))


def read_csv_file(path: str | Path, text_column: str, label_column: str):
    """Texts and labels from a CSV with a header row; every problem a ``DataFileError``."""
    import csv
    import io

    text = read_text_file(path)
    name = Path(path).name
    try:
        dialect = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    columns = [c for c in (reader.fieldnames or []) if c is not None]
    missing = [c for c in (text_column, label_column) if c not in columns]
    if missing:
        raise DataFileError(
            f"{name} has no column {' or '.join(map(repr, missing))}; "
            f"its columns are: {', '.join(map(repr, columns)) or 'none'}"
        )
    texts, labels = [], []
    try:
        for row in reader:
            t, y = (row.get(text_column) or "").strip(), (row.get(label_column) or "").strip()
            if t and y:
                texts.append(t)
                labels.append(y)
    except csv.Error as e:
        raise DataFileError(f"{name} is not valid CSV (line {reader.line_num}: {e})") from None
    if len(texts) < MIN_ROWS:
        raise DataFileError(
            f"{name} has {len(texts)} rows with both a text and a label; "
            f"a classifier needs at least {MIN_ROWS}"
        )
    classes = sorted(set(labels))
    if len(classes) < 2:
        raise DataFileError(
            f"column {label_column!r} has only one class ({classes[0]!r}); "
            "a classifier needs at least two"
        )
    if len(classes) > max(50, len(texts) // 2):
        raise DataFileError(
            f"column {label_column!r} has {len(classes)} different values in "
            f"{len(texts)} rows: is it really the label column?"
        )
    return texts, labels, classes


def train_csv(
    path: str | Path,
    text_column: str,
    label_column: str,
    cell: str = "lstm",
    hidden_size: int | None = None,
    layers: int = 1,
    bidirectional: bool = False,
    seed: int = 0,
    out: str | Path | None = None,
    *,
    epochs: int | None = None,
    embed_size: int | None = None,
    progress: bool = True,
) -> TrainResult:
    """A word-level classifier on a CSV file (10% of the rows held out)."""
    from rnnviz import evaluate as ev
    from rnnviz.tokenize import WordTokenizer

    texts, labels, classes = read_csv_file(path, text_column, label_column)
    tok = WordTokenizer()
    token_lists = [tok.tokenize(t) or [UNK] for t in texts]
    y = [classes.index(v) for v in labels]
    train_i, held_i = _split(len(texts), seed)
    vocab = Vocab.build([token_lists[i] for i in train_i])
    if len(vocab) > MAX_WORD_VOCAB:
        vocab = Vocab(vocab.tokens[:MAX_WORD_VOCAB])
    with deterministic(seed):
        model = build_model(
            cell,
            vocab,
            "classifier",
            hidden_size=hidden_size or 32,
            embed_size=embed_size or 64,
            layers=layers,
            bidirectional=bidirectional,
            labels=classes,
            tokenizer=tok.to_config(),
            seed=seed,
        )
        t0 = time.perf_counter()
        history = fit(
            model,
            Data(encode(vocab, [token_lists[i] for i in train_i]), [y[i] for i in train_i]),
            epochs or 8,
            seed,
            progress=progress,
            desc=Path(path).name,
            unk_rate=UNK_RATE,
        )
        seconds = time.perf_counter() - t0
    c = model.config
    held = [type("Ex", (), {"tokens": token_lists[i], "label": y[i]}) for i in held_i]
    card = {
        "name": Path(out).name if out else Path(path).stem,
        "task": "",
        "kind": "classifier",
        "description": f"{ev.CELL_NAMES[cell]} classifier ({', '.join(classes[:6])}) "
        f"trained on {Path(path).name}.",
        "source_file": Path(path).name,
        "labels": classes,
        "cell": cell,
        "hidden_size": c.hidden_size,
        "embed_size": c.embed_size,
        "num_layers": layers,
        "bidirectional": bidirectional,
        "vocab_size": len(vocab),
        "parameters": sum(p.numel() for p in model.parameters()),
        "seed": seed,
        "epochs": epochs or 8,
        "train_seconds": round(seconds, 1),
        "command": f"rnnviz train --csv {path} --text-column {text_column} "
        f"--label-column {label_column} --cell {cell} --hidden {c.hidden_size} "
        f"--layers {layers}{' --bidirectional' if bidirectional else ''} "
        f"--epochs {epochs or 8} --seed {seed} --out {out or 'DIR'}",
        "history": history,
        "accuracy": round(ev.classifier_accuracy(model, held), 4),
        "accuracy_metric": "held-out classification accuracy (10% of the rows)",
    }
    return _finish(model, card, out, len(train_i), len(held_i))


# ---- the command line (``rnnviz train``) ------------------------------------------------------


def add_train_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "task",
        nargs="?",
        help="a built-in task: agreement, brackets, long_range, "
        "news, sentiment, stories (or use --text / --csv)",
    )
    src = p.add_mutually_exclusive_group()
    src.add_argument("--text", metavar="FILE", help="train a language model on a UTF-8 text file")
    src.add_argument("--csv", metavar="FILE", help="train a classifier on a CSV file with a header")
    p.add_argument(
        "--level",
        choices=("char", "word"),
        default="char",
        help="--text: predict the next character or the next word (default char)",
    )
    p.add_argument("--text-column", help="--csv: the column holding the text")
    p.add_argument("--label-column", help="--csv: the column holding the label")
    p.add_argument("--cell", choices=("lstm", "gru", "rnn", "bag"), default="lstm")
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--bidirectional", action="store_true")
    p.add_argument("--hidden", type=int, help="hidden units (default: per task, else 32/64)")
    p.add_argument("--embed", type=int, help="embedding size (0 = one-hot characters)")
    p.add_argument("--epochs", type=int)
    p.add_argument("--examples", type=int, help="TASK: number of generated training examples")
    p.add_argument(
        "--weight-decay",
        type=float,
        help="AdamW weight decay (default: per task; it helps flag units emerge)",
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--heldout", type=int, default=1000, help="TASK: fresh held-out examples for the card"
    )
    p.add_argument("--out", help="checkpoint folder to write (default runs/NAME)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def run_train(args: argparse.Namespace) -> int:
    """``rnnviz train``: exactly one of TASK, --text, --csv. Bad input raises ValueError."""
    chosen = [x for x in (args.task, args.text, args.csv) if x]
    if len(chosen) != 1:
        raise ValueError("give exactly one of: a TASK name, --text FILE, or --csv FILE")
    for flag in ("layers", "hidden", "epochs", "examples", "heldout"):
        v = getattr(args, flag)
        if v is not None and v < 1:
            raise ValueError(f"--{flag} must be at least 1, got {v}")
    common = dict(
        cell=args.cell,
        hidden_size=args.hidden,
        layers=args.layers,
        seed=args.seed,
        epochs=args.epochs,
        embed_size=args.embed,
        progress=not args.quiet,
    )
    if args.csv:
        if not (args.text_column and args.label_column):
            raise ValueError("--csv needs --text-column NAME and --label-column NAME")
        out = args.out or f"runs/{Path(args.csv).stem}-{args.cell}"
        r = train_csv(
            args.csv,
            args.text_column,
            args.label_column,
            out=out,
            bidirectional=args.bidirectional,
            **common,
        )
    elif args.text:
        out = args.out or f"runs/{Path(args.text).stem}-{args.cell}"
        r = train_text(args.text, level=args.level, out=out, **common)
    else:
        out = args.out or f"runs/{args.task}-{args.cell}"
        r = train_task(
            args.task,
            out=out,
            bidirectional=args.bidirectional,
            n_train=args.examples,
            n_heldout=args.heldout,
            weight_decay=args.weight_decay,
            **common,
        )
    print(
        f"saved {r.folder}: held-out accuracy {r.card.get('accuracy', float('nan')):.1%} "
        f"({r.card.get('train_seconds')} s training)",
        file=sys.stderr,
    )
    return 0
