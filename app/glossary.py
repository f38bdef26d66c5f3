"""Words a student can follow: the human names of the tasks' properties, and one-line
explanations of the technical terms the pages show (used as widget help and hover text).

Page text only: the library keeps its own precise names (``plural_subject``); this is how
the app says them, in the session's language. The words are made at import, before any
session has a language, so they are marked with ``N_`` and every lookup here (``TERMS[…]``,
:func:`property_name`, :func:`explain`, …) translates as it is read.
"""

from __future__ import annotations

import math
import re

import card_text
from i18n import N_, _, ngettext, number


class _Words(dict):
    """A dict of marked English words that answers in the session's language
    (``TERMS["gate"]`` is the translated line; the keys stay English ids)."""

    def __getitem__(self, key):
        return _(super().__getitem__(key))

    def get(self, key, default=None):
        return _(super().get(key)) if key in self else default


# property (as the task annotates it) -> what a student reads
PROPERTY_NAMES = _Words(
    {
        "plural_subject": N_("plural subject"),
        "female_subject": N_("female subject"),
        "negated": N_("inside a negation"),
        "inside_quotes": N_("inside quotes"),
        "depth_ge_1": N_("inside brackets"),
        "depth_ge_2": N_("inside two brackets"),
        "key": N_("the key word"),
        "topic_word": N_("word of the topic"),
        "sentence_start": N_("start of a sentence"),
    }
)

TERMS = _Words(
    {
        "flag": N_(
            "A unit whose value tells whether something is true at this word, like a lamp "
            "that is on while the subject is plural."
        ),
        "lamp": N_(
            "A lamp is on when its unit's value is in the unit's own “on” range, measured on "
            "160 generated example sentences; the number under it is the unit's real value."
        ),
        "gradient": N_(
            "How much the final answer would change if one earlier thing were nudged a "
            "little: how much the answer still “feels” it. Training follows this signal, so a word "
            "the answer cannot feel is a word the network cannot learn from."
        ),
        "token": N_(
            "One piece of the text the network reads in one step: a word (or a character, "
            "for the character models)."
        ),
        "unit": N_(
            "One number in the network's memory. A network with 32 units keeps 32 numbers "
            "and updates all of them at every word."
        ),
        "hidden state": N_(
            "The network's memory after each word (h): the numbers it passes on to "
            "the next step, and reads its answer from."
        ),
        "cell state": N_(
            "The LSTM's second, longer-lasting memory (c): the gates decide what to "
            "keep, forget and add at each word."
        ),
        "gate": N_(
            "A dial from 0 (shut) to 1 (open) that the network sets at each word, deciding "
            "how much of something passes through."
        ),
        "forget gate": N_("LSTM: how much of the old cell memory to keep (1 = keep it all)."),
        "input gate": N_("LSTM: how much of the new candidate to write into the cell memory."),
        "output gate": N_("LSTM: how much of the cell memory to show as the hidden state h."),
        "update gate": N_(
            "GRU: how much of the memory to replace with the new candidate (near 0 "
            "keeps the old memory)."
        ),
        "reset gate": N_("GRU: how much of the old memory to use when making the new candidate."),
        "candidate": N_(
            "The new value the cell proposes at this word, before the gates decide how "
            "much of it to use."
        ),
        "tanh": N_("A squashing function: any number in, a number between −1 and +1 out."),
        "sigmoid": N_(
            "A squashing function: any number in, a number between 0 and 1 out (how gates "
            "get their 0-to-1 dial)."
        ),
        "weights": N_(
            "The numbers the network learned (W_ih for the input, W_hh for the memory, b "
            "for a bias): each step multiplies by them."
        ),
        "embedding": N_("The list of numbers a word is turned into before the network reads it."),
        "probability": N_(
            "How sure the model is, from 0% to 100%; the answers' probabilities add up to 100%."
        ),
        "held-out": N_("Measured on sentences the model never saw while learning."),
        "AUC": N_(
            "How well one unit alone tells the two cases apart: 1.00 = perfectly, 0.50 = no "
            "better than a coin toss."
        ),
        "bag of embeddings": N_(
            "A model that averages the words' numbers and ignores their order: "
            "“dog bites man” and “man bites dog” look the same to it."
        ),
        "bidirectional": N_(
            "Two networks, one reading left to right and one right to left; each "
            "word sees both sides."
        ),
        "layer": N_(
            "Networks can be stacked: the second layer reads the first layer's memory as its input."
        ),
        "temperature": N_(
            "Low: the model picks its favourite next character almost every time. "
            "High: it takes more chances."
        ),
        "score": N_(
            "The raw number the model gives each answer before it becomes a probability "
            "(higher means more likely)."
        ),
    }
)


