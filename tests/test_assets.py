"""The shipped models keep the promises their cards make, on FRESH examples (a seed that
neither training nor the card's own held-out set used)."""

from __future__ import annotations

import random

import numpy as np
import pytest

import rnnviz
from rnnviz import tasks
from rnnviz.analysis.units import find_units
from rnnviz.resources import assets_dir
from rnnviz.training import evaluate as ev

SEED = 777_001  # fresh: training used 0, the cards' held-out sets 1_000_003 and up
TASKS = ("sentiment", "news", "agreement", "brackets", "long_range", "long_range_far", "stories")
EXPECTED = {f"{t}-{c}" for t in TASKS for c in ("rnn", "lstm", "gru")} | {
    "sentiment-bilstm",
    "sentiment-lstm2",
    "sentiment-bag",
}
CARD_FIELDS = (
    "task",
    "description",
    "cell",
    "hidden_size",
    "embed_size",
    "num_layers",
    "train_examples",
    "heldout_examples",
    "seed",
    "train_seconds",
    "command",
    "accuracy",
    "flags",
)
FLAGS = [
    ("sentiment-lstm", "sentiment", "negated"),
    ("agreement-lstm", "agreement", "plural_subject"),
    ("agreement-lstm", "agreement", "female_subject"),
    ("brackets-lstm", "brackets", "inside_quotes"),
    ("brackets-lstm", "brackets", "depth_ge_1"),
]


def test_every_model_is_shipped_with_a_full_card():
    assert set(rnnviz.list_models()) >= EXPECTED
    total = 0
    for name in EXPECTED:
        folder = assets_dir() / name
        for f in ("config.json", "weights.safetensors", "card.json", "CARD.md"):
            assert (folder / f).is_file(), f"{name}/{f}"
            total += (folder / f).stat().st_size
        card = rnnviz.card(name)
        missing = [k for k in CARD_FIELDS if k not in card]
        assert not missing, f"{name} card lacks {missing}"
        assert card["command"].startswith(f"rnnviz train {card['task']} --cell {card['cell']}")
        if card["task"] in ("long_range", "long_range_far"):
            assert set(card["accuracy_by_distance"]) == {"2", "5", "10", "20", "40", "80"}
    assert total < 20 * 2**20


@pytest.mark.parametrize(
    "name",
    [f"{t}-{c}" for t in ("sentiment", "news", "agreement", "brackets") for c in ("lstm", "gru")],
)
def test_gated_models_reach_97_percent_on_fresh_examples(name):
    model = rnnviz.load(name)
    task = model.config.task
    fresh = tasks.generate(task, 300, SEED)
    if tasks.info(task).kind == "classifier":
        acc = ev.classifier_accuracy(model, fresh)
    else:
        acc = ev.lm_target_accuracy(model, fresh)
    assert acc >= 0.97, f"{name}: {acc:.3f}"


@pytest.mark.parametrize("name, task, prop", FLAGS)
def test_lstm_flag_units_on_fresh_examples(name, task, prop):
    model = rnnviz.load(name)
    fresh = tasks.generate(task, 150, SEED + 1)
    ranked = find_units(model, [ex.text for ex in fresh], [ex.annotations[prop] for ex in fresh])
    assert ranked[0].auc_best >= 0.9, f"{name} {prop}: best unit AUC {ranked[0].auc_best:.3f}"
    card_unit = rnnviz.card(name)["flags"][prop]
    assert card_unit["auc_best"] >= 0.9


def test_bag_is_blind_to_word_order_and_lstm_is_not():
    bag, lstm = rnnviz.load("sentiment-bag"), rnnviz.load("sentiment-lstm")
    rng = random.Random(SEED)
    texts = [ex.tokens for ex in tasks.generate("sentiment", 100, SEED + 2)]
    shuffled = [rng.sample(t, len(t)) for t in texts]
    np.testing.assert_allclose(ev.predict(bag, texts), ev.predict(bag, shuffled), atol=1e-6)
    pairs = tasks.generate("sentiment", 200, SEED + 3, pairs=True)
    labels = np.array([ex.label for ex in pairs])

    def pair_accuracy(model) -> float:
        right = ev.predict(model, [ex.tokens for ex in pairs]).argmax(1) == labels
        return float((right[0::2] & right[1::2]).mean())

    assert pair_accuracy(bag) == 0.0  # same bag, opposite labels: it can get one at most
    assert pair_accuracy(lstm) >= 0.95


FAR = (20, 40, 80)  # filler words between the deciding first word and the end


@pytest.mark.slow
def test_far_trained_models_show_the_vanishing_gradient_claim():
    """Trained only on gaps of 10+ words, the plain RNN guesses at far distances while the
    LSTM and GRU carry the first word across. Ground truth by construction: the first word
    decides the label; every example here is fresh (a seed neither training nor the cards
    used)."""
    acc = {}
    for cell in ("rnn", "lstm", "gru"):
        model = rnnviz.load(f"long_range_far-{cell}")
        for d in FAR:
            fresh = tasks.generate("long_range_far", 300, SEED + 10 + d, distance=d)
            acc[cell, d] = ev.classifier_accuracy(model, fresh)
    for d in FAR:
        assert acc["rnn", d] <= 0.65, f"plain RNN at gap {d}: {acc['rnn', d]:.3f}"
        assert acc["lstm", d] >= 0.97, f"LSTM at gap {d}: {acc['lstm', d]:.3f}"
        assert acc["gru", d] >= 0.97, f"GRU at gap {d}: {acc['gru', d]:.3f}"


def test_far_model_cards_state_accuracy_by_distance():
    for cell in ("rnn", "lstm", "gru"):
        card = rnnviz.card(f"long_range_far-{cell}")
        by = card["accuracy_by_distance"]
        assert set(by) == {"2", "5", "10", "20", "40", "80"}
        assert card["command"].startswith(f"rnnviz train long_range_far --cell {cell}")
        md = (assets_dir() / f"long_range_far-{cell}" / "CARD.md").read_text()
        assert "distance" in md.lower() and "80" in md
