"""Tokenizers and vocabularies: how text becomes token ids, and back.

Two tokenizers, both lossless about *where* each token came from (character spans),
so the app can draw chips over the exact text the user typed:

- ``WordTokenizer``: lower-cased words, contractions kept whole ("didn't"), each
  punctuation mark or symbol (emoji included) its own token.
- ``CharTokenizer``: one token per Unicode code point.

A ``Vocab`` maps tokens to ids with an ``<unk>`` fallback, and records which tokens of
a text were unknown so a page can mark them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from rnnviz.messages import N_, MessageError

UNK = "<unk>"
PAD = "<pad>"

# A word is a run of letters/digits, optionally joined by apostrophes (don't, o'clock);
# anything else that is not white space is a token of its own (punctuation, emoji, symbols).
_WORD_RE = re.compile(r"\w+(?:['\u2019]\w+)*|[^\w\s]", re.UNICODE)
_WORD_SPLIT = re.compile(f"({_WORD_RE.pattern})", re.UNICODE)  # the same, captured


@dataclass(frozen=True)
class Token:
    """One token: its text and the span ``[start, end)`` it came from in the input."""

    text: str
    start: int
    end: int


def _clean(text: str) -> str:
    """The text tokenizers read: NFC, control characters as spaces (see :class:`Cleaned`)."""
    return Cleaned(text).text


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf") and not ch.isspace()


class Cleaned:
    """The text tokenizers read, and where each of its characters came from in the input.

    NFC, so that "é" typed as e + combining accent matches the vocabulary's "é"; control
    characters (other than white space) become spaces: they carry no meaning for a model and
    nothing invisible should sneak into a token. NFC can merge characters, so the input is cut
    into clusters (a starter and the combining marks after it) normalised one by one, and
    ``span(a, b)`` maps a span of ``text`` back to the span of the input it came from: the
    app draws chips over what the user typed, not over its normal form.
    """

    def __init__(self, raw: str) -> None:
        if unicodedata.is_normalized("NFC", raw) and not _has_special(raw):
            self.text, self._start = raw, None  # nearly all text: one to one
            return
        clusters: list[list[int]] = []  # [start, end) in raw
        normal = unicodedata.is_normalized("NFC", raw)  # most text: nothing to compose
        for i, ch in enumerate(raw):
            # a new cluster at each starter, unless it composes with the cluster before (Hangul)
            joins = clusters and not _is_control(raw[clusters[-1][0]]) and not _is_control(ch)
            if joins and (
                unicodedata.combining(ch) or not (normal or _stable(raw, clusters[-1], i))
            ):
                clusters[-1][1] = i + 1
            else:
                clusters.append([i, i + 1])
        parts, self._start, self._end, self.cluster = [], [], [], []
        for k, (a, b) in enumerate(clusters):
            piece = raw[a:b]
            piece = " " if _is_control(piece[0]) else unicodedata.normalize("NFC", piece)
            parts.append(piece)
            self._start += [a] * len(piece)
            self._end += [b] * len(piece)
            self.cluster += [k] * len(piece)
        self.text = "".join(parts)

    def span(self, a: int, b: int) -> tuple[int, int]:
        """The input span that ``text[a:b]`` (``a < b``) came from."""
        if self._start is None:
            return a, b
        return self._start[a], self._end[b - 1]

    def whole_clusters(self, a: int, b: int) -> tuple[int, int]:
        """``[a, b)`` widened so that it never cuts a cluster in two."""
        if self._start is None:
            return a, b
        c = self.cluster
        while a > 0 and c[a - 1] == c[a]:
            a -= 1
        while b < len(c) and c[b] == c[b - 1]:
            b += 1
        return a, b


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ASCII_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f]")  # Cc and not str.isspace()


@functools.cache
def _special_bmp() -> re.Pattern:
    # built once (~0.1 s): a class of every combining mark and control character in the BMP
    odd = "".join(c for c in map(chr, range(0x10000)) if unicodedata.combining(c) or _is_control(c))
    return re.compile("[" + re.escape(odd) + "]")


def _has_special(raw: str) -> bool:
    """Whether ``raw`` has a combining mark or a control character (then it needs clusters)."""
    if raw.isascii():  # the ASCII controls that are not white space, searched in C
        return _ASCII_CONTROL.search(raw) is not None
    if _special_bmp().search(raw):
        return True
    return any(
        unicodedata.combining(m.group()) or _is_control(m.group()) for m in _ASTRAL.finditer(raw)
    )


def _stable(raw: str, cluster: list[int], i: int) -> bool:
    """Whether a starter at ``i`` leaves the cluster before it as it was under NFC."""
    prev = raw[cluster[0] : cluster[1]]
    nfc = unicodedata.normalize
    return nfc("NFC", prev + raw[i]) == nfc("NFC", prev) + nfc("NFC", raw[i])


@dataclass(frozen=True)
class _Tok(Token):
    norm_start: int = 0  # where it starts in the cleaned text


class WordTokenizer:
    """Lower-cased word tokenizer; see the module docstring."""

    kind = "word"

    def __init__(self, lowercase: bool = True) -> None:
        self.lowercase = lowercase

    def spans(self, text: str) -> list[Token]:
        clean = Cleaned(text)
        if clean._start is None:
            # one to one (nearly all text): no cluster to keep whole, spans are the matches'
            # (a corpus of 200,000 tokens spent most of its tracing time in the loop below)
            low = self.lowercase
            return [
                Token(w.lower() if low else w, m.start(), m.end())
                for m in _WORD_RE.finditer(text)
                for w in (m.group().replace("\u2019", "'"),)
            ]
        out: list[Token] = []
        last_end = 0
        for m in _WORD_RE.finditer(clean.text):
            a, b = clean.whole_clusters(m.start(), m.end())
            if out and a < last_end:  # a combining mark the pattern split off its letter
                a = out.pop().norm_start
            last_end = b
            tok = clean.text[a:b].replace("\u2019", "'")
            start, end = clean.span(a, b)
            out.append(_Tok(tok.lower() if self.lowercase else tok, start, end, a))
        return [Token(t.text, t.start, t.end) for t in out]

    def tokenize(self, text: str) -> list[str]:
        return [t.text for t in self.spans(text)]

    def detokenize(self, tokens: Sequence[str]) -> str:
        out = ""
        for tok in tokens:
            if out and (tok[:1].isalnum() or tok[:1] in '"(') and not out.endswith(("(", '"')):
                out += " "
            out += tok
        return out

    def to_config(self) -> dict:
        return {"kind": self.kind, "lowercase": self.lowercase}


class CharTokenizer:
    """One token per Unicode code point (after NFC normalisation)."""

    kind = "char"

    def spans(self, text: str) -> list[Token]:
        """One token per code point of the cleaned text; the code points of one cluster
        (rare: NFC left a letter and a mark apart) share the cluster's input span."""
        clean = Cleaned(text)
        return [Token(ch, *clean.span(i, i + 1)) for i, ch in enumerate(clean.text)]

    def tokenize(self, text: str) -> list[str]:
        return [t.text for t in self.spans(text)]

    def detokenize(self, tokens: Sequence[str]) -> str:
        return "".join(tokens)

    def to_config(self) -> dict:
        return {"kind": self.kind}


