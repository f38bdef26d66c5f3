"""Lithuanian agreement task (char LM): the adjective or participle agrees with the subject.

«Alisa buvo pavargusi.» / «Tomas buvo pavargęs.» / «Alisa ir Tomas buvo pavargę.»

Grammar note. Lithuanian adjectives and active past participles agree in gender and
number: laimingas / laiminga / laimingi, ramus / rami / ramūs, and the participles
pavargęs / pavargusi / pavargę (masculine singular, feminine singular, masculine plural).
The past tense «buvo» is the same for every person and number, so only the predicate
shows the subject; «grįžo namo pavargusi» ("came home tired") agrees the same way. A
group with a man in it takes the MASCULINE plural («Alisa ir Tomas buvo pavargę»); the
feminine plural (-usios, -os) is kept out: every pair has a man in it and the plural
nouns are masculine. Sentences are SUBJECT [distractors] buvo / grįžo namo PREDICATE; the
distractors are a day (vakar, šiandien, šeštadienį), a time of day (ryte, po pamokų,
visą dieną) and «vėl / pagaliau». «dėdė» is masculine though it ends in -ė. See
``agreement_chars`` for the annotations and targets.
"""

from __future__ import annotations

import random

from .agreement_chars import DISTRACTORS, Agree, Language, OneOf, generate_language
from .base import Example, TaskInfo, chars_of

INFO = TaskInfo(
    name="agreement_lt",
    kind="lm",
    tokenizer="char",
    labels=None,
    properties=["female_subject", "plural_subject"],
    description="Lithuanian, letter by letter: the adjective's ending must agree with the "
    "subject (pavargusi / pavargęs / pavargę).",
)
OPTIONS: dict[str, object] = {"distractors": None}

ADJECTIVES = OneOf(
    Agree("pavargęs", "pavargusi", "pavargę"),
    Agree("laimingas", "laiminga", "laimingi"),
    Agree("alkanas", "alkana", "alkani"),
    Agree("piktas", "pikta", "pikti"),
    Agree("linksmas", "linksma", "linksmi"),
    Agree("patenkintas", "patenkinta", "patenkinti"),
    Agree("ramus", "rami", "ramūs"),
    Agree("užsiėmęs", "užsiėmusi", "užsiėmę"),
    Agree("išsigandęs", "išsigandusi", "išsigandę"),
)
# Two adjectives joined by «ir» (pavargusi ir alkana): both agree, and an «ir» that does
# NOT make the subject plural is a trap for a flag that only watches for «ir».
ADJECTIVE_PAIRS = OneOf(
    *[(a, "ir", b) for a in ADJECTIVES.alternatives for b in ADJECTIVES.alternatives if a != b]
)
LANGUAGE = Language(
    female_names=("Alisa", "Marija", "Ona", "Eglė", "Rūta", "Ieva", "Greta", "Austėja"),
    male_names=("Tomas", "Jonas", "Petras", "Andrius", "Lukas", "Matas", "Paulius", "Darius"),
    female_nouns=("mergaitė", "mokytoja", "sesuo", "močiutė", "kaimynė"),
    male_nouns=("berniukas", "mokytojas", "brolis", "senelis", "dėdė"),
    plural_nouns=("vaikai", "berniukai", "studentai", "kaimynai", "draugai"),
    pronouns=Agree("jis", "ji", "jie"),
    conjunction="ir",
    pair_needs_male=True,
    distractor_slots=(
        ("vakar", "šiandien", "šeštadienį", "tada"),
        ("ryte", "vakare", "po pamokų", "visą dieną"),
        ("vėl", "pagaliau"),
    ),
    predicates=(
        (DISTRACTORS, "buvo", ADJECTIVES),
        (DISTRACTORS, "buvo", ADJECTIVE_PAIRS),
        (DISTRACTORS, "grįžo namo", ADJECTIVES),
    ),
)

EXAMPLES = (
    "Alisa buvo pavargusi.",
    "Alisa ir Tomas buvo pavargę.",
    "Tomas vakar po pamokų vėl buvo alkanas.",
    "Dėdė šeštadienį grįžo namo laimingas.",
    "Ji ryte pagaliau buvo rami.",
    "Vaikai vėl grįžo namo pavargę.",
)
VOCAB = chars_of(LANGUAGE.words())


def generate(rng: random.Random, n: int, distractors: int | None = None) -> list[Example]:
    return generate_language(rng, n, LANGUAGE, distractors)
