"""Agreement task (word LM): a verb or pronoun far from its subject must agree with it.

"alice, who met the boys by the river, is happy." — to predict "is" (not "are") the
model must carry "the subject is one female person" past "the boys". This is the
lesson's "Alice raises a female-noun flag, and Tom a plural flag", made measurable.

Grammar: [opener ,] SUBJECT [attractor] PREDICATE [conjunction PRONOUN PREDICATE] .
Subjects are a single female (name, "the girl"), a single male, or plural ("alice and
tom", "the girls"). Attractors are nouns of the OTHER number or gender, in a relative
clause ", who met the boys (by the river)," or a phrase "near the boys". Every later
pronoun refers to the subject.

Annotations, read causally (the value at a token is what the prefix up to and including
that token tells about the subject):

- ``plural_subject``: 1 from the token where the subject becomes plural to the end: the
  "and" of "alice and tom", the noun "girls" of "the girls". 0 for a single subject.
- ``female_subject``: 1 from the token where the subject is known to be one female
  ("alice"; "girl" in "the girl") to the end. In "alice and tom" it is 1 on "alice" only
  and drops to 0 at "and"; it is 0 throughout for male and plural subjects.

``Example.targets``: (index, correct, wrong) at every agreeing word (is/are, was/were,
has/have, she/he/they, her/his/their). For verbs, wrong is the other number. For
pronouns, wrong is the attractor's pronoun if there is one, else the other gender (single
subject) or the singular of the first conjunct / the noun's gender (plural subject).
"""

from __future__ import annotations

import random

from .base import Builder, Example, TaskInfo, pick, words_of

INFO = TaskInfo(
    name="agreement",
    kind="lm",
    tokenizer="word",
    labels=None,
    properties=["plural_subject", "female_subject"],
    description="Predict the next word; is/are and she/he/they must agree with a distant subject.",
)

OPTIONS: dict[str, object] = {}
MAX_TOKENS = 25

FEMALE_NAMES = ["alice", "mary", "emma", "lucy", "anna", "sara", "kate", "julia", "nora", "ella"]
MALE_NAMES = ["tom", "john", "peter", "david", "sam", "jack", "paul", "mark", "leo", "adam"]
FEMALE_NOUNS = ["girl", "woman"]
MALE_NOUNS = ["boy", "man"]
# plural noun -> the gender of its singular pronoun, used as the tempting wrong pronoun
PLURAL_NOUNS = {
    "girls": "f", "women": "f", "boys": "m", "men": "m",
    "kids": None, "twins": None, "students": None, "neighbours": None,
}
OPENERS = ["yesterday", "today", "after lunch", "on monday", "in the morning"]
REL_VERBS = ["met", "saw", "helped", "called", "liked", "visited", "followed", "thanked"]
PREPS = ["near", "behind", "beside"]
PLACES = ["by the river", "at the park", "in the garden", "at school", "in the kitchen",
          "at the station"]
ADJECTIVES = ["happy", "tired", "late", "hungry", "ready", "sad", "calm", "busy", "proud",
              "sleepy", "cold", "early"]
INTENSIFIERS = ["very", "so", "quite"]
POSS_VERBS = ["lost", "found", "washed", "sold", "painted", "fixed", "packed", "cleaned"]
OBJECTS = ["bike", "bag", "car", "coat", "hat", "phone", "dog", "kite"]  # after "a"
POSS_OBJECTS = [*OBJECTS, "keys", "books"]  # after "her/his/their"
OBJ_ADJS = ["new", "red", "big", "small"]
MOTIONS = ["went home", "went to the park", "walked to school", "ran to the river",
           "stayed inside", "came back late"]
CONJUNCTIONS = ["and", "because", "so", "but", "and then"]

BE = {("present", False): "is", ("present", True): "are",
      ("past", False): "was", ("past", True): "were"}
HAVE = {False: "has", True: "have"}
PRONOUN = {"f": "she", "m": "he", "p": "they"}
POSSESSIVE = {"f": "her", "m": "his", "p": "their"}

EXAMPLES = (
    "alice and tom went home and they were tired.",
    "alice, who met the boys by the river, is happy.",
    "tom, who met the girls at the park, lost his keys.",
    "the girls near the boy are ready.",
    "mary went to the park and she was hungry.",
    "the boys, who helped alice, have a new bike.",
    "yesterday, the kids were sleepy because they lost their kite.",
)

VOCAB = words_of(
    FEMALE_NAMES, MALE_NAMES, FEMALE_NOUNS, MALE_NOUNS, PLURAL_NOUNS, OPENERS, REL_VERBS,
    PREPS, PLACES, ADJECTIVES, INTENSIFIERS, POSS_VERBS, POSS_OBJECTS, OBJ_ADJS, MOTIONS,
    CONJUNCTIONS, BE.values(), HAVE.values(), PRONOUN.values(), POSSESSIVE.values(),
    ["the", "a", "who", ",", "."],
)


