"""A corpus: many texts read by one model, every state of every token kept, traced in batches.

    corpus = trace_corpus(rnnviz.load("sentiment-lstm"), texts)
    corpus.values(unit=5)              # that unit's value at every token of every text
    corpus.context(i, width=3)         # token i with a few tokens either side

What is kept, and how exactly:

- **States for views** (colouring, histograms, ranking, match, PCA) are stored as one
  ``[tokens, layers·directions·units]`` array per state (``hidden``, and ``cell`` for an
  LSTM), in ``float16`` by default: 2 bytes per value, a relative rounding of at most
  2⁻¹¹ ≈ 0.05 % (1M tokens × 128 units = 256 MB per state). Pass ``dtype=np.float32`` to
  keep the float32 values themselves (twice the memory).
- **Numbers shown** (a context's value, an intervention) come from :meth:`Corpus.trace`,
  which traces that one text with :func:`rnnviz.trace`: the same float32 values the
  explorer shows.

Batching is exact. Texts are sorted by length and padded at the END of a batch, so the
forward direction of every text has read only its own tokens at each of them. A backward
direction would read the padding first, so for a bidirectional model a batch holds texts
of one length only (no padding at all). Tests hold every text against ``rnnviz.trace``.
"""

from __future__ import annotations

import itertools
import os
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from rnnviz.messages import N_, MessageError, Said
from rnnviz.model import RNNModel
from rnnviz.tokenize import Vocab, token_columns, tokenizer_from_config
from rnnviz.tracing.rnn import trace_rnn
from rnnviz.tracing.text import Trace, trace

# Caps, checked before any work: a corpus is for looking at, not for training.
MAX_BYTES = 20_000_000  # a file or pasted text (UTF-8 bytes)
MAX_TEXTS = 200_000
MAX_TEXT_CHARS = 20_000  # one text (one line of a file)
MAX_TOKENS = 2_000_000
STATE_NAMES = ("hidden", "cell")
CORPUS_ENV = "RNNVIZ_CORPUS"  # the folder `rnnviz app --corpus DIR` hands to the app
MAX_FILES = 100  # .txt files in a corpus folder
MAX_FOLDER_BYTES = 100_000_000  # all of them together
TOO_MANY_CHARS = N_("the corpus has {n} characters; the cap is {cap}")


def read_texts(data: bytes | str, per_line: bool | None = None) -> list[str]:
    """The texts in an uploaded file or a pasted string, checked before anything is traced.

    ``per_line``: one text per line (blank lines dropped); ``False``: the whole input is
    one text; ``None``: per line when there is more than one non-blank line. Raises
    ``ValueError`` with one readable line for empty, binary, non-UTF-8 or too-large input.
    """
    if isinstance(data, bytes | bytearray):
        if len(data) > MAX_BYTES:
            raise MessageError(
                N_("the corpus is {size} MB; the cap is {cap} MB"),
                size=round(len(data) / 1e6, 1),
                cap=round(MAX_BYTES / 1e6),
            )
        if b"\x00" in data[:65536]:
            raise MessageError(N_("this looks like a binary file (it holds NUL bytes), not text"))
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise MessageError(
                N_(
                    "the corpus is not UTF-8 text (byte {byte} at offset {offset}); save it as "
                    "UTF-8 and try again"
                ),
                byte=f"0x{e.object[e.start]:02x}",
                offset=e.start,
            ) from None
    elif not isinstance(data, str):
        raise ValueError(f"expected text or bytes, got {type(data).__name__}")
    if len(data) > MAX_BYTES:
        raise MessageError(TOO_MANY_CHARS, n=len(data), cap=MAX_BYTES)
    if "\x00" in data:
        raise MessageError(N_("this looks like binary data (it holds NUL characters), not text"))
    data = data.replace("\r\n", "\n").replace("\r", "\n")
    # split("\n"), not splitlines(): form feeds and the like are not line breaks here
    lines = [ln.strip() for ln in data.split("\n") if ln.strip()]
    if per_line is None:
        per_line = len(lines) > 1
    texts = lines if per_line else ([data.strip()] if data.strip() else [])
    check_texts(texts)
    return texts


