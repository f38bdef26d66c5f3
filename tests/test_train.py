"""Training: deterministic per seed, the CLI path writes a loadable checkpoint, and bad
user files are refused with a clear error BEFORE any training starts."""

from __future__ import annotations

import argparse

import pytest
import torch

import rnnviz
from rnnviz import training as train
from rnnviz.cli import add_train_arguments
from rnnviz.training import userdata
from rnnviz.training.cli import run_train
from rnnviz.training.userdata import DataFileError, train_csv, train_text

TINY = dict(epochs=2, n_train=200, n_heldout=40, progress=False)


def _weights(model) -> dict[str, torch.Tensor]:
    return {k: v.clone() for k, v in model.state_dict().items()}


@pytest.mark.slow  # a subprocess, kaleido or a training run: seconds
def test_same_seed_same_weights_other_seed_differs():
    a = train.train_task("sentiment", "gru", hidden_size=8, evaluate=False, seed=3, **TINY)
    b = train.train_task("sentiment", "gru", hidden_size=8, evaluate=False, seed=3, **TINY)
    c = train.train_task("sentiment", "gru", hidden_size=8, evaluate=False, seed=4, **TINY)
    wa, wb, wc = _weights(a.model), _weights(b.model), _weights(c.model)
    assert all(torch.equal(wa[k], wb[k]) for k in wa)
    assert a.card["history"] == b.card["history"]
    assert not all(torch.equal(wa[k], wc[k]) for k in wa if k in wc and wa[k].shape == wc[k].shape)
    assert torch.get_num_threads() >= 1 and not torch.are_deterministic_algorithms_enabled()


def _parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser()
    add_train_arguments(p)
    return p.parse_args(argv)


def test_cli_trains_a_task_and_the_checkpoint_loads(tmp_path):
    out = tmp_path / "tiny-lstm"
    args = _parse(
        [
            "brackets",
            "--cell",
            "lstm",
            "--hidden",
            "8",
            "--epochs",
            "1",
            "--examples",
            "60",
            "--seed",
            "1",
            "--out",
            str(out),
            "--heldout",
            "30",
            "--quiet",
        ]
    )
    assert run_train(args) == 0
    model = rnnviz.load(str(out))
    card = rnnviz.card(str(out))
    assert model.config.head == "lm" and model.config.task == "brackets"
    assert card["command"].startswith("rnnviz train brackets --cell lstm --hidden 8")
    assert set(card["flags"]) == {"inside_quotes", "depth_ge_1", "depth_ge_2"}
    assert (out / "CARD.md").read_text().startswith("# tiny-lstm")
    rnnviz.trace(model, '(ka "lo")')


def test_cli_needs_exactly_one_source():
    with pytest.raises(ValueError, match="exactly one"):
        run_train(_parse(["--seed", "0"]))
    with pytest.raises(ValueError, match="text-column"):
        run_train(_parse(["--csv", "x.csv"]))


