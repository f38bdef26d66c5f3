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

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

UNK = "<unk>"
PAD = "<pad>"

# A word is a run of letters/digits, optionally joined by apostrophes (don't, o'clock);
# anything else that is not white space is a token of its own (punctuation, emoji, symbols).
_WORD_RE = re.compile(r"\w+(?:['\u2019]\w+)*|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Token:
    """One token: its text and the span ``[start, end)`` it came from in the input."""

    text: str
    start: int
    end: int


def _clean(text: str) -> str:
    # NFC so that "é" typed as e + combining accent matches the vocabulary's "é".
    # Control characters (other than white space) carry no meaning for a model; they
    # become spaces so spans keep their length and nothing invisible sneaks into a token.
    text = unicodedata.normalize("NFC", text)
    return "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf") and not ch.isspace() else ch for ch in text
    )


class WordTokenizer:
    """Lower-cased word tokenizer; see the module docstring."""

    kind = "word"

    def __init__(self, lowercase: bool = True) -> None:
        self.lowercase = lowercase

    def spans(self, text: str) -> list[Token]:
        text = _clean(text)
        out = []
        for m in _WORD_RE.finditer(text):
            tok = m.group(0).replace("\u2019", "'")
            out.append(Token(tok.lower() if self.lowercase else tok, m.start(), m.end()))
        return out

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
        text = _clean(text)
        return [Token(ch, i, i + 1) for i, ch in enumerate(text)]

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
    if kind == "treebank":
        return TreebankTokenizer()
    raise ValueError(f"unknown tokenizer kind {kind!r}; expected 'word', 'char' or 'treebank'")


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
            raise ValueError(f"vocabulary has duplicate tokens: {dupes[:5]}")
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
                    raise ValueError(
                        f"token {t!r} is not in the vocabulary, which has no {UNK!r} entry"
                    )
                i = self.unk_index
            ids.append(i)
            unknown.append(i == self.unk_index and t != UNK)
        return ids, unknown

    def decode(self, ids: Iterable[int]) -> list[str]:
        return [self.tokens[i] for i in ids]


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
        text = _clean(text)
        out: list[Token] = []
        quotes = 0
        for m in _TB_RE.finditer(text):
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
        return out

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