# a model card's accuracy measure (as the card says it) -> in words a student can follow
METRICS = _Words(
    {
        "held-out classification accuracy": N_(
            "right answers on texts it never saw while learning"
        ),
        "held-out top-1 next-token accuracy": N_(
            "how often its first guess for the next token is right, on text it never saw "
            "while learning"
        ),
        "held-out classification accuracy (10% of the rows)": N_(
            "right answers on the tenth of the rows it never saw while learning"
        ),
        "held-out top-1 next-character accuracy (last chapter)": N_(
            "how often its first guess for the next letter is right, on the last chapter, "
            "which it never saw while learning"
        ),
        "": N_("accuracy on texts it never saw while learning"),
    }
)
# "validation accuracy (760 rows held out, split seed 0)": the real-data models' measure
_VALIDATION = re.compile(r"validation accuracy \((\d+) rows held out, split seed \d+\)")

# our generated tasks (``rnnviz.tasks``) -> what each one is, for a picker; the library's own
# description (English) stands for a task not listed here
TASKS = _Words(
    {
        "agreement": N_(
            "Predict the next word; is/are and she/he/they must agree with a distant subject."
        ),
        "agreement_bg": N_(
            "Bulgarian, letter by letter: the adjective's ending must agree with the subject "
            "(уморена / уморен / уморени)."
        ),
        "agreement_lt": N_(
            "Lithuanian, letter by letter: the adjective's ending must agree with the subject "
            "(pavargusi / pavargęs / pavargę)."
        ),
        "agreement_ro": N_(
            "Romanian, letter by letter: the adjective's ending must agree with the subject "
            "(obosită / obosit / obosiți)."
        ),
        "agreement_sr": N_(
            "Serbian (Cyrillic), letter by letter: the participle's ending must agree with "
            "the subject (отишла / отишао / отишли)."
        ),
        "agreement_uk": N_(
            "Ukrainian, letter by letter: the verb's ending must agree with the subject "
            "(пішла / пішов / пішли)."
        ),
        "brackets": N_(
            'Predict the next character of text with nested (parentheses) and "quotes".'
        ),
        "long_range": N_(
            "Only the first word matters; can the model still remember it many words later?"
        ),
        "long_range_far": N_(
            "Only the first word matters, and it is always 10 or more words back: can the "
            "model still remember it?"
        ),
        "news": N_("Which section does this headline belong to: world, sports, business or tech?"),
        "sentiment": N_(
            "Is this short review positive or negative? Watch 'not' and 'but' flip it."
        ),
        "stories": N_("Tiny made-up stories, one character at a time, for generating text."),
    }
)


def task_description(task: str, fallback: str = "") -> str:
    """What one of our tasks is, in the session's language (else ``fallback``, as is)."""
    return TASKS.get(task, fallback)


