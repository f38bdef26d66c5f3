"""Character-level agreement sentences: the engine the five language tasks share.

The lesson's flag example, visible in languages whose word endings show the subject's
gender and number: uk «Аліса пішла» / «Аліса і Том пішли», sr «Алиса је отишла» / «Алиса и
Том су отишли». A sentence is

    SUBJECT  [distractor words]  PREDICATE .

where the subject is a name, a noun or a pronoun (one female, one male), or a plural: a
pair joined by the language's «and», a plural noun, «they». The predicate holds one or
more words whose ending must agree with the subject (``Agree``: the masculine singular,
feminine singular and plural forms). Each language module (``agreement_uk`` ...) gives its
word lists and the pattern of its predicates and documents its grammar; this module turns
them into examples.

Annotations (per character, read causally as in the other character tasks):

- ``female_subject``: 1 from the LAST letter of the word that makes the subject one female
  person («Аліса», «дівчина», «вона») to the end; 0 for male subjects. Where the plural
  shows no gender (uk, bg) it is 0 for plural subjects: in a pair it is 1 on the first
  conjunct's last letter up to the conjunction, and 0 from the conjunction's last letter
  on. Where groups of women take the feminine plural (ro: ``Language.female_plural``) it
  means "the subject is feminine": 1 for a group of women («Alice și Maria»), a
  feminine plural noun and the feminine «they», and in a pair it stays 1 while the group
  is all women so far, going to 0 at the last letter of a male second conjunct.
- ``plural_subject``: 1 from the last letter of the word that makes the subject plural (the
  conjunction of a pair, a plural noun, «they») to the end. (So in ro the two flags are
  the lesson's two independent ones, gender and number, and both may be up.)

``Example.targets``: for every agreeing word and every OTHER form of it, one
(index, correct, wrong) at the first character where the sentence with the right form and
the sentence with that other form differ. «пішла» against «пішов» is scored at «л» vs «о»,
against «пішли» at «а» vs «и»; bg «уморена» against «уморен» at «а» vs the «.» that would
end the masculine form. Which characters carry the agreement is thus exactly where the
forms part, and the prefix before each target is the same in both sentences.

Option ``distractors``: the number of distractor words (None: a random number in
0..``MAX_DISTRACTORS``); every value in that range can be built in every language, so cards
report accuracy for each.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .base import Builder, Example, pick

MAX_DISTRACTORS = 4
PROPERTIES = ["female_subject", "plural_subject"]
# The keys of an Agree: masculine and feminine singular, (masculine) plural, feminine plural.
GENDERS = ("m", "f", "p", "fp")


@dataclass(frozen=True)
class Agree:
    """One agreeing word: its masculine singular, feminine singular and plural forms.

    ``fp``: the feminine plural, where the language's plural shows gender (sr «отишле», ro
    «obosite», lt «pavargusios»); empty where it does not (uk, bg), and then a feminine
    plural subject takes ``p``.
    """

    m: str
    f: str
    p: str
    fp: str = ""

    def form(self, gender: str) -> str:
        if gender == "fp" and not self.fp:
            return self.p
        return getattr(self, gender)

    def others(self, gender: str) -> list[str]:
        """The forms that would be wrong for ``gender`` (two forms may be spelled alike)."""
        right = self.form(gender)
        return sorted({self.form(g) for g in GENDERS} - {right})


class OneOf:
    """A choice: one of several alternatives, each a tuple of pieces (or a single piece)."""

    def __init__(self, *alternatives) -> None:
        self.alternatives = tuple(a if isinstance(a, tuple) else (a,) for a in alternatives)


DISTRACTORS = object()  # where in a predicate pattern the distractor words go


@dataclass(frozen=True)
class Language:
    """Everything a language module gives the engine.

    Nouns are written as they appear after the sentence's first word (lower case, with
    the article a language glues on); the engine capitalises the sentence's first letter.
    ``distractor_slots``: groups of phrases; a sentence takes at most one phrase from each
    group, in the groups' order (a day, then a time of day, then "again"), so stacked
    distractors stay sensible. ``predicates``: patterns of pieces (strings, ``Agree``,
    ``OneOf``, ``DISTRACTORS``), one of which is chosen per sentence.
    """

    female_names: tuple[str, ...]
    male_names: tuple[str, ...]
    female_nouns: tuple[str, ...]
    male_nouns: tuple[str, ...]
    plural_nouns: tuple[str, ...]  # masculine (or, where the plural shows no gender, any)
    pronouns: Agree  # he, she, they (and the feminine «they» where it differs)
    conjunction: str
    pair_needs_male: bool  # plural agreement is masculine: keep all-female pairs out
    distractor_slots: tuple[tuple[str, ...], ...]
    predicates: tuple[tuple, ...]
    # Groups of women take the feminine plural (``Agree.fp``; ro «Alice și Maria au fost
    # obosite»): all-female pairs, ``female_plural_nouns`` and the feminine «they»; any man
    # in a group makes it masculine; and the female_subject flag stays up while the subject
    # is all women (it is "the subject is feminine", in the singular and the plural alike).
    female_plural: bool = False
    female_plural_nouns: tuple[str, ...] = ()  # only with female_plural

    def words(self) -> list[str]:
        """Every string the generator can emit, for the task's character ``VOCAB``."""
        starts = [*self.female_nouns, *self.male_nouns, *self.plural_nouns]
        starts += self.female_plural_nouns
        starts += [self.pronouns.form(g) for g in GENDERS]
        out = [*self.female_names, *self.male_names, *starts, self.conjunction, " ."]
        out += [w[0].upper() for w in starts]  # a sentence's first letter is a capital
        out += [s for slot in self.distractor_slots for s in slot]
        stack = list(self.predicates)
        while stack:
            piece = stack.pop()
            if isinstance(piece, str):
                out.append(piece)
            elif isinstance(piece, Agree):
                out += [piece.form(g) for g in GENDERS]
            elif isinstance(piece, OneOf):
                stack += [p for alt in piece.alternatives for p in alt]
            elif isinstance(piece, tuple):
                stack += list(piece)
        return out


