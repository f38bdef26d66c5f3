"""Models on a user's own data: a language model on a text file, a classifier on a CSV file.

- ``train_text(path, level=...)``: a next-token language model on a text file.
- ``train_csv(path, text_column, label_column)``: a classifier on a CSV file.

Both check the file BEFORE training and raise ``DataFileError`` (a ``ValueError``) saying
what is wrong: empty, binary, too big, missing columns, one class, too few rows. 10% of
the windows (text) or rows (CSV) are held out for the card's accuracy. Training itself is
the same seeded loop as the built-in tasks' (``rnnviz.training.loop.fit``).
"""

from __future__ import annotations

import codecs
import csv
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import torch

from rnnviz import checkpoint
from rnnviz.folders import check_file
from rnnviz.messages import N_, Message, MessageError, Said
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


class DataFileError(MessageError):
    """A training file cannot be used; the message says why and what to do (``err.message``:
    the same in any language, see :mod:`rnnviz.messages`)."""


def read_text_file(path: str | Path) -> str:
    """The file's text, or a ``DataFileError`` if it is missing, empty, binary or huge."""
    return _read(path)[0]


_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", N_("UTF-8 with a byte order mark")),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


def _read(path: str | Path) -> tuple[str, str]:
    """(text, encoding in words): UTF-8, or UTF-16/32 told by a byte order mark or, for
    UTF-16 without one (Excel's "Unicode text"), by a NUL in every other byte."""
    p = Path(path)
    check_file(p, MAX_FILE_BYTES, DataFileError, Message(N_(" (use a sample of it)")))
    raw = p.read_bytes()
    codec, words = "utf-8", "UTF-8"
    for bom, c, w in _BOMS:
        if raw.startswith(bom):
            codec, words = c, w
            break
    else:
        if b"\x00" in raw:
            head = raw[:4000]
            half = len(head) // 2
            even, odd = head[0::2].count(0), head[1::2].count(0)
            if odd > 0.3 * half and even == 0:
                codec, words = "utf-16-le", N_("UTF-16 (little-endian, no byte order mark)")
            elif even > 0.3 * half and odd == 0:
                codec, words = "utf-16-be", N_("UTF-16 (big-endian, no byte order mark)")
            else:
                raise DataFileError(
                    N_(
                        "{name} looks binary (it contains NUL bytes and is not UTF-16); "
                        "give a text file"
                    ),
                    name=p.name,
                )
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as e:
        raise DataFileError(
            N_("{name} is not {encoding} text (bad byte at position {byte}); save it as UTF-8"),
            name=p.name,
            encoding=Message(words),
            byte=e.start,
        ) from None
    if "\x00" in text:
        raise DataFileError(N_("{name} looks binary (it contains NUL characters)"), name=p.name)
    if not text.strip():
        raise DataFileError(N_("{name} holds only white space"), name=p.name)
    return text, words


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
    on_batch=None,
    on_epoch=None,
) -> TrainResult:
    """A next-token language model on a text file (windows of the text, 10% held out);
    ``on_batch`` / ``on_epoch``: progress callbacks (:func:`rnnviz.training.loop.fit`)."""
    from rnnviz.tokenize import CharTokenizer, WordTokenizer

    if level not in SEQ_LEN:
        raise DataFileError(N_("level must be 'char' or 'word', got {level}"), level=repr(level))
    text = read_text_file(path)
    tok = CharTokenizer() if level == "char" else WordTokenizer()
    tokens = tok.tokenize(text[: MAX_WINDOWS * SEQ_LEN[level] * 12])  # enough for any sample
    if len(tokens) < MIN_TOKENS[level]:
        raise DataFileError(
            N_("{name} has {n} characters; a language model needs at least {least}")
            if level == "char"
            else N_("{name} has {n} words; a language model needs at least {least}"),
            name=Path(path).name,
            n=len(tokens),
            least=str(MIN_TOKENS[level]),
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
            on_batch=on_batch,
            on_epoch=on_epoch,
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


DELIMITERS = {"\t": N_("tab"), ",": N_("comma"), ";": N_("semicolon"), "|": N_("bar")}


def _fields(line: str, d: str, n: int | None = None) -> list[str]:
    """One line's fields. Quotes are honoured only WITHIN the line (``"a, b",pos``); a
    quote that does not close on its line is text (``"Great film`` starts many reviews),
    so a row never swallows the lines after it."""
    row = next(csv.reader([line], delimiter=d, quotechar='"', strict=False), [])
    if n is not None and len(row) != n:
        plain = line.split(d)
        if len(plain) == n:
            return plain
    return row


def _delimiter(lines: list[str], name: str) -> tuple[str, int]:
    """The delimiter that splits the most lines into the same number (>= 2) of fields."""
    best = None
    for rank, d in enumerate(DELIMITERS):
        counts = Counter(len(_fields(ln, d)) for ln in lines)
        k = counts.most_common(1)[0][0]
        if k < 2:
            continue
        agree = sum(len(_fields(ln, d, k)) == k for ln in lines) / len(lines)
        if best is None or (agree, -rank) > (best[0], -best[3]):
            best = (agree, d, k, rank)
    if best is None:
        raise DataFileError(
            N_(
                "{name}: no line splits into columns (tried tab, comma, semicolon and |); "
                "a classifier needs a text column and a label column"
            ),
            name=name,
        )
    return best[1], best[2]


def _sorted_values(values: set[str]) -> list[str]:
    # label values 1, 2, ..., 10 in numeric order, so --label-names maps them as written
    try:
        return sorted(values, key=lambda v: (float(v), v))
    except ValueError:
        return sorted(values)


@dataclass
class CsvData:
    """Rows of a CSV/TSV file: texts, labels (names), and what was read and skipped."""

    texts: list[str]
    labels: list[str]
    classes: list[str]
    delimiter: str
    encoding: str
    lines: int  # data lines in the file (blank ones not counted)
    skipped: Counter = field(default_factory=Counter)  # reason (a Said) -> rows

    def summary(self, name: str) -> str:
        return str(self.said(name))

    def said(self, name: str) -> Message:
        """:meth:`summary` as a :class:`~rnnviz.messages.Message` (for another language)."""
        why = [
            Message(N_("{n} {reason}"), n=n, reason=reason)
            for reason, n in self.skipped.most_common()
        ]
        return Message(
            N_(
                "{name}: {n} rows read, {skipped} skipped{why}; {delimiter}-separated "
                "{encoding}; {labels} labels: {classes}"
            ),
            name=name,
            n=len(self.texts),
            skipped=sum(self.skipped.values()),
            why=Message(N_(" ({why})"), why=why) if why else "",
            delimiter=Message(DELIMITERS[self.delimiter]),
            encoding=Message(self.encoding),
            labels=len(self.classes),
            classes=", ".join(self.classes)[:120],
        )


def csv_columns(path: str | Path, *, no_header: bool = False) -> list[str]:
    """The column names of a CSV/TSV file (its first line; with ``no_header``, the numbers
    1..k), read as :func:`read_csv_file` reads them; a ``DataFileError`` if it has none."""
    text, _ = _read(path)
    lines = [ln.removesuffix("\r") for ln in text.split("\n") if ln.strip()]
    d, k = _delimiter(lines[:200], Path(path).name)
    if no_header:
        return [str(i + 1) for i in range(k)]
    return [c.strip() for c in _fields(lines[0], d)]


def read_csv_file(
    path: str | Path,
    text_column: str | Sequence[str],
    label_column: str,
    *,
    no_header: bool = False,
    label_names: Sequence[str] | None = None,
) -> CsvData:
    """Texts and labels from a CSV/TSV file; every problem a ``DataFileError``.

    One row per line, whatever the quotes (see ``_fields``); the delimiter is the one
    that splits the most lines alike. ``text_column`` may name several columns (joined
    with a space). ``no_header``: columns are numbers counted from 1. ``label_names``
    rename the label values in their sorted order (numeric when they are numbers).
    """
    text, encoding = _read(path)
    name = Path(path).name
    cols = [text_column] if isinstance(text_column, str) else list(text_column)
    lines = [ln.removesuffix("\r") for ln in text.split("\n")]
    numbered = [(i + 1, ln) for i, ln in enumerate(lines) if ln.strip()]
    d, k = _delimiter([ln for _, ln in numbered[:200]], name)
    if no_header:
        width, rows = k, numbered
        columns = [str(i + 1) for i in range(k)]
    else:
        header = [c.strip() for c in _fields(numbered[0][1], d)]
        width, rows, columns = len(header), numbered[1:], header
    missing = [c for c in [*cols, label_column] if c not in columns]
    if missing:
        if no_header:
            raise DataFileError(
                N_("{name} has {width} columns; give them by number, 1 to {width} (got {got})"),
                name=name,
                width=width,
                got=", ".join(map(repr, missing)),
            )
        raise DataFileError(
            N_(
                "{name} has no column {missing}; its columns are: {columns} (if the first line "
                "is data, not names, use --no-header and columns by number)"
            ),
            name=name,
            missing=" / ".join(map(repr, missing)),
            columns=", ".join(map(repr, columns))[:200] or "-",
        )
    at = [columns.index(c) for c in cols]
    y_at = columns.index(label_column)
    texts, labels, skipped = [], [], Counter()
    for _, ln in rows:
        f = _fields(ln, d, width)
        if len(f) != width:
            skipped[
                Said(
                    Message(
                        N_("with {got} fields instead of {width}"),
                        got=str(len(f)),
                        width=str(width),
                    )
                )
            ] += 1
            continue
        t = " ".join(f[i].strip() for i in at).strip()
        y = f[y_at].strip()
        if not t or not y:
            skipped[Said(Message(N_("with an empty text or label")))] += 1
            continue
        texts.append(t)
        labels.append(y)
    data = CsvData(texts, labels, _sorted_values(set(labels)), d, encoding, len(rows), skipped)
    if len(texts) < MIN_ROWS:
        raise DataFileError(
            N_(
                "{name} has {n} rows with both a text and a label; a classifier needs at "
                "least {least} ({summary})"
            ),
            name=name,
            n=len(texts),
            least=MIN_ROWS,
            summary=data.said(name),
        )
    classes = data.classes
    if len(classes) < 2:
        raise DataFileError(
            N_("column {column} has only one class ({value}); a classifier needs at least two"),
            column=repr(label_column),
            value=repr(classes[0])[:80],
        )
    if len(classes) > max(50, len(texts) // 2):
        raise DataFileError(
            N_(
                "column {column} has {n} different values in {rows} rows: is it really the "
                "label column?"
            ),
            column=repr(label_column),
            n=len(classes),
            rows=len(texts),
        )
    if label_names is not None:
        names = [n.strip() for n in label_names]
        if len(names) != len(classes) or not all(names) or len(set(names)) != len(names):
            raise DataFileError(
                N_(
                    "{n} label names for {values} label values ({list}): give one distinct "
                    "name per value, in this order"
                ),
                n=len(names),
                values=len(classes),
                list=", ".join(classes)[:100],
            )
        rename = dict(zip(classes, names))
        data.labels = [rename[y] for y in labels]
        data.classes = names
    return data


def train_csv(
    path: str | Path,
    text_column: str | Sequence[str],
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
    no_header: bool = False,
    label_names: Sequence[str] | None = None,
    on_batch=None,
    on_epoch=None,
) -> TrainResult:
    """A word-level classifier on a CSV file (10% of the rows held out); see
    ``read_csv_file`` for the columns, ``no_header`` and ``label_names``; ``on_batch`` /
    ``on_epoch``: progress callbacks (:func:`rnnviz.training.loop.fit`)."""
    from rnnviz.tokenize import WordTokenizer

    data = read_csv_file(
        path, text_column, label_column, no_header=no_header, label_names=label_names
    )
    texts, labels, classes = data.texts, data.labels, data.classes
    if progress:  # what was read, before minutes of training on it
        print(data.summary(Path(path).name), file=sys.stderr)
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
            on_batch=on_batch,
            on_epoch=on_epoch,
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
        "rows_read": len(texts),
        "rows_skipped": {str(r): n for r, n in data.skipped.items()},
        "command": f"rnnviz train --csv {path} "
        + "".join(
            f"--text-column {t} "
            for t in ([text_column] if isinstance(text_column, str) else text_column)
        )
        + ("--no-header " if no_header else "")
        + (f"--label-names {','.join(label_names)} " if label_names else "")
        + f"--label-column {label_column} --cell {cell} --hidden {c.hidden_size} "
        f"--layers {layers}{' --bidirectional' if bidirectional else ''} "
        f"--epochs {epochs or 8} --seed {seed} --out {out or 'DIR'}",
        "history": history,
        "accuracy": round(ev.classifier_accuracy(model, held), 4),
        "accuracy_metric": "held-out classification accuracy (10% of the rows)",
    }
    return _finish(model, card, out, len(train_i), len(held_i))
