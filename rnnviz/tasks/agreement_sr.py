"""Serbian agreement task (char LM, Cyrillic): the l-participle agrees with the subject.

«Алиса је отишла кући.» / «Том је отишао кући.» / «Алиса и Том су отишли кући.»

Grammar note. The Serbian perfect is the auxiliary «је» (singular) / «су» (plural) and the
l-participle, which agrees in gender and number: masculine -о (отишао, био, седео),
feminine -ла (отишла, била), masculine plural -ли (отишли, били), feminine plural -ле
(отишле, биле). A predicative adjective after «био / била / били / биле» agrees too:
уморан / уморна / уморни / уморне. «је» and «су» are
clitics and stand second, right after the subject; the distractors (јуче, после школе,
опет) come between the auxiliary and the participle. Names ending in -а can be masculine
(Никола, Лука), «Ђорђе» ends in -е, and «деда» is masculine. The plural shows gender: a
group with a man in it takes the MASCULINE plural (-ли: «Алиса и Том су отишли»), a group of
women the FEMININE plural (-ле: «Алиса и Ана су отишле», «Девојке су биле уморне», «Оне
су дошле»). Ekavian spelling (седео, певао, човек). See ``agreement_chars`` for the
annotations and targets.
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

AUX = Agree("је", "је", "су", "су")
ADJECTIVES = OneOf(
    Agree("уморан", "уморна", "уморни", "уморне"),
    Agree("срећан", "срећна", "срећни", "срећне"),
    Agree("гладан", "гладна", "гладни", "гладне"),
    Agree("љут", "љута", "љути", "љуте"),
    Agree("весео", "весела", "весели", "веселе"),
    Agree("задовољан", "задовољна", "задовољни", "задовољне"),
    Agree("миран", "мирна", "мирни", "мирне"),
    Agree("заузет", "заузета", "заузети", "заузете"),
)
VERBS = OneOf(
    (Agree("отишао", "отишла", "отишли", "отишле"), "кући"),
    (Agree("дошао", "дошла", "дошли", "дошле"), "у школу"),
    Agree("заспао", "заспала", "заспали", "заспале"),
    (Agree("певао", "певала", "певали", "певале"), "песму"),
    (Agree("седео", "седела", "седели", "седеле"), "у кухињи"),
    (Agree("читао", "читала", "читали", "читале"), "књигу"),
    (Agree("спавао", "спавала", "спавали", "спавале"), "дуго"),
)
LANGUAGE = Language(
    female_names=("Алиса", "Марија", "Ана", "Јелена", "Милица", "Ивана", "Сара", "Мила"),
    male_names=("Том", "Марко", "Никола", "Петар", "Стефан", "Лука", "Ђорђе", "Јован"),
    female_nouns=("девојка", "жена", "учитељица", "сестра", "бака"),
    male_nouns=("дечак", "човек", "учитељ", "брат", "деда"),
    plural_nouns=("дечаци", "студенти", "суседи", "пријатељи", "другови"),
    female_plural_nouns=("девојке", "жене", "учитељице", "сестре", "баке"),
    pronouns=Agree("он", "она", "они", "оне"),
    conjunction="и",
    gendered_plural=True,
    distractor_slots=(
        ("јуче", "данас", "прекјуче", "прошле суботе"),
        ("ујутру", "увече", "после школе", "после ручка"),
        ("опет", "поново", "најзад"),
    ),
    predicates=(
        (AUX, DISTRACTORS, Agree("био", "била", "били", "биле"), ADJECTIVES),
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
