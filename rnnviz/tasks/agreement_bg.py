"""Bulgarian agreement task (char LM): adjectives and participles agree with the subject.

«Алис беше уморена.» / «Том беше уморен.» / «Алис и Том бяха уморени.»

Grammar note. Bulgarian adjectives and l-participles agree in gender and number; the
plural has one form for every gender: уморен / уморена / уморени, отишъл / отишла /
отишли (the pluperfect «беше отишла вкъщи», "had gone home"). The past of «съм» agrees in
number: «беше» (singular) / «бяха» (plural). Sentences are SUBJECT [distractors]
беше/бяха PREDICATE; the distractors are a day (вчера, миналата събота), a time of day
(сутринта, след часовете) and «отново / пак / вече». Nouns carry the definite article
(жената, мъжът, децата); «момичето» (neuter) is left out, «дядо» is masculine though it
ends in -о, and «Никола» is masculine though it ends in -а. See ``agreement_chars`` for the
annotations and targets.
"""

from __future__ import annotations

import random

from .agreement_chars import DISTRACTORS, Agree, Language, OneOf, generate_language
from .base import Example, TaskInfo, chars_of

INFO = TaskInfo(
    name="agreement_bg",
    kind="lm",
    tokenizer="char",
    labels=None,
    properties=["female_subject", "plural_subject"],
    description="Bulgarian, letter by letter: the adjective's ending must agree with the "
    "subject (уморена / уморен / уморени).",
)
OPTIONS: dict[str, object] = {"distractors": None}

BE = Agree("беше", "беше", "бяха")
ADJECTIVES = OneOf(
    Agree("уморен", "уморена", "уморени"),
    Agree("щастлив", "щастлива", "щастливи"),
    Agree("гладен", "гладна", "гладни"),
    Agree("сърдит", "сърдита", "сърдити"),
    Agree("весел", "весела", "весели"),
    Agree("доволен", "доволна", "доволни"),
    Agree("спокоен", "спокойна", "спокойни"),
    Agree("зает", "заета", "заети"),
    Agree("любопитен", "любопитна", "любопитни"),
)
PARTICIPLES = OneOf(
    (Agree("отишъл", "отишла", "отишли"), "вкъщи"),
    (Agree("дошъл", "дошла", "дошли"), "на училище"),
    Agree("заспал", "заспала", "заспали"),
    (Agree("пял", "пяла", "пели"), "песен"),
    (Agree("седял", "седяла", "седели"), "в кухнята"),
    (Agree("чел", "чела", "чели"), "книга"),
)
LANGUAGE = Language(
    female_names=("Алис", "Мария", "Елена", "Ана", "Десислава", "Гергана", "Юлия", "Вяра"),
    male_names=("Том", "Иван", "Петър", "Георги", "Никола", "Димитър", "Стефан", "Калоян"),
    female_nouns=("жената", "учителката", "лекарката", "съседката", "баба"),
    male_nouns=("мъжът", "учителят", "лекарят", "съседът", "дядо"),
    plural_nouns=("децата", "момчетата", "студентите", "съседите", "приятелите"),
    pronouns=Agree("той", "тя", "те"),
    conjunction="и",
    pair_needs_male=False,
    distractor_slots=(
        ("вчера", "днес", "миналата събота", "тогава"),
        ("сутринта", "вечерта", "след часовете", "след обяда"),
        ("отново", "пак", "вече"),
    ),
    predicates=(
        (DISTRACTORS, BE, ADJECTIVES),
        (DISTRACTORS, BE, PARTICIPLES),
    ),
)

EXAMPLES = (
    "Алис беше уморена.",
    "Алис и Том бяха уморени.",
    "Том вчера след часовете отново беше гладен.",
    "Никола миналата събота беше дошъл на училище.",
    "Тя сутринта пак беше щастлива.",
    "Децата вече бяха заспали.",
)
VOCAB = chars_of(LANGUAGE.words())


def generate(rng: random.Random, n: int, distractors: int | None = None) -> list[Example]:
    return generate_language(rng, n, LANGUAGE, distractors)