Tokenizer = WordTokenizer | CharTokenizer


def tokenizer_from_config(cfg: dict) -> Tokenizer:
    kind = cfg.get("kind")
    if kind == "word":
        return WordTokenizer(lowercase=bool(cfg.get("lowercase", True)))
    if kind == "char":
        return CharTokenizer()
    if kind in NOTEBOOK_TOKENIZERS:
        return NOTEBOOK_TOKENIZERS[kind](cfg)
    if kind == "treebank":
        return TreebankTokenizer()
    known = ["word", "char", *NOTEBOOK_TOKENIZERS, "treebank"]
    raise MessageError(
        N_("unknown tokenizer kind {kind}; expected one of {known}"),
        kind=repr(kind),
        known=str(known),
    )


class Vocab:
    """Index ↔ token, with ``<unk>`` for anything unseen.

    ``tokens`` is the list the lesson's notebooks use (index → token). If it has no
    ``<unk>`` entry, unknown tokens map to ``unk_index`` = None and ``encode`` raises.
    """

    def __init__(self, tokens: Sequence[str]) -> None:
        self.tokens = list(tokens)
        self.index = {t: i for i, t in enumerate(self.tokens)}
        if len(self.index) != len(self.tokens):
            dupes = [t for t, n in Counter(self.tokens).items() if n > 1]
            raise MessageError(
                N_("vocabulary has duplicate tokens: {tokens}"), tokens=str(dupes[:5])
            )
        self.unk_index = self.index.get(UNK)

    @classmethod
    def build(
        cls,
        texts: Iterable[Sequence[str]],
        min_count: int = 1,
        specials: Sequence[str] = (PAD, UNK),
    ) -> Vocab:
        """Vocabulary of every token seen ``min_count`` times, most frequent first."""
        counts: Counter[str] = Counter()
        for toks in texts:
            counts.update(toks)
        ordered = sorted(
            (t for t, n in counts.items() if n >= min_count and t not in specials),
            key=lambda t: (-counts[t], t),
        )
        return cls([*specials, *ordered])

    def __len__(self) -> int:
        return len(self.tokens)

    def __contains__(self, token: str) -> bool:
        return token in self.index

    def encode(self, tokens: Sequence[str]) -> tuple[list[int], list[bool]]:
        """Ids of ``tokens`` and, for each, whether it was unknown (mapped to ``<unk>``)."""
        ids, unknown = [], []
        for t in tokens:
            i = self.index.get(t)
            if i is None:
                if self.unk_index is None:
                    raise MessageError(
                        N_("token {token} is not in the vocabulary, which has no {unk} entry"),
                        token=repr(t),
                        unk=repr(UNK),
                    )
                i = self.unk_index
            ids.append(i)
            unknown.append(i == self.unk_index and t != UNK)
        return ids, unknown

    def decode(self, ids: Iterable[int]) -> list[str]:
        return [self.tokens[i] for i in ids]


