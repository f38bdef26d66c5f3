"""Readers for the three real-text data sets the ``agnews-*``, ``reviews-*`` and ``alice-*``
models are trained on, each taking a path (the files stay outside this repository).

- ``read_agnews(path)``: AG News (Zhang, Zhao & LeCun 2015), the 7,600-row split: title and
  description joined, cleaned by ``clean_news`` (HTML entities such as ``#39;`` and
  ``&amp;``, backslashes written for line breaks, ``\\$``, markup such as ``<A HREF=...>``).
- ``read_sst2(path)``: SST-2 sentences (pre-tokenised, lower-cased) and 0/1 labels, with the
  treebank's escapes (``\\/``, ``\\*``) undone; ``rnnviz.tokenize.TreebankTokenizer`` then
  tokenises them and what a student types the same way.
- ``read_alice(path)``: *Alice's Adventures in Wonderland* without the Project Gutenberg
  header and footer, split into (training text, held-out text): the last chapter is held out.

``split(n, seed)`` is the fixed-seed train/validation split the models and their tests use;
``data_dir()`` finds the data (``RNNVIZ_DATA``, else ``../shared/data`` beside the repository).
This module reads and cleans; it does not train (:mod:`rnnviz.training.realmodels` does).
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import os
import re
from pathlib import Path

import torch

from rnnviz.training.userdata import DataFileError, read_text_file

AGNEWS_FILE = "ag_news_7600.csv"
SST2_FILE = "sst2_train.tsv"
ALICE_FILE = "alice_11-0.txt"
AGNEWS_LABELS = ["World", "Sports", "Business", "Sci/Tech"]  # classes 1-4 of the readme
SST2_LABELS = ["negative", "positive"]
VALIDATION = 0.1  # share of rows held out for validation
SPLIT_SEED = 0  # the split does not move when a model's training seed does

_ENTITY_NO_AMP = re.compile(r"(?<!&)#(\d{1,7});")  # "#39;": an entity that lost its "&"
_MARKUP = re.compile(r"<\s*/?\s*(?:a|font|b|i|p|br|strong|em|span|div)\b[^<>]{0,400}>", re.I)


def data_dir() -> Path:
    """Where the real data lives: ``$RNNVIZ_DATA``, else ``../shared/data`` beside the repo."""
    env = os.environ.get("RNNVIZ_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2].parent / "shared" / "data"


def sha256(path: str | Path) -> str:
    """The file's sha256 (hex), for the model card."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def split(n: int, seed: int = SPLIT_SEED, frac: float = VALIDATION) -> tuple[list[int], list[int]]:
    """Indices ``(train, validation)`` of ``n`` rows: a seeded permutation, ``frac`` held out."""
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed)).tolist()
    k = max(1, round(n * frac))
    return sorted(order[k:]), sorted(order[:k])


def clean_news(text: str) -> str:
    """AG News text as a reader sees it: entities decoded, line-break backslashes spaced.

    Nothing readable is dropped: ``#39;`` → ``'``, ``&amp;`` → ``&``, ``&lt;TXN.N&gt;`` →
    ``<TXN.N>`` (a ticker stays), ``\\$`` → ``$``; a backslash (the data set's line break,
    "a second\\team") becomes a space; HTML markup tags (``<a href=...>``, ``<font ...>``),
    which are layout, not words, become a space.
    """
    text = _ENTITY_NO_AMP.sub(r"&#\1;", text)
    text = html.unescape(text)
    text = _MARKUP.sub(" ", text)
    text = text.replace("\\$", "$")
    text = re.sub(r"\\+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def read_agnews(path: str | Path) -> tuple[list[str], list[int]]:
    """Texts (title. description) and labels 0-3 (``AGNEWS_LABELS``) of the headerless CSV."""
    p = Path(path)
    raw = read_text_file(p)
    texts, labels = [], []
    for i, row in enumerate(csv.reader(io.StringIO(raw)), 1):
        if not row:
            continue
        if len(row) != 3 or row[0].strip() not in ("1", "2", "3", "4"):
            raise DataFileError(
                f'{p.name} line {i}: expected "class","title","description" with class '
                f"1-4, got {len(row)} fields"
            )
        title, desc = clean_news(row[1]), clean_news(row[2])
        texts.append(
            f"{title}. {desc}"
            if title and not title.endswith((".", "?", "!"))
            else f"{title} {desc}".strip()
        )
        labels.append(int(row[0]) - 1)
    if not texts:
        raise DataFileError(f"{p.name} has no rows")
    return texts, labels


def clean_sst(sentence: str) -> str:
    """An SST sentence with the treebank's escapes undone (``\\/`` → ``/``, ``\\*`` → ``*``)."""
    return re.sub(r"\\(.)", r"\1", sentence).strip()


def read_sst2(path: str | Path) -> tuple[list[str], list[int]]:
    """Sentences and labels (1 = positive) of ``sentence<TAB>label`` lines after a header."""
    p = Path(path)
    lines = read_text_file(p).split("\n")
    texts, labels = [], []
    for i, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        sentence, _, label = line.rstrip("\r").rpartition("\t")
        if label not in ("0", "1") or not sentence.strip():
            raise DataFileError(f"{p.name} line {i}: expected 'sentence<TAB>0 or 1'")
        texts.append(clean_sst(sentence))
        labels.append(int(label))
    if not texts:
        raise DataFileError(f"{p.name} has no sentences")
    return texts, labels


def strip_gutenberg(text: str) -> str:
    """The book without Project Gutenberg's header and footer (if it has them)."""
    start = re.search(r"^\*\*\* ?START OF (?:THE|THIS) PROJECT GUTENBERG.*$", text, re.M | re.I)
    if start:
        text = text[start.end() :]
    end = re.search(r"^\*\*\* ?END OF (?:THE|THIS) PROJECT GUTENBERG", text, re.M | re.I)
    if end:
        text = text[: end.start()]
    return text.replace("\r\n", "\n").strip("\n") + "\n"


def read_alice(path: str | Path) -> tuple[str, str]:
    """(training text, held-out text): the book without Gutenberg's frame; from the last
    ``CHAPTER`` heading on is held out."""
    p = Path(path)
    text = strip_gutenberg(read_text_file(p))
    heads = list(re.finditer(r"^CHAPTER [IVXLC]+\.\s*$", text, re.M))
    if len(heads) < 2:
        raise DataFileError(f"{p.name}: expected chapter headings ('CHAPTER I.' on a line)")
    cut = heads[-1].start()
    return text[:cut], text[cut:]
