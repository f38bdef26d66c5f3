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