def folder_files(folder: str | os.PathLike) -> list[Path]:
    """The ``.txt`` files of a corpus folder, by name; ``ValueError`` (one line) if the folder
    itself is unusable: missing, not a folder, unreadable, no ``.txt`` file, too many, too
    big. Only names and sizes are read here, nothing of the files' contents."""
    path = Path(folder).expanduser()
    if not path.exists():
        raise MessageError(
            N_("the corpus folder {path} does not exist"), path=repr(str(path)[:200])
        )
    if not path.is_dir():
        raise MessageError(
            N_("{path} is a file, not a folder of .txt files"), path=repr(str(path)[:200])
        )
    try:
        files = sorted(
            (p for p in path.iterdir() if p.suffix.lower() == ".txt" and p.is_file()),
            key=lambda p: p.name,
        )
    except OSError as e:
        raise MessageError(
            N_("the corpus folder cannot be read ({why})"), why=str(e.strerror or e)
        ) from None
    if not files:
        raise MessageError(
            N_("the corpus folder {path} has no .txt files"), path=repr(str(path)[:200])
        )
    if len(files) > MAX_FILES:
        raise MessageError(
            N_("the corpus folder has {n} .txt files; the cap is {cap}"),
            n=len(files),
            cap=MAX_FILES,
        )
    total = sum(p.stat().st_size for p in files)
    if total > MAX_FOLDER_BYTES:
        raise MessageError(
            N_("the corpus folder's .txt files hold {size} MB; the cap is {cap} MB"),
            size=round(total / 1e6),
            cap=round(MAX_FOLDER_BYTES / 1e6),
        )
    return files


def read_file(path: str | os.PathLike) -> list[str]:
    """The texts of one ``.txt`` file (:func:`read_texts` rules); ``ValueError`` naming the
    file for one that is unreadable, empty, binary, not UTF-8 or too big (its size is checked
    before it is read)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise MessageError(
                N_("{name}: {size} MB; the cap is {cap} MB per file"),
                name=path.name,
                size=round(size / 1e6, 1),
                cap=round(MAX_BYTES / 1e6),
            )
        data = path.read_bytes()
    except OSError as e:
        raise MessageError(
            N_("{name}: cannot be read ({why})"), name=path.name, why=str(e.strerror or e)
        ) from None
    if not data.strip():
        raise MessageError(N_("{name}: the file is empty"), name=path.name)
    try:
        return read_texts(data)
    except ValueError as e:
        raise MessageError(N_("{name}: {problem}"), name=path.name, problem=e) from None


def read_folder(folder: str | os.PathLike) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Every ``.txt`` file of a corpus folder read as a corpus (one text per line, or the whole
    file as one text): ``({file name: texts}, {file name: why it was refused})``.

    ``ValueError`` (one line) if the folder itself is unusable (:func:`folder_files`) or no
    file in it is a usable corpus; a bad file next to good ones is reported, not fatal.
    """
    good, bad = {}, {}
    for p in folder_files(folder):
        try:
            good[p.name] = read_file(p)
        except ValueError as e:
            bad[p.name] = Said(e)
    if not good:
        first = next(iter(bad.values()))
        if len(bad) > 1:
            raise MessageError(
                N_("no usable corpus in the folder: {first} (and {more} more bad files)"),
                first=first,
                more=len(bad) - 1,
            )
        raise MessageError(N_("no usable corpus in the folder: {first}"), first=first)
    return good, bad


def check_texts(texts: Sequence[str]) -> None:
    """Raise ``ValueError`` (one line) if ``texts`` is not a corpus rnnviz will trace."""
    if isinstance(texts, str) or not isinstance(texts, Sequence):
        raise MessageError(N_("a corpus is a list of texts (strings)"))
    if len(texts) == 0:
        raise MessageError(N_("the corpus has no texts: paste or upload some text first"))
    if len(texts) > MAX_TEXTS:
        raise MessageError(
            N_("the corpus has {n} texts; the cap is {cap}"), n=len(texts), cap=MAX_TEXTS
        )
    # map in C over every text (the Python loop runs only to name a bad one)
    if set(map(type, texts)) != {str}:
        for i, t in enumerate(texts):
            if not isinstance(t, str):
                raise ValueError(f"text {i} is a {type(t).__name__}, not a string")
    lengths = list(map(len, texts))
    if max(lengths) > MAX_TEXT_CHARS:
        i = next(i for i, n in enumerate(lengths) if n > MAX_TEXT_CHARS)
        raise MessageError(
            N_(
                "text {i} has {n} characters; the cap is {cap} per text (one text per line: "
                "split long text into lines)"
            ),
            i=str(i),
            n=lengths[i],
            cap=MAX_TEXT_CHARS,
        )
    total = sum(lengths)
    if total > MAX_BYTES:
        raise MessageError(TOO_MANY_CHARS, n=total, cap=MAX_BYTES)


