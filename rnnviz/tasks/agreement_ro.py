"""Romanian agreement task (char LM): the predicative adjective agrees with the subject.

«Alice a fost obosită.» / «Tom a fost obosit.» / «Alice și Tom au fost obosiți.»

Grammar note. Romanian adjectives agree in gender and number: masculine singular
obosit, feminine singular obosită, masculine plural obosiți, feminine plural obosite
(fericit / fericită / fericiți / fericite, bucuros / bucuroasă / bucuroși / bucuroase,
flămând / flămândă / flămânzi / flămânde). The verb «a fi»
agrees in number: «a fost» / «au fost», «era» / «erau». A group with a man in it takes the
MASCULINE plural («Alice și Tom au fost obosiți»), a group of women the FEMININE plural
(-e: «Alice și Maria au fost obosite», «Fetele erau fericite», «Ele au fost bucuroase»).
Sentences are SUBJECT a fost/era [distractors] ADJECTIVE; the distractors are a
day (ieri, azi, sâmbătă), a time of day (dimineața, după școală), «din nou / iar / încă» and
«foarte» (always right before the adjective). Nouns carry the definite article (fata,
băiatul); «tata» and «Luca» are masculine though they end in -a. Letters ș and ț are the
comma-below ones (U+0219, U+021B). See ``agreement_chars`` for the annotations and
targets.
"""

from __future__ import annotations

import random

from .agreement_chars import DISTRACTORS, Agree, Language, OneOf, generate_language
from .base import Example, TaskInfo, chars_of

INFO = TaskInfo(
    name="agreement_ro",
    kind="lm",
    tokenizer="char",
    labels=None,
    properties=["female_subject", "plural_subject"],
    description="Romanian, letter by letter: the adjective's ending must agree with the "
    "subject (obosită / obosit / obosiți).",
)
OPTIONS: dict[str, object] = {"distractors": None}

ADJECTIVES = OneOf(
    Agree("obosit", "obosită", "obosiți", "obosite"),
    Agree("fericit", "fericită", "fericiți", "fericite"),
    Agree("supărat", "supărată", "supărați", "supărate"),
    Agree("mulțumit", "mulțumită", "mulțumiți", "mulțumite"),
    Agree("bucuros", "bucuroasă", "bucuroși", "bucuroase"),
    Agree("flămând", "flămândă", "flămânzi", "flămânde"),
    Agree("speriat", "speriată", "speriați", "speriate"),
    Agree("ocupat", "ocupată", "ocupați", "ocupate"),
)
# Two adjectives joined by «și» (obosită și flămândă): both agree, and an «și» that does
# NOT make the subject plural is a trap for a flag that only watches for «și».
ADJECTIVE_PAIRS = OneOf(
    *[(a, "și", b) for a in ADJECTIVES.alternatives for b in ADJECTIVES.alternatives if a != b]
)
LANGUAGE = Language(
    female_names=("Alice", "Maria", "Ana", "Ioana", "Elena", "Irina", "Andreea", "Ilinca"),
    male_names=("Tom", "Andrei", "Mihai", "Ion", "Radu", "Luca", "Matei", "Ștefan"),
    female_nouns=("fata", "femeia", "profesoara", "vecina", "bunica"),
    male_nouns=("băiatul", "bărbatul", "profesorul", "vecinul", "tata"),
    plural_nouns=("băieții", "copiii", "studenții", "vecinii", "prietenii"),
    female_plural_nouns=("fetele", "femeile", "profesoarele", "vecinele", "bunicile"),
    pronouns=Agree("el", "ea", "ei", "ele"),
    conjunction="și",
    pair_needs_male=False,
    female_plural=True,
    distractor_slots=(
        ("ieri", "azi", "sâmbătă", "atunci"),
        ("dimineața", "seara", "după școală", "după prânz"),
        ("din nou", "iar", "încă"),
        ("foarte",),
    ),
    predicates=(
        (Agree("a", "a", "au"), "fost", DISTRACTORS, ADJECTIVES),  # «au» for any plural
        (Agree("a", "a", "au"), "fost", DISTRACTORS, ADJECTIVE_PAIRS),
        (Agree("era", "era", "erau"), DISTRACTORS, ADJECTIVES),
    ),
)

EXAMPLES = (
    "Alice a fost obosită.",
    "Alice și Tom au fost obosiți.",
    "Tom a fost ieri după școală din nou foarte obosit.",
    "Luca era sâmbătă foarte fericit.",
    "Ea a fost dimineața iar flămândă.",
    "Copiii erau din nou speriați.",
    "Alice și Maria au fost obosite.",
    "Fetele erau din nou fericite.",
)
VOCAB = chars_of(LANGUAGE.words())


def generate(rng: random.Random, n: int, distractors: int | None = None) -> list[Example]:
    return generate_language(rng, n, LANGUAGE, distractors)
