"""Ukrainian agreement task (char LM): the past tense and adjectives agree with the subject.

«Аліса пішла додому.» / «Том пішов додому.» / «Аліса і Том пішли додому.»

Grammar note. The Ukrainian past tense agrees with its subject in gender and number, not
in person: masculine -в / -ов (пішов, був, сидів), feminine -ла (пішла, була), plural -ли
for every gender (пішли, були). A predicative adjective after «був / була / були» agrees
too: стомлений / стомлена / стомлені. Names ending in -а can be masculine (Микола), and a
pair joined by «і», a plural noun or «вони» always takes the plural. Sentences are
SUBJECT [distractors] PREDICATE: a day (сьогодні, минулої суботи), a time of day
(зранку, після уроків) and «знову / нарешті / теж», each optional, then a verb with its
complement, or «був» and an adjective. Words beginning with у/в are left out of the slots
so that the у/в euphony rule (після голосного «в», після приголосного «у») never has
to be applied. See ``agreement_chars`` for the annotations and targets.
"""

from __future__ import annotations

import random

from .agreement_chars import DISTRACTORS, Agree, Language, OneOf, generate_language
from .base import Example, TaskInfo, chars_of

INFO = TaskInfo(
    name="agreement_uk",
    kind="lm",
    tokenizer="char",
    labels=None,
    properties=["female_subject", "plural_subject"],
    description="Ukrainian, letter by letter: the verb's ending must agree with the subject "
    "(пішла / пішов / пішли).",
)
OPTIONS: dict[str, object] = {"distractors": None}

ADJECTIVES = OneOf(
    Agree("стомлений", "стомлена", "стомлені"),
    Agree("щасливий", "щаслива", "щасливі"),
    Agree("голодний", "голодна", "голодні"),
    Agree("сердитий", "сердита", "сердиті"),
    Agree("веселий", "весела", "веселі"),
    Agree("задоволений", "задоволена", "задоволені"),
    Agree("спокійний", "спокійна", "спокійні"),
    Agree("зайнятий", "зайнята", "зайняті"),
)
VERBS = OneOf(
    (Agree("пішов", "пішла", "пішли"), "додому"),
    (Agree("прийшов", "прийшла", "прийшли"), "до школи"),
    Agree("заснув", "заснула", "заснули"),
    (Agree("співав", "співала", "співали"), "пісню"),
    (Agree("сидів", "сиділа", "сиділи"), "на кухні"),
    (Agree("читав", "читала", "читали"), "книжку"),
    (Agree("спав", "спала", "спали"), "довго"),
)
LANGUAGE = Language(
    female_names=("Аліса", "Марія", "Олена", "Оксана", "Ірина", "Наталя", "Софія", "Ганна"),
    male_names=("Том", "Андрій", "Петро", "Іван", "Олег", "Тарас", "Микола", "Богдан"),
    female_nouns=("дівчина", "жінка", "вчителька", "сестра", "бабуся"),
    male_nouns=("хлопець", "чоловік", "вчитель", "брат", "дідусь"),
    plural_nouns=("діти", "друзі", "студенти", "сусіди", "дівчата"),
    pronouns=Agree("він", "вона", "вони"),
    conjunction="і",
    pair_needs_male=False,
    distractor_slots=(
        ("сьогодні", "позавчора", "минулої суботи", "того дня"),
        ("зранку", "надвечір", "після уроків", "після обіду"),
        ("знову", "нарешті", "теж"),
    ),
    predicates=(
        (DISTRACTORS, Agree("був", "була", "були"), ADJECTIVES),
        (DISTRACTORS, VERBS),
    ),
)

EXAMPLES = (
    "Аліса пішла додому.",
    "Аліса і Том пішли додому.",
    "Том сьогодні після уроків знову був стомлений.",
    "Микола минулої суботи прийшов до школи.",
    "Вона зранку теж була щаслива.",
    "Діти нарешті заснули.",
)
VOCAB = chars_of(LANGUAGE.words())


def generate(rng: random.Random, n: int, distractors: int | None = None) -> list[Example]:
    return generate_language(rng, n, LANGUAGE, distractors)