# ---- Notebook tokenizers: the ones a learner's own model was trained with ----------------

# torchtext's get_tokenizer("basic_english"), rule for rule and in its order (the lesson's
# notebook tokenizes with it; rnnviz's WordTokenizer splits "$36b", "gene/l" differently).
_BASIC_ENGLISH = [
    (re.compile(p), r)
    for p, r in (
        (r"\'", " '  "),
        (r"\"", ""),
        (r"\.", " . "),
        (r"<br \/>", " "),
        (r",", " , "),
        (r"\(", " ( "),
        (r"\)", " ) "),
        (r"\!", " ! "),
        (r"\?", " ? "),
        (r"\;", " "),
        (r"\:", " "),
        (r"\s+", " "),
    )
]


class BasicEnglishTokenizer:
    """torchtext's ``basic_english``: lower-case, split off ``' . , ( ) ! ?``, drop ``"``
    ``; :`` and ``<br />``, split on white space. Spans index the text as typed (no NFC:
    torchtext does not normalise, and the model saw what torchtext gave it)."""

    kind = "basic_english"

    def spans(self, text: str) -> list[Token]:
        # Each character carries the span of the typed text it came from, through every
        # rule: a replacement takes the span of what it replaced.
        low = text.lower()  # whole-string lower (final sigma); lengths as per character
        chars: list[tuple[str, int, int]] = []
        k = 0
        for i, ch in enumerate(text):
            n = len(ch.lower())
            chars.extend((c, i, i + 1) for c in low[k : k + n])
            k += n
        for pattern, repl in _BASIC_ENGLISH:
            s = "".join(c for c, _, _ in chars)
            out, last = [], 0
            for m in pattern.finditer(s):
                out.extend(chars[last : m.start()])
                a, b = chars[m.start()][1], chars[m.end() - 1][2]
                out.extend((c, a, b) for c in repl)
                last = m.end()
            out.extend(chars[last:])
            chars = out
        tokens, cur = [], []
        for c in [*chars, (" ", 0, 0)]:
            if c[0].isspace():
                if cur:
                    tokens.append(Token("".join(x[0] for x in cur), cur[0][1], cur[-1][2]))
                cur = []
            else:
                cur.append(c)
        return tokens

    def tokenize(self, text: str) -> list[str]:
        return [t.text for t in self.spans(text)]

    def detokenize(self, tokens: Sequence[str]) -> str:
        return " ".join(tokens)

    def to_config(self) -> dict:
        return {"kind": self.kind}


