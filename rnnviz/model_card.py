"""Model cards: what a model is, how it was made, what was measured on held-out data.

A card is a plain dict saved next to the weights as ``card.json`` (``rnnviz.card(name)``
reads it back), with ``CARD.md`` for people, written here from the dict. The training code
(:mod:`rnnviz.training`) fills the dict: how the model was made and what was measured on
held-out data (:mod:`rnnviz.training.evaluate`).
"""

from __future__ import annotations

CELL_NAMES = {"rnn": "plain RNN", "lstm": "LSTM", "gru": "GRU", "bag": "bag of embeddings"}


def describe(info, cell: str, layers: int = 1, bidirectional: bool = False) -> str:
    shape = ("bidirectional " if bidirectional else "") + CELL_NAMES.get(cell, cell)
    if layers > 1:
        shape += f", {layers} layers"
    return f"{shape[0].upper()}{shape[1:]}. {info.description}"


def card_markdown(card: dict) -> str:
    """The card for people: what the model is, how to rebuild it, what was measured."""
    lines = [f"# {card.get('name', 'model')}", "", card.get("description", ""), ""]
    sizes = (
        f"{CELL_NAMES.get(card['cell'], card['cell'])}, hidden size {card['hidden_size']}, "
        f"embedding {card['embed_size'] or 'one-hot'}, {card['num_layers']} layer(s)"
        + (", bidirectional" if card.get("bidirectional") else "")
    )
    lines += [
        f"- Task: `{card.get('task', '-')}` ({card.get('kind', '')})",
        f"- Model: {sizes}; {card.get('parameters', 0):,} parameters, "
        f"vocabulary {card.get('vocab_size')}",
        f"- Trained: {card.get('training', '')}; {card.get('train_seconds')} s",
        f"- Held out: {card.get('heldout_examples')} fresh examples "
        f"(seed {card.get('heldout_seed')})",
        f"- Reproduce: `{card.get('command', '')}`",
        *([f"- Note: {card['note']}"] if card.get("note") else []),
        "",
    ]
    if "accuracy" in card:
        lines += [f"**Accuracy: {card['accuracy']:.1%}** ({card.get('accuracy_metric', '')})", ""]
    if card.get("flags"):
        lines += [
            "## Flag units (best single unit per property, held-out ROC AUC)",
            "",
            "| property | layer | direction | unit | AUC | effect |",
            "|---|---|---|---|---|---|",
        ]
        for prop, f in card["flags"].items():
            lines.append(
                f"| {prop} | {f['layer']} | {'backward' if f['direction'] else 'forward'}"
                f" | {f['unit']} | {f['auc']:.3f} | {'+' if f['effect'] > 0 else '-'} |"
            )
        lines.append("")
    if card.get("accuracy_by_distance"):
        lines += [
            "## Accuracy by distance (distractors between the key word and the end)",
            "",
            "| " + " | ".join(card["accuracy_by_distance"]) + " |",
            "|" + "---|" * len(card["accuracy_by_distance"]),
            "| " + " | ".join(f"{v:.1%}" for v in card["accuracy_by_distance"].values()) + " |",
            "",
        ]
    if card.get("word_accuracy") is not None:
        lines += [
            f"**Whole agreeing words right: {card['word_accuracy']:.1%}** (held-out words "
            "whose every ending letter beats every other form of the word)",
            "",
        ]
    if card.get("accuracy_by_distractors"):
        by = card["accuracy_by_distractors"]
        lines += [
            "## Words right by the number of distractor words (subject ... predicate)",
            "",
            "| " + " | ".join(by) + " |",
            "|" + "---|" * len(by),
            "| " + " | ".join(f"{v:.1%}" for v in by.values()) + " |",
            "",
        ]
    if card.get("order"):
        o = card["order"]
        lines += [
            "## Word order",
            "",
            f"- Same-bag pairs ('good, not bad' / 'bad, not good') both right: "
            f"{o['pair_accuracy']:.1%} of {o['pair_examples']}",
            f"- Random reorderings of a review that keep the answer: "
            f"{o['permutation_same_answer']:.1%} of {o['permutations_checked']}",
            "",
        ]
    if card.get("samples"):
        lines += [
            "## Sample sentences (held-out, for a native reader to review)",
            "",
            *[f"{k}. {t}" for k, t in enumerate(card["samples"], 1)],
            "",
        ]
    if card.get("notes"):
        lines += ["## Notes", "", card["notes"], ""]
    return "\n".join(lines)
