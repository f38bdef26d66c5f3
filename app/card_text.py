"""A Babel extraction method for the shipped models' cards (``assets/*/card.json``).

A card's ``description`` and the detail of its ``accuracy_metric`` (the part in brackets that
says which targets were scored) are English text the app shows, written by the training
scripts rather than in the source. This extractor hands them to ``pybabel extract`` (wired in
``app/locale/babel.cfg``) so the catalogs carry them like any marked string; the app translates
them where it shows them (``_(meta.description)``), and a text no catalog knows — a user's own
model — is shown as written.
"""

from __future__ import annotations

import json

# the start of the card's measure for "does the right next token beat the wrong one"; what
# follows it in brackets says which targets were scored (see glossary.plain_metric)
PAIRED_METRIC = "held-out targets where p(correct) > p(wrong)"
_DETAIL_AFTER = "given the prefix"


def metric_detail(metric: str) -> str:
    """The bracketed detail of a paired measure ("(is/are, was/were, …)"), else ""."""
    if not metric.startswith(PAIRED_METRIC):
        return ""
    return metric.partition(_DETAIL_AFTER)[2].strip()


def card_messages(card: dict) -> list[tuple[str, str]]:
    """(card field, English text) for each card text the app shows."""
    out = []
    description = card.get("description")
    if isinstance(description, str) and description.strip():
        out.append(("description", description))
    metric = card.get("accuracy_metric")
    if isinstance(metric, str) and metric_detail(metric):
        out.append(("accuracy_metric", metric_detail(metric)))
    return out


def extract(fileobj, keywords, comment_tags, options):
    """Babel extraction method: yields ``(lineno, funcname, message, comments)`` per text."""
    text = fileobj.read().decode("utf-8")
    try:
        card = json.loads(text)
    except ValueError:  # not a card: nothing to translate
        return
    if not isinstance(card, dict):
        return
    lines = text.splitlines()
    for field, message in card_messages(card):
        key = f'"{field}"'
        lineno = next((i + 1 for i, line in enumerate(lines) if key in line), 1)
        yield lineno, "_", message, [f"model card {field}"]