@dataclass
class Corpus:
    """Texts, their tokens, and every token's state; see the module docstring.

    Token arrays are flat over the whole corpus (``N`` tokens, text after text):
    ``ids``, ``doc`` (which text), ``pos`` (position in its text), ``start``/``end``
    (character span in ``texts[doc]``). ``offsets[d]:offsets[d + 1]`` are text ``d``'s
    tokens. ``states[name]``: ``[N, layers·directions·units]``. ``prediction`` /
    ``confidence``: the head's top output after every prefix and its probability (None for
    a bidirectional model, whose answer after a prefix needs the prefix re-read).
    """

    texts: list[str]
    vocab: list[str]
    ids: np.ndarray
    doc: np.ndarray
    pos: np.ndarray
    start: np.ndarray
    end: np.ndarray
    offsets: np.ndarray
    states: dict[str, np.ndarray]
    layers: int
    directions: int
    units: int
    kind: str
    outputs: list[str]
    prediction: np.ndarray | None = None
    confidence: np.ndarray | None = None
    model: RNNModel | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays (states dominate)."""
        arrays = [self.ids, self.doc, self.pos, self.start, self.end, *self.states.values()]
        return int(sum(a.nbytes for a in arrays))

    def column(self, unit: int, layer: int = 0, direction: int = 0) -> int:
        """The column of ``states[...]`` that holds this unit; ValueError if out of range."""
        for name, v, n in (
            ("layer", layer, self.layers),
            ("direction", direction, self.directions),
            ("unit", unit, self.units),
        ):
            if isinstance(v, bool) or not isinstance(v, int | np.integer) or not 0 <= v < n:
                raise ValueError(f"{name} {v!r} is out of range: this model has {name}s 0–{n - 1}")
        return (layer * self.directions + direction) * self.units + int(unit)

    def block(self, state: str = "auto", layer: int = 0, direction: int = 0) -> np.ndarray:
        """``[N, units]`` view of one layer and direction of one state (no copy)."""
        self.column(0, layer, direction)
        lo = (layer * self.directions + direction) * self.units
        return self.state_array(state)[:, lo : lo + self.units]

    def state_array(self, state: str = "auto") -> np.ndarray:
        if state == "auto":
            state = "cell" if "cell" in self.states else "hidden"
        if state not in self.states:
            kept = ", ".join(self.states)
            raise ValueError(f"this corpus keeps the {kept} state, not {state!r}")
        return self.states[state]

    def values(
        self, unit: int, layer: int = 0, direction: int = 0, state: str = "auto"
    ) -> np.ndarray:
        """One unit's value at every token, ``[N]`` float32 (from the stored dtype)."""
        col = self.column(unit, layer, direction)
        return self.state_array(state)[:, col].astype(np.float32)

    def tokens_of(self, d: int) -> list[str]:
        """Text ``d``'s tokens as typed (spans into the text)."""
        a, b = self.offsets[d], self.offsets[d + 1]
        t = self.texts[d]
        return [t[s:e] for s, e in zip(self.start[a:b], self.end[a:b])]

    def context(self, i: int, width: int = 3) -> tuple[list[str], str, list[str]]:
        """Token ``i`` with up to ``width`` tokens of its own text either side."""
        d, p = int(self.doc[i]), int(self.pos[i])
        toks = self.tokens_of(d)
        return toks[max(0, p - width) : p], toks[p], toks[p + 1 : p + 1 + width]

    def trace(self, d: int) -> Trace:
        """Text ``d`` traced on its own by :func:`rnnviz.trace`: exact float32 values."""
        if self.model is None:
            raise ValueError("this corpus was saved without its model")
        return trace(self.model, self.texts[d])


def _batches(lengths: np.ndarray, bidirectional: bool, batch_tokens: int) -> list[np.ndarray]:
    """Text indices per batch: sorted by length; one length per batch if bidirectional."""
    order = np.argsort(lengths, kind="stable")
    out, cur, cur_max = [], [], 0
    for d in order:
        n = int(lengths[d])
        if cur and (
            (bidirectional and n != cur_max) or max(cur_max, n) * (len(cur) + 1) > batch_tokens
        ):
            out.append(np.array(cur))
            cur, cur_max = [], 0
        cur.append(d)
        cur_max = max(cur_max, n)
    if cur:
        out.append(np.array(cur))
    return out


