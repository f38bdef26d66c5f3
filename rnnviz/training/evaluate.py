"""Held-out measurements for model cards: accuracy, flags, accuracy by distance, order.

Everything here is measured on FRESH examples: generated with ``heldout_seed(seed)``, a
different seed from the training data's. The findings are the lesson's claims, checked:

- ``accuracy``: classifiers, the predicted class; language models with scoring targets
  (agreement, brackets), the share of targets where p(correct) > p(wrong) for the prefix
  before them; other language models (stories), top-1 next-token accuracy.
- ``flags``: per annotated property, the single unit that separates it best
  (``rnnviz.analysis.units.find_units``: cell state of an LSTM, hidden state otherwise).
- ``accuracy_by_distance`` (long_range, long_range_far): accuracy with exactly 2, 5, 10, 20, 40, 80
  distractors.
- ``word_accuracy``, ``accuracy_by_distractors`` and ``samples`` (the character-level
  agreement tasks, ``agreement_uk`` ...): the share of agreeing words whose every target is
  right (the model would write the whole ending correctly), that share with exactly
  0, 1, ... distractor words between subject and predicate, and 30 held-out sentences for
  a native reader to review.
- ``order`` (sentiment): pairs with the same bag of words and opposite labels ("good, not
  bad" / "bad, not good"), and whether reordering a sentence changes the answer.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np
import torch

from rnnviz.analysis.units import find_units
from rnnviz.model import RNNModel
from rnnviz.tokenize import Vocab

DISTANCES = (2, 5, 10, 20, 40, 80)  # all inside long_range's training range (1..80)
FLAG_EXAMPLES = 300  # texts traced per property: thousands of tokens, a stable AUC


def heldout_seed(seed: int) -> int:
    """The seed of the held-out examples: never the training seed."""
    return seed + 1_000_003


def _ids(model: RNNModel, token_lists: Sequence[Sequence[str]]) -> list[list[int]]:
    voc = Vocab(model.config.vocab)
    return [voc.encode(toks)[0] for toks in token_lists]


@torch.no_grad()
def predict(model: RNNModel, token_lists: Sequence[Sequence[str]], batch: int = 256) -> np.ndarray:
    """Class probabilities ``[n, classes]`` for tokenized texts."""
    from rnnviz.training.loop import pad_batch

    model.eval()
    ids = _ids(model, token_lists)
    out = []
    for k in range(0, len(ids), batch):
        x, lengths = pad_batch(ids[k : k + batch])
        out.append(torch.softmax(model(x, lengths).double(), -1).numpy())
    return np.concatenate(out)


def classifier_accuracy(model: RNNModel, examples) -> float:
    p = predict(model, [ex.tokens for ex in examples])
    return float(np.mean(p.argmax(1) == np.array([ex.label for ex in examples])))


@torch.no_grad()
def lm_logits(model: RNNModel, token_lists: Sequence[Sequence[str]], batch: int = 256):
    """Next-token log-probabilities per text, ``[T, V]`` each (row t predicts token t+1)."""
    from rnnviz.training.loop import pad_batch

    model.eval()
    ids = _ids(model, token_lists)
    for k in range(0, len(ids), batch):
        x, lengths = pad_batch(ids[k : k + batch])
        logp = torch.log_softmax(model(x).double(), -1).numpy()
        for i, n in enumerate(lengths.tolist()):
            yield ids[k + i], logp[i, :n]


def lm_target_accuracy(model: RNNModel, examples) -> float:
    """Share of targets where p(correct) > p(wrong), given the prefix before the target."""
    index = {t: i for i, t in enumerate(model.config.vocab)}
    right = total = 0
    for ex, (_, logp) in zip(examples, lm_logits(model, [ex.tokens for ex in examples])):
        for t, correct, wrong in ex.targets:
            row = logp[t - 1]
            right += bool(row[index[correct]] > row[index[wrong]])
            total += 1
    return right / total if total else float("nan")


def lm_word_accuracy(model: RNNModel, examples) -> float:
    """Share of scored words whose targets are ALL right (char tasks: the whole ending).

    A target belongs to the word it falls in; one on the space or "." right after a word
    (where a shorter form would end) belongs to that word.
    """
    index = {t: i for i, t in enumerate(model.config.vocab)}
    words: dict[tuple[int, int], bool] = {}
    for n, (ex, (_, logp)) in enumerate(
        zip(examples, lm_logits(model, [ex.tokens for ex in examples]))
    ):
        for t, correct, wrong in ex.targets:
            row = logp[t - 1]
            key = (n, ex.text[:t].count(" "))
            words[key] = words.get(key, True) and bool(row[index[correct]] > row[index[wrong]])
    return sum(words.values()) / len(words) if words else float("nan")


def accuracy_by_distractors(model: RNNModel, task: str, seed: int, n: int = 300) -> dict:
    """Word accuracy with exactly k distractor words, for every k the task can build."""
    from rnnviz import tasks
    from rnnviz.tasks.agreement_chars import MAX_DISTRACTORS

    return {
        str(k): round(
            lm_word_accuracy(
                model, tasks.generate(task, n, heldout_seed(seed) + 10 + k, distractors=k)
            ),
            4,
        )
        for k in range(MAX_DISTRACTORS + 1)
    }


def lm_next_token(model: RNNModel, token_lists: Sequence[Sequence[str]]) -> dict:
    """Top-1 next-token accuracy and perplexity over every position after the first."""
    right = total = 0
    nll = 0.0
    for ids, logp in lm_logits(model, token_lists):
        target = np.array(ids[1:])
        rows = logp[:-1]
        right += int((rows.argmax(1) == target).sum())
        nll -= float(rows[np.arange(len(target)), target].sum())
        total += len(target)
    return {
        "next_token_accuracy": round(right / total, 4),
        "perplexity": round(float(np.exp(nll / total)), 3),
    }


def best_flags(model: RNNModel, examples, properties: Sequence[str]) -> dict:
    """The best single unit per property (AUC on every token of the held-out texts)."""
    out = {}
    for prop in properties:
        texts = [ex.text for ex in examples[:FLAG_EXAMPLES]]
        ann = [ex.annotations[prop] for ex in examples[:FLAG_EXAMPLES]]
        if len({v for a in ann for v in a}) < 2:
            continue  # the property never (or always) holds in these texts
        best = find_units(model, texts, ann)[0]
        out[prop] = best.summary()
    return out


def order_findings(model: RNNModel, seed: int, n_pairs: int = 500, n_perm: int = 300) -> dict:
    """Same-bag pairs (both right?) and random reorderings (same answer?)."""
    from rnnviz import tasks

    pairs = tasks.generate("sentiment", 2 * n_pairs, heldout_seed(seed) + 1, pairs=True)
    right = predict(model, [ex.tokens for ex in pairs]).argmax(1) == [ex.label for ex in pairs]
    both = right[0::2] & right[1::2]
    rng = random.Random(heldout_seed(seed) + 2)
    texts = tasks.generate("sentiment", n_perm, heldout_seed(seed) + 3)
    shuffled = [rng.sample(ex.tokens, len(ex.tokens)) for ex in texts]
    p0, p1 = predict(model, [ex.tokens for ex in texts]), predict(model, shuffled)
    return {
        "pair_accuracy": round(float(both.mean()), 4),
        "pair_examples": len(both),
        "permutation_same_answer": round(float(np.mean(p0.argmax(1) == p1.argmax(1))), 4),
        "permutation_max_prob_change": float(np.abs(p0 - p1).max()),
        "permutations_checked": n_perm,
    }


def accuracy_by_distance(model: RNNModel, seed: int, n: int = 500) -> dict:
    from rnnviz import tasks

    return {
        str(d): round(
            classifier_accuracy(
                model, tasks.generate("long_range", n, heldout_seed(seed) + d, distance=d)
            ),
            4,
        )
        for d in DISTANCES
    }


def evaluate_task(
    model: RNNModel,
    task: str,
    seed: int,
    n_heldout: int = 1000,
    train_texts: set[str] | None = None,
) -> dict:
    """Every finding for a model trained on ``task``, as card fields."""
    from rnnviz import tasks

    info = tasks.info(task)
    held = tasks.generate(task, n_heldout, heldout_seed(seed))
    out: dict = {"heldout_examples": n_heldout, "heldout_seed": heldout_seed(seed)}
    if train_texts is not None:
        seen = sum(ex.text in train_texts for ex in held) / len(held)
        out["heldout_also_in_training"] = round(seen, 4)
    if info.kind == "classifier":
        out["accuracy"] = round(classifier_accuracy(model, held), 4)
        out["accuracy_metric"] = "held-out classification accuracy"
    elif any(ex.targets for ex in held):
        out["accuracy"] = round(lm_target_accuracy(model, held), 4)
        out["accuracy_metric"] = (
            "held-out targets where p(correct) > p(wrong) given the "
            "prefix (" + _target_kind(task) + ")"
        )
        out.update(lm_next_token(model, [ex.tokens for ex in held]))
    else:
        out.update(lm_next_token(model, [ex.tokens for ex in held]))
        out["accuracy"] = out["next_token_accuracy"]
        out["accuracy_metric"] = "held-out top-1 next-token accuracy"
    out["flags"] = best_flags(model, held, info.properties)
    if task in ("long_range", "long_range_far"):
        out["accuracy_by_distance"] = accuracy_by_distance(model, seed)
    if task == "sentiment":
        out["order"] = order_findings(model, seed)
    if task in AGREEMENT_LANGS:
        out["word_accuracy"] = round(lm_word_accuracy(model, held), 4)
        out["accuracy_by_distractors"] = accuracy_by_distractors(model, task, seed)
        out["samples"] = [ex.text for ex in held[:30]]
    return out


AGREEMENT_LANGS = ("agreement_uk", "agreement_sr", "agreement_bg", "agreement_ro", "agreement_lt")


def _target_kind(task: str) -> str:
    return {
        "agreement": "is/are, was/were, has/have, she/he/they, her/his/their",
        "brackets": "closing ')' and '\"' and the final '.'",
        **{
            t: "every letter where the agreeing ending parts from another form of the word"
            for t in AGREEMENT_LANGS
        },
    }.get(task, "task targets")
