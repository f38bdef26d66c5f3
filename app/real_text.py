"""Real-text models in the app: which group a model belongs to, what to offer instead when
a sentence is mostly unknown words, and example sentences for the real-text models.

Plain data and small functions (no Streamlit), used by the explorer's picker and its
unknown-words note. The example sentences are written for this app, not taken from the
data sets.
"""

from __future__ import annotations


def N_(message: str) -> str:  # i18n.N_ without importing Streamlit: marks, translates nothing
    return message


REAL_TASKS = ("agnews", "reviews", "alice")
# marked N_(): shown with _(GROUPS[g]) in the session's language
GROUPS = {
    "real": N_("Real text"),
    "made-up": N_("Made-up tasks with known flags"),
    "yours": N_("This session"),
    "broken": N_("Cannot be opened"),
}
GROUP_LINES = {
    "real": N_("Real text: trained on real news, movie reviews or a book; type your own sentence."),
    "made-up": N_(
        "Made-up tasks with known flags: small generated languages where we know which "
        "unit should carry what; use their example sentences."
    ),
    "yours": N_(
        "This session: a model you opened on the “Your model” page; only you see it, and "
        "a link to this view does not include it."
    ),
    "broken": N_(
        "Cannot be opened: an installed model folder that fails its checks; pick it to read why."
    ),
}
UNKNOWN_SHARE = 0.3  # above this share of unknown tokens, the answer means little
# made-up task → the real-text model family that reads the same kind of thing
REAL_TWIN = {"sentiment": "reviews", "news": "agnews", "stories": "alice"}
EXAMPLES = {
    "agnews": [
        "Rain delays the final as the home side chases a third straight title",
        "Chip maker unveils a faster processor for laptops and phones",
        "Oil prices climb as investors worry about supply",
        "Leaders meet in Geneva to talk about the ceasefire",
    ],
    "reviews": [
        "The plot isn't good, but the actors are wonderful.",
        "A funny, warm and moving film.",
        "I didn't like it at all (and I tried).",
        "Not a bad movie, just a long one.",
    ],
    "alice": [
        "\u201cWhat a curious feeling!\u201d said Alice, (she was quite surprised).",
        "The Queen turned crimson with fury, and shouted \u201cOff with her head!\u201d",
    ],
}


def group(task: str) -> str:
    """'real' for a model trained on real text, else 'made-up'."""
    return "real" if task in REAL_TASKS else "made-up"


def twin(name: str, task: str, cell: str, names: list[str]) -> str | None:
    """The real-text model of the same kind as ``name`` (same cell where there is one)."""
    family = REAL_TWIN.get(task)
    if family is None:
        return None
    suffix = "bilstm" if name.endswith("-bilstm") else cell
    for candidate in (f"{family}-{suffix}", f"{family}-{cell}", f"{family}-lstm"):
        if candidate in names:
            return candidate
    return None
