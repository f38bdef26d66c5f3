"""Training you can watch (rnnviz.training.watch): reports arrive in order, callbacks do not
change what is learnt, and the per-epoch flag AUC is the flag finder's on the model returned."""

from __future__ import annotations

import pytest
import torch

from rnnviz import find_units, training
from rnnviz.training.watch import check_spec, flag_sample, train_watched

TINY = dict(kind="task", task="sentiment", cell="gru", hidden_size=8, epochs=2, n_train=200)


@pytest.mark.slow  # two small trainings: seconds
def test_reports_in_order_and_last_epoch_auc_is_find_units_on_the_result():
    events = []
    result = train_watched(TINY, events.append, batch_every=0.0)
    kinds = [e["type"] for e in events]
    assert kinds[0] == "start" and events[0]["properties"] == ["negated"]
    epochs = [e for e in events if e["type"] == "epoch"]
    assert [e["epoch"] for e in epochs] == [1, 2]
    # 200 examples in batches of 32: 7 batches per epoch, every one reported (batch_every 0)
    batches = [(e["epoch"], e["batch"]) for e in events if e["type"] == "batch"]
    assert batches == [(ep, b) for ep in (1, 2) for b in range(1, 8)]
    assert kinds.index("epoch") > kinds.index("batch")
    assert [e["loss"] for e in epochs] == [h["loss"] for h in result.card["history"]]
    # ground truth: the flag finder run afresh on the returned model and the same sample
    sample = flag_sample("sentiment", 0)
    best = find_units(
        result.model, [ex.text for ex in sample], [ex.annotations["negated"] for ex in sample]
    )[0]
    assert epochs[-1]["flags"]["negated"] == round(best.auc_best, 4)
    assert result.card["flags"]["negated"]["unit"] == best.unit
    assert 0.0 <= result.card["accuracy"] <= 1.0


@pytest.mark.slow
def test_callbacks_do_not_change_what_is_learnt():
    plain = training.train_task(
        "sentiment", "gru", hidden_size=8, epochs=2, n_train=200, evaluate=False, progress=False
    )
    watched = train_watched(TINY, lambda e: None)
    a, b = plain.model.state_dict(), watched.model.state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a)


@pytest.mark.parametrize(
    "change, words",
    [
        (dict(kind="gpu"), "kind must be"),
        (dict(task="nope"), "unknown task"),
        (dict(cell="transformer"), "cell must be"),
        (dict(hidden_size=100000), "hidden_size must be a whole number from 2 to 128"),
        (dict(epochs=0), "epochs must be"),
        (dict(epochs=2.5), "epochs must be"),
        (dict(n_train=10**7), "n_train must be"),
    ],
)
def test_bad_specs_are_refused_before_anything_is_built(change, words):
    with pytest.raises(ValueError, match=words):
        check_spec({**TINY, **change})


def test_a_csv_needs_its_columns():
    with pytest.raises(ValueError, match="text column and a label column"):
        check_spec(dict(kind="csv", path="x.csv", text_column="text"))