def _single(rng: random.Random, gender: str, used: set[str]) -> list[str]:
    """A singular noun phrase, a name or 'the girl', not yet ``used`` in this sentence."""
    names = [w for w in (FEMALE_NAMES if gender == "f" else MALE_NAMES) if w not in used]
    nouns = [w for w in (FEMALE_NOUNS if gender == "f" else MALE_NOUNS) if w not in used]
    # never "anna and anna"; there are only two nouns, but always names to spare
    if rng.random() < 0.75 or not nouns:
        head, noun = [], pick(rng, names)
    else:
        head, noun = ["the"], pick(rng, nouns)
    used.add(noun)
    return [*head, noun]


def _subject(rng: random.Random, b: Builder, kind: str, used: set[str]) -> str:
    """Emit the subject, raising the flags at the token that reveals them.

    Returns the "rival" gender whose pronoun is the natural wrong answer when no
    attractor supplies one.
    """
    if kind in "fm":
        *head, noun = _single(rng, kind, used)
        b.add(head)
        b.set(female_subject=int(kind == "f"))
        b.add([noun])
        return "m" if kind == "f" else "f"
    if rng.random() < 0.5:
        noun, gender = pick(rng, list(PLURAL_NOUNS.items()))
        b.add(["the"])
        b.set(plural_subject=1)
        b.add([noun])
        return gender or pick(rng, ["f", "m"])
    first = pick(rng, ["f", "m"])
    *head, noun = _single(rng, first, used)
    b.add(head)
    b.set(female_subject=int(first == "f"))
    b.add([noun])
    # "and" right after the subject can only coordinate it: the plural is known here.
    b.set(female_subject=0, plural_subject=1)
    b.add(["and"])
    b.add(_single(rng, pick(rng, ["f", "m"]), used))
    return first


def _attractor_np(rng: random.Random, kind: str, allow_and: bool, used: set[str]) -> list[str]:
    if kind in "fm":
        return _single(rng, kind, used)
    if allow_and and rng.random() < 0.3:
        # an "and" that does NOT make the subject plural: a trap for a naive plural flag
        first = _single(rng, pick(rng, ["f", "m"]), used)
        return [*first, "and", *_single(rng, pick(rng, ["f", "m"]), used)]
    return ["the", pick(rng, list(PLURAL_NOUNS))]


def _predicate(rng: random.Random, b: Builder, plural: bool, own: str, rival: str,
               motion_ok: bool) -> bool:
    """Emit a predicate; return True if it was a bare motion ('went home')."""
    r = rng.random()
    if r < 0.4:
        tense = pick(rng, ["present", "past"])
        b.target(BE[(tense, plural)], BE[(tense, not plural)])
        b.add([BE[(tense, plural)]])
        if rng.random() < 0.25:
            b.add([pick(rng, INTENSIFIERS)])
        b.add([pick(rng, ADJECTIVES)])
        if rng.random() < 0.3:
            b.add(pick(rng, PLACES))
        return False
    if r < 0.6:
        b.add([pick(rng, POSS_VERBS)])
        b.target(POSSESSIVE[own], POSSESSIVE[rival])
        b.add([POSSESSIVE[own], pick(rng, POSS_OBJECTS)])
        return False
    if r < 0.75 or not motion_ok:
        b.target(HAVE[plural], HAVE[not plural])
        b.add([HAVE[plural], "a"])
        if rng.random() < 0.5:
            b.add([pick(rng, OBJ_ADJS)])
        b.add([pick(rng, OBJECTS)])
        return False
    b.add(pick(rng, MOTIONS))
    return True


def _sentence(rng: random.Random) -> Example:
    b = Builder(INFO.properties, "word")
    if rng.random() < 0.15:
        b.add(pick(rng, OPENERS))
        b.add([","])
    kind = pick(rng, ["f", "m", "p", "p"])
    used: set[str] = set()
    rival = _subject(rng, b, kind, used)
    plural = kind == "p"

    r = rng.random()
    if r < 0.7:
        att = pick(rng, [k for k in "fmp" if k != kind])
        if r < 0.45:
            b.add([",", "who", pick(rng, REL_VERBS)])
            b.add(_attractor_np(rng, att, True, used))
            if rng.random() < 0.4:
                b.add(pick(rng, PLACES))
            b.add([","])
        else:
            b.add([pick(rng, PREPS)])
            b.add(_attractor_np(rng, att, False, used))
        rival = att

    motion = _predicate(rng, b, plural, kind, rival, motion_ok=True)
    if motion or rng.random() < 0.4:
        b.add(pick(rng, CONJUNCTIONS))
        b.target(PRONOUN[kind], PRONOUN[rival])
        b.add([PRONOUN[kind]])
        _predicate(rng, b, plural, kind, rival, motion_ok=False)
    b.add(["."])
    return b.build(None)


def generate(rng: random.Random, n: int) -> list[Example]:
    out: list[Example] = []
    while len(out) < n:
        ex = _sentence(rng)
        # The rare sentence with every optional part is too long for quick training.
        if len(ex.tokens) <= MAX_TOKENS:
            out.append(ex)
    return out
