"""Words a student can follow: the human names of the tasks' properties, and one-line
explanations of the technical terms the pages show (used as widget help and hover text).

Page text only (no Streamlit): the library keeps its own precise names (``plural_subject``);
this is how the app says them.
"""

from __future__ import annotations

# property (as the task annotates it) -> what a student reads
PROPERTY_NAMES = {
    "plural_subject": "plural subject",
    "female_subject": "female subject",
    "negated": "inside a negation",
    "inside_quotes": "inside quotes",
    "depth_ge_1": "inside brackets",
    "depth_ge_2": "inside two brackets",
    "key": "the key word",
    "topic_word": "word of the topic",
    "sentence_start": "start of a sentence",
}

TERMS = {
    "flag": "A unit whose value tells whether something is true at this word, like a lamp "
    "that is on while the subject is plural.",
    "lamp": "A lamp is on when its unit's value is in the unit's own “on” range, measured on "
    "160 generated example sentences; the number under it is the unit's real value.",
    "gradient": "How much the final answer would change if one earlier thing were nudged a "
    "little: how much the answer still “feels” it. Training follows this signal, so a word "
    "the answer cannot feel is a word the network cannot learn from.",
    "token": "One piece of the text the network reads in one step: a word (or a character, "
    "for the character models).",
    "unit": "One number in the network's memory. A network with 32 units keeps 32 numbers "
    "and updates all of them at every word.",
    "hidden state": "The network's memory after each word (h): the numbers it passes on to "
    "the next step, and reads its answer from.",
    "cell state": "The LSTM's second, longer-lasting memory (c): the gates decide what to "
    "keep, forget and add at each word.",
    "gate": "A dial from 0 (shut) to 1 (open) that the network sets at each word, deciding "
    "how much of something passes through.",
    "forget gate": "LSTM: how much of the old cell memory to keep (1 = keep it all).",
    "input gate": "LSTM: how much of the new candidate to write into the cell memory.",
    "output gate": "LSTM: how much of the cell memory to show as the hidden state h.",
    "update gate": "GRU: how much of the memory to replace with the new candidate (near 0 "
    "keeps the old memory).",
    "reset gate": "GRU: how much of the old memory to use when making the new candidate.",
    "candidate": "The new value the cell proposes at this word, before the gates decide how "
    "much of it to use.",
    "tanh": "A squashing function: any number in, a number between −1 and +1 out.",
    "sigmoid": "A squashing function: any number in, a number between 0 and 1 out (how gates "
    "get their 0-to-1 dial).",
    "weights": "The numbers the network learned (W_ih for the input, W_hh for the memory, b "
    "for a bias): each step multiplies by them.",
    "embedding": "The list of numbers a word is turned into before the network reads it.",
    "probability": "How sure the model is, from 0% to 100%; the answers' probabilities add "
    "up to 100%.",
    "held-out": "Measured on sentences the model never saw while learning.",
    "AUC": "How well one unit alone tells the two cases apart: 1.00 = perfectly, 0.50 = no "
    "better than a coin toss.",
    "bag of embeddings": "A model that averages the words' numbers and ignores their order: "
    "“dog bites man” and “man bites dog” look the same to it.",
    "bidirectional": "Two networks, one reading left to right and one right to left; each "
    "word sees both sides.",
    "layer": "Networks can be stacked: the second layer reads the first layer's memory as "
    "its input.",
    "temperature": "Low: the model picks its favourite next character almost every time. "
    "High: it takes more chances.",
    "score": "The raw number the model gives each answer before it becomes a probability "
    "(higher means more likely).",
}


def plain_metric(metric: str) -> str:
    """A model card's accuracy measure in words a student can follow (unknown ones as is)."""
    if metric.startswith("held-out targets where p(correct) > p(wrong)"):
        which = metric.partition("given the prefix")[2].strip()  # "(is/are, was/were, …)"
        return (
            "on sentences it never saw while learning, how often it gives the right next word "
            f"a higher chance than the wrong one, at the words that test it {which}".strip()
        )
    return {
        "held-out classification accuracy": "right answers on texts it never saw while learning",
        "held-out top-1 next-token accuracy": "how often its first guess for the next token is "
        "right, on text it never saw while learning",
        "": "accuracy on texts it never saw while learning",
    }.get(metric, metric)


def property_name(prop: str) -> str:
    """``plural_subject`` -> "plural subject" (unknown names: underscores become spaces)."""
    return PROPERTY_NAMES.get(prop, prop.replace("_", " "))


_SCALES = ((12, "trillion"), (9, "billion"), (6, "million"), (3, "thousand"))


def one_in(n: float) -> str:
    """A count in words, rounded to one significant figure: 3.3e10 -> "30 billion"."""
    import math

    k = math.floor(math.log10(n))
    m = round(n / 10**k)
    if m == 10:
        m, k = 1, k + 1
    for exp, word in _SCALES:
        if k >= exp:
            return f"{m * 10 ** (k - exp):,} {word}"
    return f"{m * 10**k:,}"


def plain_share(x: float) -> str:
    """A share of the largest in words a student reads: 0.35 -> "35% of the largest",
    1e-11 -> "1 part in 100 billion" (never 1e-11)."""
    if not x > 0:
        return "nothing at all"
    if x >= 0.095:
        return f"{x:.0%} of the largest"
    if x < 1e-12:
        return "less than 1 part in a trillion"
    n = one_in(1 / x)
    return f"1 part in {'a ' + n[2:] if n.startswith('1 ') else n}"  # "a thousand", not "1 …"


def tick_words(power: int) -> str:
    """A log axis tick 10**-power in words: 0 -> "all of it", 3 -> "1 in 1,000"."""
    if power <= 0:
        return "all of it"
    n = one_in(10.0**power)
    return f"1 in {'a ' + n[2:] if n.startswith('1 ') else n}"


# what the state/gate pickers offer (``rnnviz.figures.quantities``) -> the term explaining it
QUANTITY_TERMS = {
    "hidden": "hidden state",
    "cell": "cell state",
    "input": "input gate",
    "forget": "forget gate",
    "output": "output gate",
    "reset": "reset gate",
    "update": "update gate",
    "candidate": "candidate",
}


def explain(quantities) -> str:
    """Hover help for a picker of states and gates: one plain line per choice."""
    lines = []
    for q in quantities:
        term = QUANTITY_TERMS.get(q)
        if term:
            lines.append(f"**{term}**: {TERMS[term]}")
    return "\n\n".join(lines)