def _distractor_words(rng: random.Random, lang: Language, k: int) -> list[str]:
    """Phrases totalling exactly ``k`` words, at most one per slot, in the slots' order."""
    for _ in range(1000):
        chosen = []
        for slot in lang.distractor_slots:
            if rng.random() < 0.5:
                chosen.append(pick(rng, slot))
        if sum(len(p.split()) for p in chosen) == k:
            return [w for p in chosen for w in p.split()]
    raise RuntimeError(f"no combination of distractors has {k} words")  # caught by tests


def _expand(rng: random.Random, pieces: tuple, distractors: list[str], out: list) -> None:
    """Pieces -> list of (word, Agree or None)."""
    for piece in pieces:
        if piece is DISTRACTORS:
            out += [(w, None) for w in distractors]
        elif isinstance(piece, str):
            out += [(w, None) for w in piece.split()]
        elif isinstance(piece, Agree):
            out.append(("", piece))
        elif isinstance(piece, OneOf):
            _expand(rng, pick(rng, piece.alternatives), distractors, out)
        elif isinstance(piece, tuple):
            _expand(rng, piece, distractors, out)
        else:
            raise TypeError(f"unknown piece {piece!r}")


def _subject(
    rng: random.Random, lang: Language, gender: str
) -> tuple[list[tuple[str, dict]], str]:
    """The subject's words, each with the flags that hold from its last letter on, and the
    gender its agreeing words take (``gender`` "p" may come back "fp": a group of women)."""
    female = {"female_subject": 1, "plural_subject": 0}
    neutral = {"female_subject": 0, "plural_subject": 0}
    plural = {"female_subject": 0, "plural_subject": 1}
    women = {"female_subject": 1, "plural_subject": 1}

    def single(g: str, used: set[str]) -> str:
        r = rng.random()
        names = lang.female_names if g == "f" else lang.male_names
        nouns = lang.female_nouns if g == "f" else lang.male_nouns
        pool = names if r < 0.65 else nouns
        word = pick(rng, [w for w in pool if w not in used])
        used.add(word)
        return word

    if gender in "mf":
        flags = female if gender == "f" else neutral
        if rng.random() < 0.15:
            return [(lang.pronouns.form(gender), flags)], gender
        return [(single(gender, set()), flags)], gender
    r = rng.random()
    # A pronoun or a plural noun; where groups of women take the feminine plural, half are.
    g = "fp" if lang.female_plural and r < 0.4 and rng.random() < 0.5 else "p"
    if r < 0.15:
        return [(lang.pronouns.form(g), women if g == "fp" else plural)], g
    if r < 0.4:
        nouns = lang.female_plural_nouns if g == "fp" else lang.plural_nouns
        return [(pick(rng, nouns), women if g == "fp" else plural)], g
    first = pick(rng, ["m", "f"])
    second = "m" if lang.pair_needs_male and first == "f" else pick(rng, ["m", "f"])
    used: set[str] = set()
    a, b = single(first, used), single(second, used)
    # The female flag: down from the «and» where the plural shows no gender; elsewhere up
    # while the group is all women so far.
    so_far = lang.female_plural and first == "f"
    both = so_far and second == "f"
    return [
        (a, female if first == "f" else neutral),
        (lang.conjunction, women if so_far else plural),
        (b, women if both else plural),
    ], "fp" if both else "p"


def sentence(rng: random.Random, lang: Language, distractors: int | None) -> Example:
    gender = pick(rng, ["m", "f", "p"])
    k = rng.randint(0, MAX_DISTRACTORS) if distractors is None else distractors
    words, gender = _subject(rng, lang, gender)
    pred: list = []
    _expand(rng, pick(rng, lang.predicates), _distractor_words(rng, lang, k), pred)

    b = Builder(PROPERTIES, "char")
    spans: list[tuple[int, int, Agree]] = []
    first = True
    for word, flags in words:
        if not first:
            b.add(" ")
        text = word[0].upper() + word[1:] if first else word
        first = False
        b.add(text[:-1])
        b.set(**flags)
        b.add(text[-1])
    for word, agree in pred:
        b.add(" ")
        start = len(b.tokens)
        b.add(agree.form(gender) if agree else word)
        if agree:
            spans.append((start, len(b.tokens), agree))
    b.add(".")

    text = "".join(b.tokens)
    for start, end, agree in spans:
        right, tail = text[start:], text[end:]
        for wrong in agree.others(gender):
            alt = wrong + tail
            j = next(j for j in range(len(right)) if j >= len(alt) or right[j] != alt[j])
            if j >= len(alt):
                raise RuntimeError(f"{wrong!r} is a prefix of {right!r}")  # forms never end alike
            b.targets.append((start + j, right[j], alt[j]))
    b.targets = sorted(set(b.targets))
    return b.build(None)


def generate_language(
    rng: random.Random, n: int, lang: Language, distractors: int | None
) -> list[Example]:
    if distractors is not None and (
        isinstance(distractors, bool)
        or not isinstance(distractors, int)
        or not 0 <= distractors <= MAX_DISTRACTORS
    ):
        raise ValueError(
            f"option distractors must be None or an int in 0..{MAX_DISTRACTORS}, "
            f"got {distractors!r}"
        )
    return [sentence(rng, lang, distractors) for _ in range(n)]