class WhitespaceTokenizer:
    """``text.split()`` (optionally of ``text.lower()``): what many notebooks start with."""

    kind = "whitespace"

    def __init__(self, lowercase: bool = False) -> None:
        self.lowercase = lowercase

    def spans(self, text: str) -> list[Token]:
        out = []
        for m in re.finditer(r"\S+", text):
            tok = m.group(0).lower() if self.lowercase else m.group(0)
            out.append(Token(tok, m.start(), m.end()))
        return out

    def tokenize(self, text: str) -> list[str]:
        return [t.text for t in self.spans(text)]

    def detokenize(self, tokens: Sequence[str]) -> str:
        return " ".join(tokens)

    def to_config(self) -> dict:
        return {"kind": self.kind, "lowercase": self.lowercase}


NOTEBOOK_TOKENIZERS = {
    "basic_english": lambda cfg: BasicEnglishTokenizer(),
    "whitespace": lambda cfg: WhitespaceTokenizer(lowercase=bool(cfg.get("lowercase", False))),
}


# ---------------------------------------------------------------------------------------
# Treebank-style words: what a student types, tokenised the way the Stanford Sentiment
# Treebank (SST-2) wrote its sentences ("is n't", "-lrb-"), so a model trained on that text
# sees typed text in the same tokens. Pre-tokenised text comes out unchanged.

_TB_RE = re.compile(
    r"-[lr][rsc]b-"  # a bracket already written the treebank way
    r"|``|''|\.\.\.|--|[!?]{2,}"
    r"|'(?:s|re|ve|ll|d|m|em)\b|n't\b"  # a clitic already split off ("is n't", "it 's")
    r"|\w+(?:[-'\u2019]\w+)*"  # a word; hyphens and apostrophes inside it (re-imagining)
    r"|[^\w\s]",  # any other mark or symbol, one code point each (emoji included)
    re.IGNORECASE,
)
_TB_CLITIC = re.compile(r"(.+?)(n't|'s|'re|'ve|'ll|'d|'m)")  # isn't → is + n't, can't → ca + n't
_TB_MARKS = {
    "(": "-lrb-",
    ")": "-rrb-",
    "[": "-lsb-",
    "]": "-rsb-",
    "{": "-lcb-",
    "}": "-rcb-",
    "\u201c": "``",
    "\u201d": "''",
    "\u2018": "`",
    "\u2019": "'",
    "\u2026": "...",
    "\u2013": "--",
    "\u2014": "--",
}
_TB_BACK = {"``": '"', "''": '"', **{v: k for k, v in _TB_MARKS.items() if k in "()[]{}"}}
_TB_GLUE_LEFT = {".", ",", "!", "?", ";", ":", "...", "''", "'", "-rrb-", "-rsb-", "-rcb-"}
_TB_GLUE_LEFT |= {"n't", "'s", "'re", "'ve", "'ll", "'d", "'m"}
_TB_GLUE_RIGHT = {"``", "`", "-lrb-", "-lsb-", "-lcb-"}


