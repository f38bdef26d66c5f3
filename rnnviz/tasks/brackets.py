"""Brackets task (char LM): nested parentheses and quoted spans in made-up words.

Example: ``ka (lomi "ta re" (nu)) pe.``

Grammar (every string follows it exactly):

- text    := items "."                      (the "." appears once, at the very end)
- items   := item (" " item)*
- item    := word | "(" items ")" | '"' word (" " word)* '"'
- word    := 1-3 syllables of consonant + vowel, lower case ("ka", "lomi")

Parentheses nest up to ``max_depth`` (default 3) and are never empty. Quotes never nest
and never contain parentheses, so inside quotes only letters, spaces and the closing
quote can follow. A model has to count depth and remember "inside a quote" to know
which closers are legal; these are the flags the annotations describe.

Annotations describe the state AFTER reading each character:

- ``inside_quotes``: 1 while inside a quoted span: the opening quote and the characters
  between the quotes are 1, the closing quote is 0 (after it we are outside again).
- ``depth_ge_1`` / ``depth_ge_2``: paren depth >= 1 / >= 2, so "(" already counts as the
  deeper level and ")" as the shallower one.

``Example.targets`` (index, correct, wrong), with ground truth certain by the grammar:
the wrong character is ILLEGAL at that point, the correct one is what follows.

- every ")": (i, ")", ".")  — the text cannot end while a paren is open;
- the final ".": (i, ".", ")") — at depth 0 there is nothing to close;
- every closing quote: (i, '"', ")") inside parens, else (i, '"', ".") — neither a paren
  nor the end may appear inside quotes.
"""

from __future__ import annotations

import random

from .base import Builder, Example, TaskInfo, pick

INFO = TaskInfo(
    name="brackets",
    kind="lm",
    tokenizer="char",
    labels=None,
    properties=["inside_quotes", "depth_ge_1", "depth_ge_2"],
    description="Predict the next character of text with nested (parentheses) and \"quotes\".",
)

OPTIONS: dict[str, object] = {"max_depth": 3}

CONSONANTS = "bdfgklmnprstvz"
VOWELS = "aeiou"
MAX_CHARS = 90

EXAMPLES = (
    'ka (lomi "ta re" (nu)) pe.',
    "bo (ka (li (mu))) ra.",
    'sa "ne ko lu" mi.',
    "(di (ze) fo) ga (ru).",
    'pa (to "ki vu") (le).',
)

VOCAB = tuple(sorted(set(CONSONANTS + VOWELS + ' ()".')))


class _Writer:
    """Emits characters with the parser state tracked alongside, so annotations are exact."""

    def __init__(self) -> None:
        self.b = Builder(INFO.properties, "char")
        self.depth = 0
        self.quoted = False

    def put(self, text: str) -> None:
        for ch in text:
            if ch == "(":
                self.depth += 1
            elif ch == ")":
                self.b.target(")", ".")
                self.depth -= 1
            elif ch == '"':
                if self.quoted:
                    self.b.target('"', ")" if self.depth else ".")
                self.quoted = not self.quoted
            elif ch == ".":
                self.b.target(".", ")")
            self.b.add([ch], inside_quotes=int(self.quoted), depth_ge_1=int(self.depth >= 1),
                       depth_ge_2=int(self.depth >= 2))


def _word(rng: random.Random) -> str:
    return "".join(pick(rng, CONSONANTS) + pick(rng, VOWELS) for _ in range(rng.randint(1, 3)))


def _items(rng: random.Random, w: _Writer, depth: int, max_depth: int) -> None:
    # Fewer items inside parens keeps texts short (mostly 15-70 characters, never over MAX_CHARS).
    count = rng.randint(2, 5) if depth == 0 else rng.randint(1, 3)
    for k in range(count):
        if k:
            w.put(" ")
        r = rng.random()
        if depth < max_depth and r < 0.35 - 0.08 * depth:
            w.put("(")
            _items(rng, w, depth + 1, max_depth)
            w.put(")")
        elif r > 0.85:
            w.put('"' + " ".join(_word(rng) for _ in range(rng.randint(1, 3))) + '"')
        else:
            w.put(_word(rng))


def generate(rng: random.Random, n: int, max_depth: int = 3) -> list[Example]:
    if isinstance(max_depth, bool) or not isinstance(max_depth, int) or not 0 <= max_depth <= 6:
        raise ValueError(f"brackets option max_depth must be an int in 0..6, got {max_depth!r}")
    out = []
    while len(out) < n:
        w = _Writer()
        _items(rng, w, 0, max_depth)
        w.put(".")
        # Rare long outliers would dominate padded batches; draw again instead.
        if len(w.b.tokens) <= MAX_CHARS:
            out.append(w.b.build(None))
    return out
