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
    if kind in NOTEBOOK_TOKENIZERS:
        return NOTEBOOK_TOKENIZERS[kind](cfg)
    raise ValueError(f"unknown tokenizer kind {kind!r}; expected 'word' or 'char'")


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