class TreebankTokenizer:
    """Lower-cased Penn-Treebank-style words, as in the SST-2 sentences.

    "isn't" → ``is`` ``n't``, "can't" → ``ca`` ``n't``, "it's" → ``it`` ``'s``; "(" →
    ``-lrb-``, ")" → ``-rrb-``; a straight double quote opens (``) and closes ('') in turn;
    "..." and "--" stay whole; hyphenated words stay whole ("well-made"). Every token keeps
    the span of the characters it came from ("n't" points at the "n't" inside "isn't").
    """

    kind = "treebank"

    def spans(self, text: str) -> list[Token]:
        clean = Cleaned(text)
        out: list[Token] = []
        quotes = 0
        for m in _TB_RE.finditer(clean.text):
            raw, a, b = m.group(0), m.start(), m.end()
            low = raw.lower().replace("\u2019", "'") if len(raw) > 1 else raw.lower()
            if low == '"':
                out.append(Token("``" if quotes % 2 == 0 else "''", a, b))
                quotes += 1
            elif low in _TB_MARKS:
                out.append(Token(_TB_MARKS[low], a, b))
            elif (c := _TB_CLITIC.fullmatch(low)) and (raw[0].isalnum() or raw[0] == "_"):
                k = a + len(c.group(1))
                out += [Token(c.group(1), a, k), Token(c.group(2), k, b)]
            else:
                out.append(Token(low, a, b))
        # the spans so far index the cleaned text; the app needs the text as typed
        return [Token(t.text, *clean.span(t.start, t.end)) for t in out]

    def tokenize(self, text: str) -> list[str]:
        return [t.text for t in self.spans(text)]

    def detokenize(self, tokens: Sequence[str]) -> str:
        out, prev = "", ""
        for tok in tokens:
            if out and tok not in _TB_GLUE_LEFT and prev not in _TB_GLUE_RIGHT:
                out += " "
            out += _TB_BACK.get(tok, tok)
            prev = tok
        return out

    def to_config(self) -> dict:
        return {"kind": self.kind}


# ---- many texts at once (a corpus) -----------------------------------------------------------


def token_columns(
    tok: Tokenizer | BasicEnglishTokenizer | WhitespaceTokenizer | TreebankTokenizer,
    texts: Sequence[str],
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Every text's tokens in columns: ``(token strings, start, end, tokens per text)``, the
    spans indexing each text; exactly what ``[tok.spans(t) for t in texts]`` gives.

    Why: a corpus of 200,000 tokens spent most of its tracing time making one ``Token`` per
    token. Text that needs no cleaning (NFC, no combining mark or control character: nearly
    all text) is read by the word and character tokenizers in one pass over all the texts;
    anything else goes through ``spans`` text by text.
    """
    n = len(texts)
    # a space between texts: white space, so no token spans it, and a starter that composes
    # with nothing, so the whole is clean exactly when every text is
    joined = " ".join(texts)
    one_to_one = isinstance(tok, WordTokenizer | CharTokenizer) and Cleaned(joined)._start is None
    if not one_to_one:
        spans = [tok.spans(t) for t in texts]
        flat = [t for s in spans for t in s]
        return (
            [t.text for t in flat],
            np.array([t.start for t in flat], dtype=np.int64),
            np.array([t.end for t in flat], dtype=np.int64),
            np.array([len(s) for s in spans], dtype=np.int64),
        )
    text_len = np.array([len(t) for t in texts], dtype=np.int64)
    base = np.zeros(n, dtype=np.int64)  # where each text starts in ``joined``
    np.cumsum(text_len[:-1] + 1, out=base[1:])
    if isinstance(tok, CharTokenizer):  # one token per code point, spaces included
        pos = np.arange(int(text_len.sum()), dtype=np.int64) - np.repeat(
            base - np.arange(n), text_len
        )
        return list("".join(texts)), pos, pos + 1, text_len
    # split with the pattern captured: [gap, token, gap, token, ..., gap], all strings made in
    # C (no match object per token, 5x faster here); the pieces' lengths place the tokens
    pieces = _WORD_SPLIT.split(joined)
    ends = np.cumsum(np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces)))
    se = np.stack([ends[:-1:2], ends[1::2]], axis=1)  # [tokens, 2]: start, end in joined
    words = pieces[1::2]
    if not joined.isascii():
        words = [w.replace("\u2019", "'") for w in words]
    if tok.lowercase:
        words = list(map(str.lower, words))
    doc = np.searchsorted(base, se[:, 0], side="right") - 1
    return words, se[:, 0] - base[doc], se[:, 1] - base[doc], np.bincount(doc, minlength=n)


# The tokenizers a user names (the CLI's --tokenizer, the app's upload, rnnviz.save).
TOKENIZER_NAMES = {
    "word": {"kind": "word", "lowercase": True},  # rnnviz's words, punctuation apart
    "whitespace": {"kind": "whitespace", "lowercase": False},  # text.split()
    "char": {"kind": "char"},  # one token per character
    "basic_english": {"kind": "basic_english"},  # torchtext's, as in the lesson's notebook
}
