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
from rnnviz.resources import assets_dir
from rnnviz.tasks.agreement_chars import MAX_DISTRACTORS
from rnnviz.training import evaluate as ev

LANGS = ("uk", "sr", "bg", "ro", "lt")
# All fifteen (build entries in scripts/build_assets.py; see docs/notes/langs.md and
# docs/notes/models.md).
MODELS = [f"agreement_{lang}-lstm" for lang in LANGS] + [
    "agreement_uk-gru",
    "agreement_uk-rnn",
    "agreement_sr-gru",
    "agreement_bg-gru",
    "agreement_sr-rnn",
    "agreement_bg-rnn",
    "agreement_ro-gru",
    "agreement_ro-rnn",
    "agreement_lt-gru",
    "agreement_lt-rnn",
]
SEED = 777_005
# What a class would type: the sentences and each alphabet's own letters.
TYPED = {
    "uk": ["Аліса і Том пішли додому.", "Микола знову був щасливий."],
    "sr": ["Алиса и Том су отишли кући.", "Ђорђе је јуче био љут."],
    "bg": ["Алис и Том бяха уморени.", "Юлия вчера беше любопитна."],
    "ro": [
        "Alice și Tom au fost obosiți.",
        "Alice și Maria au fost obosite.",
        "Ștefan a fost sâmbătă încă flămând și supărat.",
    ],
    "lt": ["Alisa ir Tomas buvo pavargę.", "Močiutė šeštadienį visą dieną buvo užsiėmusi."],
}


@pytest.mark.parametrize("name", MODELS)
def test_shipped_with_a_card_for_native_readers(name):
    folder = assets_dir() / name
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
def test_lstm_writes_the_ending_on_fresh_sentences(lang):
    name, task = f"agreement_{lang}-lstm", f"agreement_{lang}"
    model, card = rnnviz.load(name), rnnviz.card(name)
    fresh = tasks.generate(task, 400, SEED)
    acc = ev.lm_word_accuracy(model, fresh)
    assert acc >= 0.97, f"{name}: {acc:.3f} of agreeing words right"
    assert abs(acc - card["word_accuracy"]) < 0.02, (acc, card["word_accuracy"])
    for k in range(MAX_DISTRACTORS + 1):
        few = tasks.generate(task, 100, SEED + 10 + k, distractors=k)
        assert ev.lm_word_accuracy(model, few) >= 0.95, (name, k)


# Where one unit alone carries the flag (AUC >= 0.9): every language's LSTM, both flags
# (lt and sr with forget gates started at bias 1, bg and sr with a chosen seed trained
# longer; docs/notes/langs.md). An entry left out here is an xfail.
FLAG_GOAL_MET = {(lang, prop) for lang in LANGS for prop in ("female_subject", "plural_subject")}


@pytest.mark.slow
@pytest.mark.parametrize(
    "lang, prop",
    [
        pytest.param(
            lang,
            prop,
            marks=()
            if (lang, prop) in FLAG_GOAL_MET
            else pytest.mark.xfail(reason="no single unit with AUC >= 0.9 yet", strict=False),
        )
        for lang in LANGS
        for prop in ("female_subject", "plural_subject")
    ],
)
def test_lstm_flag_unit_on_fresh_sentences(lang, prop):
    name, task = f"agreement_{lang}-lstm", f"agreement_{lang}"
    model, card = rnnviz.load(name), rnnviz.card(name)
    few = tasks.generate(task, 150, SEED + 1)
    ranked = find_units(model, [ex.text for ex in few], [ex.annotations[prop] for ex in few])
    assert ranked[0].auc_best >= 0.9, f"{name} {prop}: best unit {ranked[0].auc_best:.3f}"
    assert card["flags"][prop]["auc_best"] >= 0.9


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_the_tours_flag_stop_lights_the_plural_lamp_at_its_step(lang):
    """The stop opens the language's LSTM with the plural flag's best unit first: its lamp
    (the app's own cut, measured as the explorer measures it) is on at the stop's step, and
    off at the end of Alice's name (the stop's text says so)."""
    import cache
    import numpy as np
    from tour_stops import FLAG_STOP_IN

    p = FLAG_STOP_IN[lang]
    ranges = cache.unit_ranges(p["model"], p["property"])
    unit = cache.ranking(p["model"], p["property"])[0]["unit"]
    c = rnnviz.trace(rnnviz.load(p["model"]), p["text"]).cell[0, 0, :, unit]
    above, below = ranges.on_above[0, 0, unit], ranges.on_below[0, 0, unit]
    on = (c > above) if np.isfinite(above) else (c < below)
    alice = p["text"].index(" ")  # 1-based: the first word's last letter
    assert on[int(p["step"]) - 1], (lang, unit, c.round(2).tolist())
    assert not on[alice - 1], (lang, unit, c.round(2).tolist())
