"""Stories task (char LM): tiny generated stories for the text-generation demo.

Two to four lower-case sentences from templates, with a hero, a friend, places, things
and some dialogue in double quotes:

    one morning, emma walked to the old mill. there she found a red key.
    tom said, "is it magic?" in the end, they were happy.

The hero's pronoun always matches the hero, so a generator can show the same "female /
male" flags as the agreement task, and quotes are always closed.

Annotations (state AFTER reading each character, as in the brackets task):

- ``inside_quotes``: 1 on the opening quote and the characters of the dialogue, 0 on the
  closing quote and everything outside.
- ``sentence_start``: 1 on the first character of every sentence (a letter, or the
  opening quote of a sentence that starts with dialogue), 0 elsewhere.
"""

from __future__ import annotations

import random
import re

from .agreement import FEMALE_NAMES, MALE_NAMES
from .base import Builder, Example, TaskInfo, chars_of, pick

INFO = TaskInfo(
    name="stories",
    kind="lm",
    tokenizer="char",
    labels=None,
    properties=["inside_quotes", "sentence_start"],
    description="Tiny made-up stories, one character at a time, for generating text.",
)

OPTIONS: dict[str, object] = {}

PLACES = ["the forest", "the market", "the old mill", "the beach", "the village",
          "the castle", "the garden", "the lake", "the hill"]
THINGS = ["a red key", "a small box", "an old map", "a blue stone", "a lost cat",
          "a golden coin", "a tiny bird", "a strange egg"]
FEELINGS = ["happy", "scared", "tired", "hungry", "curious", "brave", "sleepy"]
STATEMENTS = ["look at this!", "i am so hungry.", "let us go home.", "what a lovely day!",
              "this is mine.", "i am not scared.", "we must hurry!"]
QUESTIONS = ["where are we?", "can you help me?", "is it magic?", "who lives here?",
             "what is that?"]

# {h} hero, {hp} hero's pronoun, {f} friend, {p}/{p2} places, {t} thing, {e} feeling.
OPENINGS = ["once upon a time, {h} lived near {p}.", "one morning, {h} walked to {p}.",
            "{h} was {e} and went to {p}.", "long ago, {h} had {t}."]
MIDDLES = ["there {hp} found {t}.", "{hp} met {f} by {p2}.", "suddenly it began to rain.",
           "{h} and {f} ran to {p2}.", "{hp} looked at {t} for a long time.",
           "{f} was {e}."]
SPEECH = ['{f} said, "{s}"', '{hp} said, "{s}"', '"{q}" asked {f}.', '"{s}" said {h}.']
ENDINGS = ["in the end, they were {e}.", "then {hp} went to sleep.",
           "and that was the end of the day.", "the next day, {h} went back to {p}."]

EXAMPLES = (
    "once upon a time, alice",
    "one morning, tom walked to the forest.",
    'she said, "',
    "there he found a red key. ",
    "lucy and sam ran to the lake.",
)

VOCAB = chars_of(FEMALE_NAMES, MALE_NAMES, PLACES, THINGS, FEELINGS, STATEMENTS, QUESTIONS,
                 [re.sub(r"\{\w+\}", "", t) for t in OPENINGS + MIDDLES + SPEECH + ENDINGS],
                 ["she he"])


def _sentence(b: Builder, text: str, quoted: bool) -> bool:
    """Emit one sentence (preceded by a space unless it is the first); track quotes."""
    if b.tokens:
        b.add(" ")
    for k, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        b.add([ch], inside_quotes=int(quoted), sentence_start=int(k == 0))
    return quoted


def _story(rng: random.Random) -> Example:
    hero_female = rng.random() < 0.5
    hero = pick(rng, FEMALE_NAMES if hero_female else MALE_NAMES)
    friend = pick(rng, [n for n in FEMALE_NAMES + MALE_NAMES if n != hero])
    place, place2 = rng.sample(PLACES, 2)
    slots = {"h": hero, "hp": "she" if hero_female else "he", "f": friend, "p": place,
             "p2": place2, "t": pick(rng, THINGS), "e": pick(rng, FEELINGS),
             "s": pick(rng, STATEMENTS), "q": pick(rng, QUESTIONS)}

    templates = [pick(rng, OPENINGS)]
    middles = rng.sample(MIDDLES + SPEECH, rng.randint(1, 2))
    templates += middles
    if len(templates) < 4 and rng.random() < 0.6:
        templates.append(pick(rng, ENDINGS))

    b = Builder(INFO.properties, "char")
    quoted = False
    for template in templates:
        quoted = _sentence(b, template.format(**slots), quoted)
    return b.build(None)


def generate(rng: random.Random, n: int) -> list[Example]:
    return [_story(rng) for _ in range(n)]
