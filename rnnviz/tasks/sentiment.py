"""Sentiment task: short invented reviews whose label depends on word ORDER.

"the film was good" is positive, "the film was not good" negative, and
"the film was good, not bad" / "the film was bad, not good" have the same bag of words
and opposite labels, so a bag-of-embeddings model cannot solve the task but an RNN can.

How the label is decided (by construction):

- A clause's polarity is the polarity of its sentiment word (adjective, or the verb of
  "i liked / hated ..."), flipped if the clause is negated.
- Negators: ``not``, ``never``, ``no``, ``didn't``, ``isn't``, ``wasn't``, ``doesn't``
  (each one token). At most one negator per clause.
- "X but Y": the clause after ``but`` decides. Every other multi-clause review
  ("X and Y", "good, not bad") has clauses that agree. So the LAST clause always has
  the label's polarity ("not bad" counts as a positive clause).

Annotation ``negated``: 1 on every token inside a negation's scope, which runs from
the token right after the negator to the end of its clause (the clause ends before the
next ``,``, ``but``, ``and``, ``.`` or at the end of the text). The negator itself is 0.
Example: "i didn't like the plot, but the music was great" -> 1 on "like the plot" only.
"""

from __future__ import annotations

import random

from .base import Builder, Example, TaskInfo, pick, words_of

INFO = TaskInfo(
    name="sentiment",
    kind="classifier",
    tokenizer="word",
    labels=["negative", "positive"],
    properties=["negated"],
    description="Is this short review positive or negative? Watch 'not' and 'but' flip it.",
)

# pairs=True: emit consecutive examples (0,1), (2,3), ... with the same bag of words and
# opposite labels, for the order demo and for a test set that punishes bag-of-words.
OPTIONS: dict[str, object] = {"pairs": False}

SUBJECTS = [
    "the film", "the movie", "the plot", "the acting", "the music", "the ending",
    "the story", "the cast", "the script", "the show", "the book", "the food",
    "the service", "the hotel", "the game", "the song", "the staff", "the room",
]
COPULAS = ["was", "is", "seemed", "felt", "looked"]
NEG_COPULAS = ["wasn't", "isn't"]
NEG_AUX = ["doesn't", "didn't"]
AUX_VERBS = ["seem", "feel", "look"]
POSITIVE = [
    "good", "great", "fun", "lovely", "brilliant", "clever", "charming", "wonderful",
    "funny", "fresh", "excellent", "beautiful", "enjoyable", "smart", "pleasant", "superb",
]
NEGATIVE = [
    "bad", "dull", "boring", "awful", "poor", "weak", "silly", "terrible",
    "slow", "bland", "messy", "dreadful", "tedious", "ugly", "lame", "clumsy",
]
INTENSIFIERS = ["very", "really", "extremely", "quite", "so", "truly"]
EXPERIENCERS = ["i", "we"]
# (base form after "didn't", past form otherwise)
LIKE_VERBS = [("like", "liked"), ("love", "loved"), ("enjoy", "enjoyed"), ("adore", "adored")]
HATE_VERBS = [("hate", "hated"), ("dislike", "disliked")]
COUNT_NOUNS = ["scenes", "moments", "songs", "jokes", "ideas", "parts", "dishes"]
QUANTIFIERS = ["some", "many", "a few"]

EXAMPLES = (
    "the film was good",
    "the film was not good",
    "the film was good, not bad",
    "the film was bad, not good",
    "i didn't like the plot",
    "the acting was bad but the music was really great",
    "the music was really great but the acting was bad",
    "the story wasn't very clever",
    "the film had no good scenes",
)

VOCAB = words_of(
    SUBJECTS, COPULAS, NEG_COPULAS, NEG_AUX, AUX_VERBS, POSITIVE, NEGATIVE, INTENSIFIERS,
    EXPERIENCERS, [w for pair in LIKE_VERBS + HATE_VERBS for w in pair], COUNT_NOUNS,
    QUANTIFIERS, ["not", "never", "no", "had", "but", "and", ",", "."],
)

# A clause is a list of (token, negated) pairs.
Clause = list[tuple[str, int]]


def _adj(rng: random.Random, polarity: int) -> str:
    return pick(rng, POSITIVE if polarity > 0 else NEGATIVE)


def _maybe(rng: random.Random, items: list[str], p: float) -> list[str]:
    return [pick(rng, items)] if rng.random() < p else []


def _copula_clause(rng: random.Random, want: int) -> Clause:
    """'the film was (not|never) (very) good', "the film wasn't good", "... doesn't seem good"."""
    negated = rng.random() < 0.5
    out: Clause = [(w, 0) for w in pick(rng, SUBJECTS).split()]
    form = rng.random()
    if not negated:
        out.append((pick(rng, COPULAS), 0))
    elif form < 0.35:
        out.append((pick(rng, NEG_COPULAS), 0))
    elif form < 0.55:
        out += [(pick(rng, NEG_AUX), 0), (pick(rng, AUX_VERBS), 1)]
    else:
        out += [(pick(rng, COPULAS), 0), (pick(rng, ["not", "never"]), 0)]
    scope = [*_maybe(rng, INTENSIFIERS, 0.3), _adj(rng, -want if negated else want)]
    return out + [(w, int(negated)) for w in scope]


