"""The shipped models of the lesson's languages (agreement_uk-lstm ... agreement_lt-rnn).

They load, read their language letter by letter (Cyrillic, ș ț ă î â, ą č ę ė į š ų ū ž)
without unknown characters, carry the cards a native reader can review, and (slow) the
LSTMs keep their cards' promises on FRESH sentences: a seed neither training (0..) nor the
cards' held-out sets (1_000_003 and up) used.
"""

from __future__ import annotations

import pytest

import rnnviz
from rnnviz import tasks
from rnnviz.analysis.units import find_units
from rnnviz.tasks.agreement_chars import MAX_DISTRACTORS
from rnnviz.training import evaluate as ev

LANGS = ("uk", "sr", "bg", "ro", "lt")
CELLS = ("lstm", "gru", "rnn")
MODELS = [f"agreement_{lang}-{cell}" for lang in LANGS for cell in CELLS]
SEED = 777_005
# What a class would type: the sentences and each alphabet's own letters.
TYPED = {
    "uk": ["Аліса і Том пішли додому.", "Микола знову був щасливий."],
    "sr": ["Алиса и Том су отишли кући.", "Ђорђе је јуче био љут."],
    "bg": ["Алис и Том бяха уморени.", "Петър вчера беше щастлив."],
    "ro": ["Alice și Tom au fost obosiți.", "Ștefan a fost după școală flămând, sâmbătă."],
    "lt": ["Alisa ir Tomas buvo pavargę.", "Močiutė šeštadienį visą dieną buvo užsiėmusi, "
           "dėdė ramus."],
}


@pytest.mark.parametrize("name", MODELS)
def test_shipped_with_a_card_for_native_readers(name):
    folder = rnnviz.checkpoint.ASSETS / name
    for f in ("config.json", "weights.safetensors", "card.json", "CARD.md"):
        assert (folder / f).is_file(), f"{name}/{f}"
    card = rnnviz.card(name)
    task = name.split("-")[0]
    assert card["task"] == task and card["embed_size"] == 0
    assert card["command"].startswith(f"rnnviz train {task} --cell {card['cell']}")
    assert set(card["accuracy_by_distractors"]) == {str(k) for k in range(MAX_DISTRACTORS + 1)}
    assert 0 <= card["word_accuracy"] <= 1
    assert set(card["flags"]) == {"female_subject", "plural_subject"}
    samples = card["samples"]
    assert len(samples) == 30 and len(set(samples)) > 20
    md = (folder / "CARD.md").read_text(encoding="utf-8")
    assert all(s in md for s in samples)


@pytest.mark.parametrize("name", MODELS)
def test_reads_its_alphabet_without_unknown_characters(name):
    model = rnnviz.load(name)
    lang = name.split("-")[0].removeprefix("agreement_")
    vocab = set(model.config.vocab)
    assert set(tasks.vocabulary(model.config.task)) <= vocab
    for text in (*TYPED[lang], *tasks.examples(model.config.task)):
        tr = rnnviz.trace(model, text)
        assert len(tr.tokens) == len(text)
        assert not any(tr.unknown), (text, [t for t, u in zip(tr.tokens, tr.unknown) if u])


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_lstm_keeps_its_card_on_fresh_sentences(lang):
    name, task = f"agreement_{lang}-lstm", f"agreement_{lang}"
    model, card = rnnviz.load(name), rnnviz.card(name)
    fresh = tasks.generate(task, 400, SEED)
    acc = ev.lm_word_accuracy(model, fresh)
    assert acc >= 0.97, f"{name}: {acc:.3f} of agreeing words right"
    assert abs(acc - card["word_accuracy"]) < 0.02, (acc, card["word_accuracy"])
    few = tasks.generate(task, 150, SEED + 1)
    for prop in ("female_subject", "plural_subject"):
        ranked = find_units(model, [ex.text for ex in few], [ex.annotations[prop] for ex in few])
        assert ranked[0].auc_best >= 0.9, f"{name} {prop}: best unit {ranked[0].auc_best:.3f}"
        assert card["flags"][prop]["auc_best"] >= 0.9
