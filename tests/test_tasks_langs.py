"""The five languages' agreement tasks (agreement_uk, _sr, _bg, _ro, _lt): every sentence is
grammatical by the rules written here, independently of the generator's own bookkeeping.

The subject's gender and number are re-read from the TEXT (its first words, against the
language's word lists and its «and»), and the agreeing words are checked against
hand-written ending rules per language (feminine singular, plural, masculine singular, and
the feminine plural where the plural shows gender), which the generator never sees.
"""

from __future__ import annotations

import functools
import random

import pytest

from rnnviz import tasks
from rnnviz.tasks import agreement_bg, agreement_lt, agreement_ro, agreement_sr, agreement_uk
from rnnviz.tasks.agreement_chars import GENDERS, MAX_DISTRACTORS, Agree, OneOf

MODULES = {
    "agreement_uk": agreement_uk,
    "agreement_sr": agreement_sr,
    "agreement_bg": agreement_bg,
    "agreement_ro": agreement_ro,
    "agreement_lt": agreement_lt,
}
NAMES = list(MODULES)
SAMPLE = 600


def _consonant(word: str) -> bool:
    return word[-1].lower() not in "aeiouăâîаеиоуъюяієїэыęėįųū"


def _lt_gender(w: str) -> str | None:
    if w.endswith("os"):
        return "fp"
    if (
        w.endswith("ūs")
        or w.endswith("ę")
        or (w.endswith("i") and not w.endswith("si") and w != "rami")
    ):
        return "p"
    if w.endswith(("a", "si")) or w == "rami":
        return "f"
    if w.endswith("s"):
        return "m"
    return None


# Hand-written grammar: the gender/number an agreeing word shows by its ending (None: the
# word shows none, or is not an agreeing word). Auxiliaries show number only ("s", "pl").
ENDING_RULES = {
    "agreement_uk": lambda w: {"а": "f", "и": "p", "і": "p", "в": "m", "й": "m"}.get(w[-1]),
    "agreement_sr": lambda w: (
        "s"
        if w == "је"
        else "pl"
        if w == "су"
        else {"а": "f", "и": "p", "е": "fp", "о": "m"}.get(w[-1], "m" if _consonant(w) else None)
    ),
    "agreement_bg": lambda w: (
        "s"
        if w == "беше"
        else "pl"
        if w == "бяха"
        else {"а": "f", "и": "p"}.get(w[-1], "m" if _consonant(w) else None)
    ),
    "agreement_ro": lambda w: (
        "s"
        if w in ("a", "era")
        else "pl"
        if w in ("au", "erau")
        else {"ă": "f", "i": "p", "e": "fp"}.get(w[-1], "m" if _consonant(w) else None)
    ),
    "agreement_lt": _lt_gender,
}


@functools.cache
def _agreeing_words(module) -> set[str]:
    out: set[str] = set()
    stack = list(module.LANGUAGE.predicates)
    while stack:
        p = stack.pop()
        if isinstance(p, Agree):
            out.update(p.form(g) for g in GENDERS)
        elif isinstance(p, OneOf):
            stack += [q for alt in p.alternatives for q in alt]
        elif isinstance(p, tuple):
            stack += list(p)
    return out


def _word_gender(lang, text: str, word: str) -> str:
    """What one subject word is on its own: m, f, p, or fp."""
    low = word[0].lower() + word[1:]
    if word in lang.female_names or low in lang.female_nouns or low == lang.pronouns.f:
        return "f"
    if low in lang.female_plural_nouns or (lang.female_plural and low == lang.pronouns.fp):
        return "fp"
    if low in lang.plural_nouns or low == lang.pronouns.p:
        return "p"
    assert word in lang.male_names or low in (*lang.male_nouns, lang.pronouns.m), text
    return "m"


def _subject_from_text(module, text: str) -> str:
    """m, f, p, or fp (a group of women, where the plural shows gender)."""
    lang = module.LANGUAGE
    words = text.rstrip(".").split(" ")
    if words[1] == lang.conjunction:
        women = _word_gender(lang, text, words[0]) == _word_gender(lang, text, words[2]) == "f"
        return "fp" if women and lang.female_plural else "p"
    return _word_gender(lang, text, words[0])


@pytest.fixture(scope="module")
def samples() -> dict[str, list[tasks.Example]]:
    return {name: tasks.generate(name, SAMPLE, seed=11) for name in NAMES}


def test_registered_and_described():
    assert set(NAMES) <= set(tasks.names())
    for name in NAMES:
        info = tasks.info(name)
        assert (info.kind, info.tokenizer) == ("lm", "char")
        assert info.properties == ["female_subject", "plural_subject"]
        assert tasks.options(name) == {"distractors": None}
        assert 5 <= len(tasks.examples(name)) <= 10
        # the docstring carries the grammar note
        assert "Grammar note" in MODULES[name].__doc__


@pytest.mark.parametrize("name", NAMES)
def test_deterministic_per_seed(name):
    a = tasks.generate(name, 30, seed=1)
    assert a == tasks.generate(name, 30, seed=1)
    assert a != tasks.generate(name, 30, seed=2)
    assert tasks.generate(name, 7, seed=1) == a[:7]
    assert tasks.generate(name, 0, seed=1) == []


def _check_agreement(name: str, text: str) -> str:
    """Assert the text agrees by the hand-written rules; return the subject's gender."""
    module, rule = MODULES[name], ENDING_RULES[name]
    agreeing = _agreeing_words(module)
    gender = _subject_from_text(module, text)
    checked = 0
    for w in text.rstrip(".").split(" ")[1:]:
        if w not in agreeing:
            continue
        shows = rule(w)
        assert shows is not None, (w, text)
        if shows == "s":  # an auxiliary: number only
            assert gender in ("m", "f"), text
        elif shows == "pl":
            assert gender in ("p", "fp"), text
        else:
            assert shows == gender, (w, gender, text)
        checked += 1
    assert checked >= 1, text
    return gender