def plain_metric(metric: str) -> str:
    """A model card's accuracy measure in words a student can follow (unknown ones as is)."""
    if metric.startswith(card_text.PAIRED_METRIC):
        # "(is/are, was/were, …)": a card text, in the catalogs through card_text's extraction
        which = card_text.metric_detail(metric)
        return (
            _(
                "on sentences it never saw while learning, how often it gives the right next "
                "word a higher chance than the wrong one, at the words that test it {which}"
            )
            .format(which=_(which) if which else "")
            .strip()
        )
    held = _VALIDATION.fullmatch(metric)
    if held:
        n = int(held.group(1))
        return ngettext(
            "right answers on {n} example it never saw while learning",
            "right answers on {n} examples it never saw while learning",
            n,
        ).format(n=number(n, 0))
    return METRICS.get(metric, metric)


def property_name(prop: str) -> str:
    """``plural_subject`` -> "plural subject" (unknown names: underscores become spaces)."""
    return PROPERTY_NAMES.get(prop, prop.replace("_", " "))


_SCALES = (12, 9, 6, 3)  # trillion, billion, million, thousand


def _split(n: float) -> tuple[int, int]:
    """``n`` rounded to one significant figure, as (count, power of a thousand's scale):
    3.3e10 -> (30, 9), 20 -> (20, 0)."""
    k = math.floor(math.log10(n))
    m = round(n / 10**k)
    if m == 10:
        m, k = 1, k + 1
    for exp in _SCALES:
        if k >= exp:
            return m * 10 ** (k - exp), exp
    return m * 10**k, 0


def _count(count: int, exp: int) -> str:
    """(30, 9) -> "30 billion", in the session's language (the form that follows "1 in")."""
    n = number(count, 0)
    if exp == 12:
        return ngettext("{n} trillion", "{n} trillion", count).format(n=n)
    if exp == 9:
        return ngettext("{n} billion", "{n} billion", count).format(n=n)
    if exp == 6:
        return ngettext("{n} million", "{n} million", count).format(n=n)
    if exp == 3:
        return ngettext("{n} thousand", "{n} thousand", count).format(n=n)
    return n


def one_in(n: float) -> str:
    """A count in words, rounded to one significant figure: 3.3e10 -> "30 billion"."""
    return _count(*_split(n))


def plain_share(x: float) -> str:
    """A share of the largest in words a student reads: 0.35 -> "35% of the largest",
    1e-11 -> "1 part in 100 billion" (never 1e-11)."""
    if not x > 0:
        return _("nothing at all")
    if x >= 0.095:
        return _("{percent} of the largest").format(percent=f"{number(100 * x, 0)}%")
    if x < 1e-12:
        return _("less than 1 part in a trillion")
    count, exp = _split(1 / x)
    if count == 1 and exp:  # "a thousand", not "1 thousand"
        return {
            3: _("1 part in a thousand"),
            6: _("1 part in a million"),
            9: _("1 part in a billion"),
            12: _("1 part in a trillion"),
        }[exp]
    return _("1 part in {count}").format(count=_count(count, exp))


def tick_words(power: int) -> str:
    """A log axis tick 10**-power in words: 0 -> "all of it", 3 -> "1 in a thousand"."""
    if power <= 0:
        return _("all of it")
    count, exp = _split(10.0**power)
    if count == 1 and exp:
        return {
            3: _("1 in a thousand"),
            6: _("1 in a million"),
            9: _("1 in a billion"),
            12: _("1 in a trillion"),
        }[exp]
    return _("1 in {count}").format(count=_count(count, exp))


# what the state/gate pickers offer (``rnnviz.figures.quantities``) -> the term explaining it
QUANTITY_TERMS = {
    "hidden": N_("hidden state"),
    "cell": N_("cell state"),
    "input": N_("input gate"),
    "forget": N_("forget gate"),
    "output": N_("output gate"),
    "reset": N_("reset gate"),
    "update": N_("update gate"),
    "candidate": N_("candidate"),
}


def explain(quantities) -> str:
    """Hover help for a picker of states and gates: one plain line per choice."""
    lines = []
    for q in quantities:
        term = QUANTITY_TERMS.get(q)
        if term:
            lines.append(
                _("**{term}**: {explanation}").format(term=_(term), explanation=TERMS[term])
            )
    return "\n\n".join(lines)
