"""Serbian agreement task (char LM, Cyrillic): the l-participle agrees with the subject.

«Алиса је отишла кући.» / «Том је отишао кући.» / «Алиса и Том су отишли кући.»

Grammar note. The Serbian perfect is the auxiliary «је» (singular) / «су» (plural) and the
l-participle, which agrees in gender and number: masculine -о (отишао, био, седео),
feminine -ла (отишла, била), masculine plural -ли (отишли, били). A predicative adjective
after «био / била / били» agrees too: уморан / уморна / уморни. «је» and «су» are
clitics and stand second, right after the subject; the distractors (јуче, после школе,
опет) come between the auxiliary and the participle. Names ending in -а can be masculine
(Никола, Лука), «Ђорђе» ends in -е, and «деда» is masculine. A mixed group takes the
MASCULINE plural («Алиса и Том су отишли»); the feminine plural (-ле: «Алиса и Ана су
отишле») is kept out: every pair has a man in it, and the plural nouns are masculine.
Ekavian spelling
(седео, певао, човек). See ``agreement_chars`` for the annotations and targets.
"""

from __future__ import annotations

import random

from .agreement_chars import DISTRACTORS, Agree, Language, OneOf, generate_language
from .base import Example, TaskInfo, chars_of

INFO = TaskInfo(
    name="agreement_sr",
    kind="lm",
    tokenizer="char",
    labels=None,
    properties=["female_subject", "plural_subject"],
    description="Serbian (Cyrillic), letter by letter: the participle's ending must agree "
    "with the subject (отишла / отишао / отишли).",
)
OPTIONS: dict[str, object] = {"distractors": None}

AUX = Agree("је", "је", "су")
ADJECTIVES = OneOf(
    Agree("уморан", "уморна", "уморни"),
    Agree("срећан", "срећна", "срећни"),
    Agree("гладан", "гладна", "гладни"),
    Agree("љут", "љута", "љути"),
    Agree("весео", "весела", "весели"),
    Agree("задовољан", "задовољна", "задовољни"),
    Agree("миран", "мирна", "мирни"),
    Agree("заузет", "заузета", "заузети"),
)
VERBS = OneOf(
    (Agree("отишао", "отишла", "отишли"), "кући"),
    (Agree("дошао", "дошла", "дошли"), "у школу"),
    Agree("заспао", "заспала", "заспали"),
    (Agree("певао", "певала", "певали"), "песму"),
    (Agree("седео", "седела", "седели"), "у кухињи"),
    (Agree("читао", "читала", "читали"), "књигу"),
    (Agree("спавао", "спавала", "спавали"), "дуго"),
)
LANGUAGE = Language(
    female_names=("Алиса", "Марија", "Ана", "Јелена", "Милица", "Ивана", "Сара", "Мила"),
    male_names=("Том", "Марко", "Никола", "Петар", "Стефан", "Лука", "Ђорђе", "Јован"),
    female_nouns=("девојка", "жена", "учитељица", "сестра", "бака"),
    male_nouns=("дечак", "човек", "учитељ", "брат", "деда"),
    plural_nouns=("дечаци", "студенти", "суседи", "пријатељи", "другови"),
    pronouns=Agree("он", "она", "они"),
    conjunction="и",
    pair_needs_male=True,
    distractor_slots=(
        ("јуче", "данас", "прекјуче", "прошле суботе"),
        ("ујутру", "увече", "после школе", "после ручка"),
        ("опет", "поново", "најзад"),
    ),
    predicates=(
        (AUX, DISTRACTORS, Agree("био", "била", "били"), ADJECTIVES),
        (AUX, DISTRACTORS, VERBS),
    ),
)

EXAMPLES = (
    "Алиса је отишла кући.",
    "Алиса и Том су отишли кући.",
    "Том је јуче после школе опет био уморан.",
    "Никола је прошле суботе дошао у школу.",
    "Она је ујутру поново била срећна.",
    "Дечаци су најзад заспали.",
)
VOCAB = chars_of(LANGUAGE.words())


def generate(rng: random.Random, n: int, distractors: int | None = None) -> list[Example]:
    return generate_language(rng, n, LANGUAGE, distractors)