def _experiencer_clause(rng: random.Random, want: int) -> Clause:
    """'i liked the film', 'i didn't like the film', 'we never enjoyed the music'."""
    negator = pick(rng, ["", "", "didn't", "never"])
    verb_polarity = -want if negator else want
    base, past = pick(rng, LIKE_VERBS if verb_polarity > 0 else HATE_VERBS)
    out: Clause = [(pick(rng, EXPERIENCERS), 0)]
    if negator:
        out.append((negator, 0))
    elif rng.random() < 0.3:
        out.append((pick(rng, ["really", "truly"]), 0))
    flag = int(bool(negator))
    # The present tense ("i like the film") too, so the bare verb form does not give the
    # negation away: only a remembered "didn't" tells "didn't like" from "like".
    present = not negator and rng.random() < 0.5
    out.append((base if negator == "didn't" or present else past, flag))
    return out + [(w, flag) for w in pick(rng, SUBJECTS).split()]


def _had_clause(rng: random.Random, want: int) -> Clause:
    """'the film had no good scenes' / 'the film had some good scenes'."""
    negated = rng.random() < 0.5
    out: Clause = [(w, 0) for w in pick(rng, SUBJECTS).split()] + [("had", 0)]
    if negated:
        out.append(("no", 0))
    else:
        out += [(w, 0) for w in pick(rng, QUANTIFIERS).split()]
    scope = [_adj(rng, -want if negated else want), pick(rng, COUNT_NOUNS)]
    return out + [(w, int(negated)) for w in scope]


def _clause(rng: random.Random, want: int) -> Clause:
    r = rng.random()
    if r < 0.6:
        return _copula_clause(rng, want)
    if r < 0.85:
        return _experiencer_clause(rng, want)
    return _had_clause(rng, want)


def _but(rng: random.Random) -> Clause:
    return [(",", 0), ("but", 0)] if rng.random() < 0.3 else [("but", 0)]


def _not_pair(rng: random.Random, polarity: int) -> tuple[Clause, Clause]:
    """'the film was (very) good, not bad' and its swap 'the film was (very) bad, not good'."""
    head = [(w, 0) for w in pick(rng, SUBJECTS).split()] + [(pick(rng, COPULAS), 0)]
    head += [(w, 0) for w in _maybe(rng, INTENSIFIERS, 0.3)]
    a, b = _adj(rng, polarity), _adj(rng, -polarity)
    tail = [(",", 0), ("not", 0)]
    return [*head, (a, 0), *tail, (b, 1)], [*head, (b, 0), *tail, (a, 1)]


def _not_but_pair(rng: random.Random, polarity: int) -> tuple[Clause, Clause]:
    """'the film was not (very) bad but great' (decided by 'great') and its swap."""
    head = [(w, 0) for w in pick(rng, SUBJECTS).split()] + [(pick(rng, COPULAS), 0), ("not", 0)]
    head += [(w, 1) for w in _maybe(rng, INTENSIFIERS, 0.3)]
    mid = _but(rng) + [(w, 0) for w in _maybe(rng, INTENSIFIERS, 0.3)]
    a, b = _adj(rng, -polarity), _adj(rng, polarity)
    return [*head, (a, 1), *mid, (b, 0)], [*head, (b, 1), *mid, (a, 0)]


def _but_pair(rng: random.Random, polarity: int) -> tuple[Clause, Clause]:
    """'X but Y' with X and Y of opposite polarity, and 'Y but X'."""
    first, second = _clause(rng, -polarity), _clause(rng, polarity)
    mid = _but(rng)
    return first + mid + second, second + mid + first


def _one(rng: random.Random) -> tuple[Clause, int]:
    label = rng.randrange(2)
    polarity = 1 if label else -1
    r = rng.random()
    if r < 0.45:
        clause = _clause(rng, polarity)
    elif r < 0.65:
        # The first clause's polarity is random, so only the clause after "but" predicts.
        clause = _clause(rng, pick(rng, [-1, 1])) + _but(rng) + _clause(rng, polarity)
    elif r < 0.75:
        clause = [*_clause(rng, polarity), ("and", 0), *_clause(rng, polarity)]
    elif r < 0.9:
        clause = _not_pair(rng, polarity)[0]
    else:
        clause = _not_but_pair(rng, polarity)[0]
    return clause, label


def _example(clause: Clause, label: int, period: bool) -> Example:
    b = Builder(INFO.properties, "word")
    for tok, negated in clause + ([(".", 0)] if period else []):
        b.add([tok], negated=negated)
    return b.build(label)


def generate(rng: random.Random, n: int, pairs: bool = False) -> list[Example]:
    if not isinstance(pairs, bool):
        raise ValueError(f"sentiment option pairs must be True or False, got {pairs!r}")
    out: list[Example] = []
    while len(out) < n:
        period = rng.random() < 0.5
        if not pairs:
            clause, label = _one(rng)
            out.append(_example(clause, label, period))
            continue
        label = rng.randrange(2)
        maker = pick(rng, [_not_pair, _not_but_pair, _but_pair])
        first, second = maker(rng, 1 if label else -1)
        out.append(_example(first, label, period))
        out.append(_example(second, 1 - label, period))
    return out[:n]
