"""Training you can watch: progress after every batch and epoch, and the flags as they grow.

``train_watched(spec, report)`` trains one small model (a built-in task, a CSV classifier
or a text language model) and calls ``report(event)`` as it goes, with plain dicts that
cross a process boundary (:mod:`multiprocessing`) as they are:

- ``{"type": "start", "epochs", "properties", "metric"}`` once the data is read,
- ``{"type": "batch", "epoch", "batch", "batches", "loss", "accuracy"}`` at most every
  ``batch_every`` seconds,
- ``{"type": "epoch", "epoch", "loss", "accuracy", "flags"}`` after every epoch, where
  ``flags`` maps each annotated property of a built-in task to the best single unit's AUC
  (:func:`rnnviz.find_units`) on a small fixed held-out sample (:func:`flag_sample`): the
  curve a class watches to see, e.g., the negation unit appear.

The returned model's card has the held-out accuracy (300 fresh examples) and, for tasks,
the last epoch's best units as ``flags``; the shipped models' slower extra findings
(order pairs, accuracy by distance) are left out so a class is not kept waiting.

``check_spec`` validates a spec against the caps in ``CAPS`` BEFORE anything is read or
built, with one line naming the problem. This module knows nothing of queues or servers;
the app runs it in a separate low-priority process.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from rnnviz import tasks
from rnnviz.analysis.units import find_units
from rnnviz.model import RNNModel
from rnnviz.training.evaluate import heldout_seed
from rnnviz.training.loop import TrainResult

CELLS = ("rnn", "lstm", "gru")
# What one training may ask for: sizes a shared classroom server trains in minutes.
CAPS = {"hidden_size": (2, 128), "epochs": (1, 30), "n_train": (100, 8000)}
FLAG_SAMPLE = 80  # held-out texts the per-epoch flag finder traces: hundreds of tokens


def check_spec(spec: dict) -> dict:
    """``spec`` with its defaults filled in, or a ``ValueError`` naming the first problem.

    Keys: ``kind`` ('task', 'csv' or 'text'); for a task ``task``; for a file ``path``
    (and, for a CSV, ``text_column``, ``label_column``, optionally ``no_header``; for a
    text, ``level`` 'char' or 'word'); ``cell``, ``hidden_size``, ``epochs``, ``seed``,
    ``n_train`` (tasks only).
    """
    s = dict(spec)
    kind = s.get("kind")
    if kind not in ("task", "csv", "text"):
        raise ValueError(f"kind must be 'task', 'csv' or 'text', got {kind!r}")
    if kind == "task" and s.get("task") not in tasks.names():
        raise ValueError(f"unknown task {s.get('task')!r}; valid names: {', '.join(tasks.names())}")
    if kind != "task" and not s.get("path"):
        raise ValueError(f"a {kind} training needs the file's path")
    if kind == "csv" and not (s.get("text_column") and s.get("label_column")):
        raise ValueError("a CSV training needs a text column and a label column")
    if s.get("cell", "lstm") not in CELLS:
        raise ValueError(f"cell must be one of {', '.join(CELLS)}, got {s.get('cell')!r}")
    s.setdefault("cell", "lstm")
    s.setdefault("seed", 0)
    for name, (low, high) in CAPS.items():
        v = s.get(name)
        if v is None:
            continue
        if isinstance(v, bool) or not isinstance(v, int) or not low <= v <= high:
            raise ValueError(f"{name} must be a whole number from {low} to {high}, got {v!r}")
    return s


def flag_sample(task: str, seed: int = 0, n: int = FLAG_SAMPLE) -> list:
    """A fixed sample of held-out examples of ``task`` (never the training seed's)."""
    return tasks.generate(task, n, heldout_seed(seed) + 7)


def best_units(model: RNNModel, sample: list, properties: list[str]) -> dict[str, dict]:
    """Per property, the best single unit on ``sample`` (``UnitScore.summary()``: where it
    is, its AUC, ``auc_best`` = max(AUC, 1 − AUC) from 0.5 to 1)."""
    out = {}
    for prop in properties:
        ann = [ex.annotations[prop] for ex in sample]
        if len({v for a in ann for v in a}) < 2:
            continue  # never (or always) true in this sample: no AUC
        out[prop] = find_units(model, [ex.text for ex in sample], ann)[0].summary()
    return out


def heldout_accuracy(model: RNNModel, task: str, seed: int, n: int = 300) -> dict:
    """The card's ``accuracy`` and ``accuracy_metric`` on ``n`` fresh examples: the same
    measures as the shipped models' cards, without their slower extra findings."""
    from rnnviz.training import evaluate as ev

    held = tasks.generate(task, n, heldout_seed(seed))
    if tasks.info(task).kind == "classifier":
        acc, metric = ev.classifier_accuracy(model, held), "held-out classification accuracy"
    elif any(ex.targets for ex in held):
        acc = ev.lm_target_accuracy(model, held)
        metric = "held-out targets where p(correct) > p(wrong) given the prefix"
    else:
        acc = ev.lm_next_token(model, [ex.tokens for ex in held])["next_token_accuracy"]
        metric = "held-out top-1 next-token accuracy"
    return {"accuracy": round(acc, 4), "accuracy_metric": metric, "heldout_examples": n}


def train_watched(
    spec: dict, report: Callable[[dict], None], batch_every: float = 0.5
) -> TrainResult:
    """Train what ``spec`` asks (see :func:`check_spec`), reporting as it goes."""
    from rnnviz.training.tasks import train_task
    from rnnviz.training.userdata import train_csv, train_text

    s = check_spec(spec)
    props: list[str] = []
    sample: list = []
    if s["kind"] == "task":
        info = tasks.info(s["task"])
        props = list(info.properties)
        sample = flag_sample(s["task"], s["seed"]) if props else []
    last = [0.0]
    units: dict[str, dict] = {}

    def on_batch(p: dict) -> None:
        now = time.monotonic()
        if now - last[0] >= batch_every or p["batch"] == p["batches"]:
            last[0] = now
            report({"type": "batch", **p})

    def on_epoch(record: dict, model: RNNModel) -> None:
        units.clear()
        units.update(best_units(model, sample, props))
        flags = {p: u["auc_best"] for p, u in units.items()}
        report({"type": "epoch", **record, "flags": flags})

    common = dict(
        cell=s["cell"],
        hidden_size=s.get("hidden_size"),
        seed=s["seed"],
        epochs=s.get("epochs"),
        progress=False,
        on_batch=on_batch,
        on_epoch=on_epoch,
    )
    report({"type": "start", "properties": props, "epochs": s.get("epochs")})
    if s["kind"] == "task":
        result = train_task(s["task"], n_train=s.get("n_train"), evaluate=False, **common)
        result.card.update(heldout_accuracy(result.model, s["task"], s["seed"]))
        result.card["flags"] = dict(units)  # measured on the last epoch's model: this one
        result.card["flag_sample"] = len(sample)
        return result
    if s["kind"] == "csv":
        return train_csv(
            Path(s["path"]),
            s["text_column"],
            s["label_column"],
            no_header=bool(s.get("no_header")),
            **common,
        )
    return train_text(Path(s["path"]), level=s.get("level", "char"), **common)