@pytest.mark.parametrize("name", NAMES)
def test_every_sentence_agrees(name, samples):
    seen = set()
    for ex in samples[name]:
        assert ex.text[0].isupper() and ex.text.endswith(".") and "  " not in ex.text
        assert ex.tokens == list(ex.text)
        seen.add(_check_agreement(name, ex.text))
    gendered = MODULES[name].LANGUAGE.female_plural
    assert seen == ({"m", "f", "p", "fp"} if gendered else {"m", "f", "p"})


@pytest.mark.parametrize("name", NAMES)
def test_flags_by_construction(name, samples):
    module = MODULES[name]
    for ex in samples[name]:
        gender = _subject_from_text(module, ex.text)
        fem, plu = ex.annotations["female_subject"], ex.annotations["plural_subject"]
        assert len(fem) == len(plu) == len(ex.tokens)
        # at the end: exactly what the subject is
        female, plural = int(gender in ("f", "fp")), int(gender in ("p", "fp"))
        assert (fem[-1], plu[-1]) == (female, plural), ex.text
        # both 0 until the first word's last letter; constant from the subject's last letter
        words = ex.text.split(" ")
        first_end = len(words[0]) - 1
        assert not any(fem[:first_end]) and not any(plu[:first_end])
        subject_end = first_end
        if words[1] == module.LANGUAGE.conjunction:
            conj_end = first_end + 1 + len(words[1])
            assert plu[conj_end] == 1 and plu[conj_end - 1] == 0
            # a pair: where the plural shows gender, female while the group is all women so
            # far; elsewhere, female only while the first conjunct is all we know
            first_female = _word_gender(module.LANGUAGE, ex.text, words[0]) == "f"
            assert fem[conj_end] == int(first_female and module.LANGUAGE.female_plural)
            subject_end = conj_end + 1 + len(words[2])
        assert len(set(fem[subject_end:])) == 1 and len(set(plu[subject_end:])) == 1, ex.text
        if not module.LANGUAGE.female_plural:  # female and plural never at once
            assert not any(f and p for f, p in zip(fem, plu))


@pytest.mark.parametrize("name", NAMES)
def test_targets_are_where_the_forms_part(name, samples):
    agreeing = _agreeing_words(MODULES[name])
    for ex in samples[name]:
        assert ex.targets, ex.text
        for i, correct, wrong in ex.targets:
            assert ex.text[i] == correct != wrong
            # the target falls in an agreeing word, or on the space / "." right after one
            start = ex.text.rfind(" ", 0, i if ex.text[i] in " ." else i + 1) + 1
            word = ex.text[start:i] if ex.text[i] in " ." else ex.text[start:].split(" ")[0]
            assert word.rstrip(".") in agreeing, (word, ex.text)


@pytest.mark.parametrize("name", NAMES)
def test_distractor_option(name):
    slots = MODULES[name].LANGUAGE.distractor_slots
    distractor_words = {w for slot in slots for phrase in slot for w in phrase.split()}
    for k in range(MAX_DISTRACTORS + 1):
        for ex in tasks.generate(name, 40, seed=3, distractors=k):
            words = ex.text.rstrip(".").split(" ")
            assert sum(w in distractor_words for w in words) == k, ex.text
    with pytest.raises(ValueError, match="distractors"):
        tasks.generate(name, 1, distractors=MAX_DISTRACTORS + 1)


@pytest.mark.parametrize("name", NAMES)
def test_examples_and_vocabulary(name, samples):
    vocab = set(tasks.vocabulary(name))
    assert {c for ex in samples[name] for c in ex.text} <= vocab
    module = MODULES[name]
    for text in tasks.examples(name):
        assert set(text) <= vocab, text
        assert _subject_from_text(module, text) in ("m", "f", "p", "fp")


def test_alphabets():
    """Each language's own letters are in its task (so typed text tokenises)."""
    want = {
        "agreement_uk": "АІіщьюя",
        "agreement_sr": "Јјљћђ",
        "agreement_bg": "ъщюя",
        "agreement_ro": "șțăîâȘ",
        "agreement_lt": "ąčęėįšųūž",
    }
    for name, letters in want.items():
        missing = set(letters) - set(tasks.vocabulary(name))
        assert not missing, (name, missing)


ISSUE_SENTENCES = {
    "agreement_uk": ["Аліса пішла додому.", "Аліса і Том пішли додому."],
    "agreement_sr": ["Алиса је отишла кући.", "Алиса и Том су отишли кући."],
    "agreement_bg": ["Алис беше уморена.", "Алис и Том бяха уморени."],
    "agreement_ro": ["Alice a fost obosită.", "Alice și Tom au fost obosiți."],
    "agreement_lt": ["Alisa buvo pavargusi.", "Alisa ir Tomas buvo pavargę."],
}


@pytest.mark.parametrize("name", NAMES)
def test_issue_sentences_are_in_the_grammar(name):
    """The issue's own sentences pass the same checks, and use only the task's words."""
    words = {w for s in MODULES[name].LANGUAGE.words() for w in s.split()}
    for text in ISSUE_SENTENCES[name]:
        assert _check_agreement(name, text) == ("p" if len(text.split()) > 4 else "f")
        assert set(text.rstrip(".").split()) <= words, text


def test_random_is_python_random():
    # the generators draw only from the rng they are given (no global state)
    random.seed(1)
    a = tasks.generate("agreement_uk", 5, seed=4)
    random.seed(2)
    assert tasks.generate("agreement_uk", 5, seed=4) == a
