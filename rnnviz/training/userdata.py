"""Models on a user's own data: a language model on a text file, a classifier on a CSV file.

- ``train_text(path, level=...)``: a next-token language model on a text file.
- ``train_csv(path, text_column, label_column)``: a classifier on a CSV file.

Both check the file BEFORE training and raise ``DataFileError`` (a ``ValueError``) saying
what is wrong: empty, binary, too big, missing columns, one class, too few rows. 10% of
the windows (text) or rows (CSV) are held out for the card's accuracy. Training itself is
the same seeded loop as the built-in tasks' (``rnnviz.training.loop.fit``).
"""

from __future__ import annotations

import time
from pathlib import Path

import torch

from rnnviz import checkpoint
from rnnviz.model import RNNModel
from rnnviz.model_card import CELL_NAMES, card_markdown
from rnnviz.tokenize import UNK, Vocab
from rnnviz.training import evaluate as ev
from rnnviz.training.loop import (
    UNK_RATE,
    Data,
    TrainResult,
    build_model,
    deterministic,
    encode,
    fit,
)

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

    card.update(train_examples=train_len, heldout_examples=held_len)
    folder = None
    if out is not None:
        folder = checkpoint.save(model, out, card=card, card_md=card_markdown(card))
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
        "description": f"{CELL_NAMES[cell]} language model ({level} level) trained on "
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
        "description": f"{CELL_NAMES[cell]} classifier ({', '.join(classes[:6])}) "
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