@torch.no_grad()
def trace_corpus(
    model: RNNModel,
    texts: Sequence[str],
    keep: Sequence[str] = STATE_NAMES,
    dtype=np.float16,
    batch_tokens: int = 16384,
    progress: Callable[[int, int], None] | None = None,
    max_tokens: int = MAX_TOKENS,
) -> Corpus:
    """Trace every text of ``texts`` with ``model`` in batches; see the module docstring.

    ``keep``: which states to store (``cell`` is skipped for a model without one).
    ``progress(done_tokens, total_tokens)`` is called after every batch (for a progress bar).
    Texts with no tokens are kept, with no tokens. ``max_tokens`` lowers the token cap (an
    app serving many users keeps corpora smaller). Raises ``ValueError`` for bad input
    (see :func:`check_texts` and the caps at the top of this module).
    """
    if not isinstance(model, RNNModel) or model.rnn is None:
        raise ValueError("a corpus is traced with an rnnviz RNN, LSTM or GRU model (not a bag)")
    check_texts(texts)
    if dtype not in (np.float16, np.float32):
        raise ValueError("dtype must be np.float16 or np.float32")
    cfg = model.config
    keep = [s for s in keep if s in STATE_NAMES and (s == "hidden" or cfg.cell == "lstm")]
    if not keep:
        raise ValueError(f"keep must name at least one of {STATE_NAMES} this model has")
    tok = tokenizer_from_config(cfg.tokenizer)
    vocab = Vocab(cfg.vocab)
    # NFC here, as the tokenizer does, so spans index the stored text
    texts = [unicodedata.normalize("NFC", t) for t in texts]
    words, start, end, lengths = token_columns(tok, texts)
    N = int(lengths.sum())
    if N == 0:
        raise MessageError(N_("the corpus has no tokens (only white space?)"))
    cap = min(max_tokens, MAX_TOKENS)
    if cap < N:
        raise MessageError(N_("the corpus has {n} tokens; the cap is {cap}"), n=N, cap=cap)
    L, D, H = cfg.num_layers, 2 if cfg.bidirectional else 1, cfg.hidden_size
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    if vocab.unk_index is not None:  # one dict look-up per token, in C (map), not a loop
        found = map(vocab.index.get, words, itertools.repeat(vocab.unk_index, N))
        ids = np.fromiter(found, dtype=np.int32, count=N)
    else:  # encode names the first unknown token
        ids = np.array(vocab.encode(words)[0], dtype=np.int32)
    doc = np.repeat(np.arange(len(texts), dtype=np.int32), lengths)
    pos = (np.arange(N) - np.repeat(offsets[:-1], lengths)).astype(np.int32)
    start, end = start.astype(np.int32), end.astype(np.int32)
    del words
    states = {s: np.empty((N, L * D * H), dtype=dtype) for s in keep}
    unidirectional = D == 1
    prediction = np.empty(N, dtype=np.int32) if unidirectional else None
    confidence = np.empty(N, dtype=np.float16) if unidirectional else None
    big = np.finfo(np.float16).max  # a ReLU RNN can exceed float16's range: clip, not inf

    dev = model.fc.weight.device  # a model on a GPU reads its batches there; NumPy comes back
    was_training = model.training
    model.eval()
    done = 0
    try:
        for batch in _batches(lengths, not unidirectional, batch_tokens):
            n = lengths[batch]
            T = int(n.max())
            if T == 0:
                continue
            padded = np.zeros((len(batch), T), dtype=np.int64)
            valid = np.arange(T)[None, :] < n[:, None]  # [B, T]
            # the corpus rows of the batch's tokens, in the (text, position) order of valid's
            # True cells: each text's own range, made without a Python loop over texts
            first = np.repeat(offsets[batch] - (np.cumsum(n) - n), n)
            rows = first + np.arange(int(n.sum()))
            padded[valid] = ids[rows]
            x = model.inputs(torch.from_numpy(padded).to(dev))
            tr = trace_rnn(model.rnn, x, gates=False)
            for s in keep:
                a = tr.hidden if s == "hidden" else tr.cell  # [L, D, B, T, H]
                a = a.transpose(2, 3, 0, 1, 4)[valid].reshape(-1, L * D * H)
                if dtype == np.float16:
                    a = np.clip(a, -big, big)
                states[s][rows] = a
            if unidirectional:
                top = torch.from_numpy(tr.output).to(dev)  # [B, T, H]
                if cfg.head == "classifier" and cfg.readout == "mean":
                    # the answer after a prefix of a mean-readout classifier: mean so far
                    top = torch.cumsum(top, 1) / torch.arange(1, T + 1, device=dev)[None, :, None]
                p = torch.softmax(model.fc(top).double(), -1)
                conf, arg = p.max(-1)
                prediction[rows] = arg.cpu().numpy()[valid]
                confidence[rows] = conf.cpu().numpy()[valid]
            done += int(n.sum())
            if progress is not None:
                progress(done, N)
    finally:
        model.train(was_training)
    return Corpus(
        texts=list(texts),
        vocab=list(cfg.vocab),
        ids=ids,
        doc=doc,
        pos=pos,
        start=start,
        end=end,
        offsets=offsets,
        states=states,
        layers=L,
        directions=D,
        units=H,
        kind=cfg.cell,
        outputs=list(cfg.labels) if cfg.head == "classifier" else list(cfg.vocab),
        prediction=prediction,
        confidence=confidence,
        model=model,
    )
