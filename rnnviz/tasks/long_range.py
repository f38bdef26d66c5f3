"""Long-range task (word classifier): the FIRST word decides, then come only distractors.

"great window seven river the lamp ..." is positive because of "great"; every later word
is drawn from a neutral list that never carries sentiment. A classifier that reads the
final state must carry one bit across all the distractors, and learning to do so is what
vanishing gradients make hard for a plain RNN: train with the default random distance,
then score with ``distance=2, 5, 10, 20, 40, 80`` to draw accuracy by distance.

The default training distance, 1..80, covers every distance the cards score (2, 5, 10,
20, 40, 80), so the curve is measured in distribution. With it, in our checks (32 units,
Adam, 4000 examples, 10 epochs, seed 0), a plain tanh RNN learns the task as well as LSTM
and GRU at every distance: once the short examples (whose strong gradient does reach the
first word) have taught it to latch the first word, it holds that bit to any length. It
learns later (epoch 4-5 instead of 3) but it learns. What vanishing gradients DO stop
is learning without short examples: trained with ``min_distance=10`` (the earlier
default) the same RNN stayed at chance in every run, while LSTM and GRU reached 100%.
The gradient view (``rnnviz.gradients``) shows the cause directly, on any sentence.

Annotation ``key``: 1 on the deciding first word, 0 on every distractor.
"""

from __future__ import annotations

import random

from .base import Builder, Example, TaskInfo, pick, words_of

INFO = TaskInfo(
    name="long_range",
    kind="classifier",
    tokenizer="word",
    labels=["negative", "positive"],
    properties=["key"],
    description="Only the first word matters; can the model still remember it many words later?",
)

# distance=None: a random number of distractors in min_distance..max_distance (inclusive).
# decoys: chance that a distractor is itself a key word (of either polarity) that must be
# ignored, because only the FIRST word decides. A harder variant: at 0.2 with distances
# 1..60 a 32-unit LSTM and GRU still reached 100% and the plain RNN about 89% (at every
# distance alike); with distances 10..60 and 0.3 even the LSTM did not learn it.
OPTIONS: dict[str, object] = {"distance": None, "min_distance": 1, "max_distance": 80,
                              "decoys": 0.0}

KEYS = (
    ["bad", "awful", "sad", "nasty", "grim", "poor"],  # negative
    ["good", "great", "happy", "nice", "lovely", "fine"],  # positive
)
DISTRACTORS = [
    "the", "a", "table", "window", "river", "seven", "blue", "green", "chair", "walked",
    "then", "paper", "clock", "stone", "after", "under", "road", "cloud", "city", "door",
    "lamp", "yellow", "round", "quiet", "morning", "tuesday", "train", "coffee", "pencil",
    "garden", "number", "three", "square", "wooden", "north", "west", "bottle", "shelf",
    "letter", "corner", "bridge", "plain", "tall", "small", "box", "rope", "field", "wall",
    "floor", "page", "line", "shadow", "spoon", "cup", "hill", "and", "of", "near", "four",
    "grey",
]

EXAMPLES = (
    "great the lamp",
    "awful window seven river",
    "good the table near the window and a blue cup",
    "bad the table near the window and a blue cup",
    "lovely " + " ".join(DISTRACTORS[:20]),
    "grim " + " ".join(DISTRACTORS[20:60]),
)

VOCAB = words_of(KEYS[0], KEYS[1], DISTRACTORS)


def _check_int(name: str, value: object, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"long_range option {name} must be an int >= {low}, got {value!r}")
    return value


def generate(rng: random.Random, n: int, distance: int | None = None, min_distance: int = 1,
             max_distance: int = 80, decoys: float = 0.0) -> list[Example]:
    if distance is not None:
        _check_int("distance", distance, 0)
    _check_int("min_distance", min_distance, 0)
    _check_int("max_distance", max_distance, 0)
    if min_distance > max_distance:
        raise ValueError(
            f"long_range min_distance ({min_distance}) > max_distance ({max_distance})"
        )
    if isinstance(decoys, bool) or not isinstance(decoys, int | float) or not 0 <= decoys <= 1:
        raise ValueError(f"long_range option decoys must be a number in 0..1, got {decoys!r}")
    out = []
    for _ in range(n):
        label = rng.randrange(2)
        d = distance if distance is not None else rng.randint(min_distance, max_distance)
        b = Builder(INFO.properties, "word")
        b.add([pick(rng, KEYS[label])], key=1)
        b.add([pick(rng, KEYS[rng.randrange(2)]) if decoys and rng.random() < decoys
               else pick(rng, DISTRACTORS) for _ in range(d)])
        out.append(b.build(label))
    return out