def _csv(tmp_path, text: str, name: str = "data.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


GOOD_ROWS = "".join(
    f"{'a good film' if i % 2 else 'a bad film'} {i},{'pos' if i % 2 else 'neg'}\n"
    for i in range(40)
)


def test_csv_training_and_text_training(tmp_path):
    r = train_csv(
        _csv(tmp_path, "review,label\n" + GOOD_ROWS),
        "review",
        "label",
        hidden_size=8,
        epochs=2,
        progress=False,
        out=tmp_path / "csv-model",
    )
    assert r.model.config.labels == ["neg", "pos"] and 0 <= r.card["accuracy"] <= 1
    assert rnnviz.load(str(tmp_path / "csv-model")).config.labels == ["neg", "pos"]
    txt = tmp_path / "story.txt"
    txt.write_text("the cat sat on the mat. " * 80, encoding="utf-8")
    r = train_text(
        txt, level="char", hidden_size=8, epochs=1, progress=False, out=tmp_path / "txt-model"
    )
    assert r.model.config.head == "lm" and rnnviz.load(str(tmp_path / "txt-model"))


@pytest.mark.parametrize(
    "content, match",
    [
        (b"", "empty"),
        (b"   \n\n", "white space"),
        (b"review,label\x00\x01\x02", "binary"),
        (b"review,label\n\xff\xfe bad", "not UTF-8"),
        (("review,label\n" + "a film,pos\n" * 30).encode(), "only one class"),
        (b"review,label\na,pos\nb,neg\n", "at least 20"),
        (("text,sentiment\n" + GOOD_ROWS).encode(), "columns are: 'text', 'sentiment'"),
    ],
)
def test_bad_csv_files_are_refused_before_training(tmp_path, monkeypatch, content, match):
    def no_training(*a, **k):
        raise AssertionError("training started on a bad file")

    monkeypatch.setattr(userdata, "fit", no_training)
    p = tmp_path / "bad.csv"
    p.write_bytes(content)
    with pytest.raises(DataFileError, match=match) as e:
        train_csv(p, "review", "label", progress=False)
    assert isinstance(e.value, ValueError)


def test_bad_text_files_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(userdata, "MAX_FILE_BYTES", 1000)
    big = tmp_path / "big.txt"
    big.write_text("x" * 1001)
    with pytest.raises(DataFileError, match="limit is"):
        train_text(big, progress=False)
    short = tmp_path / "short.txt"
    short.write_text("too short")
    with pytest.raises(DataFileError, match="at least 1000"):
        train_text(short, progress=False)
    with pytest.raises(DataFileError, match="no such file"):
        train_text(tmp_path / "missing.txt", progress=False)
    with pytest.raises(DataFileError, match="level"):
        train_text(short, level="byte", progress=False)


def _toy_classifier_data(n: int, seed: int):
    from rnnviz.training.loop import Data

    g = torch.Generator().manual_seed(seed)
    ids = [
        torch.randint(2, 10, (int(torch.randint(3, 9, (1,), generator=g)),), generator=g)
        for _ in range(n)
    ]
    # the label is known by construction: does the text hold token 2?
    return Data([t.tolist() for t in ids], [int((t == 2).any()) for t in ids])


def test_fit_dropout_and_early_stopping_leave_a_plain_deterministic_model():
    from rnnviz import Vocab
    from rnnviz.training.loop import build_model, deterministic, dev_accuracy, fit

    vocab = Vocab.build([[str(k) for k in range(8)]])
    data, dev = _toy_classifier_data(96, 0), _toy_classifier_data(40, 1)

    def run():
        with deterministic(0):
            m = build_model("gru", vocab, "classifier", hidden_size=8, embed_size=4, labels="ab")
            h = fit(m, data, 4, 0, progress=False, dropout=0.3, dev=dev)
        return m, h

    (m1, h1), (m2, h2) = run(), run()
    assert all(
        torch.equal(a, b) for a, b in zip(m1.state_dict().values(), m2.state_dict().values())
    )
    assert h1 == h2
    # no hook survives training, so the model computes exactly what PyTorch's modules do
    assert not m1.embedding._forward_hooks and not m1.fc._forward_pre_hooks
    kept = [h for h in h1 if h["kept"]]
    assert len(kept) == 1 and kept[0]["dev_accuracy"] == max(h["dev_accuracy"] for h in h1)
    assert round(dev_accuracy(m1, dev), 4) == kept[0]["dev_accuracy"]


def test_forget_bias_starts_every_lstm_forget_gate_there_and_goes_on_the_card(monkeypatch):
    from rnnviz.training import tasks as tt

    # the fresh model: b_if + b_hf = 1 in every unit, the other gates' biases untouched
    h = 8
    run = dict(hidden_size=h, embed_size=4, task="sentiment", seed=5)
    vocab = rnnviz.Vocab.build([["a", "b"]])
    plain = train.build_model("lstm", vocab, "lm", **run)
    model = train.build_model("lstm", vocab, "lm", **run)
    tt.init_forget_bias(model, 1.0)
    b = model.rnn.bias_ih_l0 + model.rnn.bias_hh_l0
    assert torch.allclose(b[h : 2 * h], torch.ones(h))
    b0 = plain.rnn.bias_ih_l0 + plain.rnn.bias_hh_l0
    assert torch.equal(b[:h], b0[:h]) and torch.equal(b[2 * h :], b0[2 * h :])

    # as a task default: recorded on the LSTM's card, reproduced by the seed, GRU unchanged
    monkeypatch.setitem(tt.TASK_DEFAULTS["sentiment"], "forget_bias", 1.0)
    kw = dict(hidden_size=8, evaluate=False, seed=3, **TINY)
    a, a2 = (train.train_task("sentiment", "lstm", **kw) for _ in range(2))
    assert a.card["forget_bias"] == 1.0
    assert "forget-gate bias initialised to 1" in a.card["training"]
    wa, wa2 = _weights(a.model), _weights(a2.model)
    assert all(torch.equal(wa[k], wa2[k]) for k in wa)
    g = train.train_task("sentiment", "gru", **kw)
    assert "forget_bias" not in g.card and "forget" not in g.card["training"]


def test_epochs_by_cell_overrides_the_tasks_epochs_for_that_cell_only(monkeypatch):
    from rnnviz.training import tasks as tt

    monkeypatch.setitem(tt.TASK_DEFAULTS, "sentiment", {**tt.TASK_DEFAULTS["sentiment"]})
    monkeypatch.setitem(tt.TASK_DEFAULTS["sentiment"], "epochs", 2)
    monkeypatch.setitem(tt.TASK_DEFAULTS["sentiment"], "epochs_by_cell", {"lstm": 1})
    kw = dict(hidden_size=4, evaluate=False, seed=3, n_train=100, progress=False)
    lstm = train.train_task("sentiment", "lstm", **kw)
    gru = train.train_task("sentiment", "gru", **kw)
    assert (lstm.card["epochs"], len(lstm.card["history"])) == (1, 1)
    assert (gru.card["epochs"], len(gru.card["history"])) == (2, 2)
    assert "--epochs 1 " in lstm.card["command"]
    assert train.train_task("sentiment", "lstm", epochs=2, **kw).card["epochs"] == 2
