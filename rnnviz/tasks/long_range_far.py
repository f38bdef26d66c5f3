"""Long-range task, far only: ``long_range`` where the deciding word is ALWAYS 10 or more
words back (10..80 distractors), so no training example is short.

This is the setting where vanishing gradients show: with no short examples, the error
signal of a plain tanh RNN has to travel back through at least ten squashing steps to
reach the first word, and it arrives too small to teach anything, so the RNN stays at
chance while an LSTM or GRU (whose gates keep a path open) learns the task. The shipped
``long_range_far-*`` models show it on the Gradients page; ``long_range`` (gaps 1..80)
shows the other half of the story: with short examples even the plain RNN learns.

Same words, labels and annotation (``key``) as :mod:`rnnviz.tasks.long_range`.
"""

from __future__ import annotations

import random
from dataclasses import replace

from . import long_range
from .base import Example

MIN_GAP = 10  # the shortest gap in training; the cards also score 2 and 5 (never trained on)

INFO = replace(
    long_range.INFO,
    name="long_range_far",
    description="Only the first word matters, and it is always 10 or more words back: "
    "can the model still remember it?",
)
OPTIONS: dict[str, object] = {**long_range.OPTIONS, "min_distance": MIN_GAP}
EXAMPLES = (
    *(e for e in long_range.EXAMPLES if len(e.split()) > MIN_GAP),
    "nice the lamp and a blue cup near the window then a clock",
    "poor the lamp and a blue cup near the window then a clock",
    "happy the road under the bridge near a tall stone wall and a quiet field",
    "sad the road under the bridge near a tall stone wall and a quiet field",
)
VOCAB = long_range.VOCAB


def generate(rng: random.Random, n: int, **opts) -> list[Example]:
    return long_range.generate(rng, n, **opts)
