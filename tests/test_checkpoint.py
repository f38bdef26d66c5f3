"""Checkpoints: safetensors + JSON round trip, clear errors, and pickles that never run."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np
import pytest
import torch

import rnnviz
from rnnviz import CheckpointError, ModelConfig, RNNModel
from rnnviz.checkpoint import infer_config, read_weights

VOCAB = ["<pad>", "<unk>", "the", "film", "was", "good", "bad"]


def _model(**kw):
    torch.manual_seed(0)
    cfg = dict(cell="lstm", vocab=VOCAB, hidden_size=8, embed_size=6, labels=["neg", "pos"])
    cfg.update(kw)
    return RNNModel(ModelConfig(**cfg)).eval()


def test_roundtrip_gives_the_same_trace(tmp_path):
    m = _model(num_layers=2, bidirectional=True)
    rnnviz.save(m, tmp_path / "m", card={"accuracy": 0.5})
    m2 = rnnviz.load(tmp_path / "m")
    a, b = rnnviz.trace(m, "the film was good"), rnnviz.trace(m2, "the film was good")
    np.testing.assert_array_equal(a.hidden, b.hidden)
    np.testing.assert_array_equal(a.probs, b.probs)
    assert rnnviz.card(tmp_path / "m") == {"accuracy": 0.5}
    assert m2.name == "m"


def test_mismatched_shapes_and_names_are_listed(tmp_path):
    rnnviz.save(_model(), tmp_path / "m")
    cfg = json.loads((tmp_path / "m/config.json").read_text())
    cfg["hidden_size"] = 16
    (tmp_path / "m/config.json").write_text(json.dumps(cfg))
    with pytest.raises(
        CheckpointError,
        match=r"rnn.weight_hh_l0 has shape \[32, 8\] but the "
        r"config needs \[64, 16\]",
    ):
        rnnviz.load(tmp_path / "m")
    cfg["hidden_size"], cfg["num_layers"] = 8, 2
    (tmp_path / "m/config.json").write_text(json.dumps(cfg))
    with pytest.raises(CheckpointError, match="missing tensors: rnn.weight_ih_l1"):
        rnnviz.load(tmp_path / "m")


def test_bad_configs_say_what_is_wrong(tmp_path):
    rnnviz.save(_model(), tmp_path / "m")
    (tmp_path / "m/config.json").write_text('{"cell": "transformer", "vocab": ["a", "b"]}')
    with pytest.raises(CheckpointError, match="cell must be one of"):
        rnnviz.load(tmp_path / "m")
    (tmp_path / "m/config.json").write_text("not json")
    with pytest.raises(CheckpointError, match="not a JSON config"):
        rnnviz.load(tmp_path / "m")
    (tmp_path / "m/config.json").write_text('{"cell": "lstm", "vocab": ["a"], "colour": 1}')
    with pytest.raises(CheckpointError, match="unknown config keys"):
        rnnviz.load(tmp_path / "m")


def test_unknown_name_lists_shipped_models():
    with pytest.raises(CheckpointError, match="no model or file named 'nope'"):
        rnnviz.load("nope")


def test_damaged_and_empty_weight_files(tmp_path):
    (tmp_path / "w.safetensors").write_bytes(b"")
    with pytest.raises(CheckpointError, match="empty"):
        read_weights(tmp_path / "w.safetensors")
    (tmp_path / "w.safetensors").write_bytes(b"\x00\x01binary garbage" * 10)
    with pytest.raises(CheckpointError, match="not a valid safetensors"):
        read_weights(tmp_path / "w.safetensors")
    (tmp_path / "w.txt").write_text("hello")
    with pytest.raises(CheckpointError, match="unsupported file type"):
        read_weights(tmp_path / "w.txt")


class _Payload:
    """Unpickling this would create a file: proof of code execution."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "pwned"))


def test_pickle_with_code_is_refused_and_never_run(tmp_path):
    marker = tmp_path / "executed"
    evil = tmp_path / "evil.pt"
    with open(evil, "wb") as f:
        pickle.dump({"fc.weight": _Payload(marker)}, f)
    with pytest.raises(CheckpointError, match="Nothing in it was run"):
        read_weights(evil)
    assert not marker.exists()
    # torch.save's zip format carrying the same payload
    torch.save({"fc.weight": _Payload(marker)}, tmp_path / "evil2.pth")
    with pytest.raises(CheckpointError, match="refused"):
        read_weights(tmp_path / "evil2.pth")
    assert not marker.exists()
    # a pickle renamed to .safetensors is not a safetensors file
    evil.rename(tmp_path / "evil.safetensors")
    with pytest.raises(CheckpointError, match="not a valid safetensors"):
        read_weights(tmp_path / "evil.safetensors")
    assert not marker.exists()


def test_notebook_state_dict_loads_through_weights_only(tmp_path):
    """A .pth state dict from the lesson's notebook (embedding/rnn/fc) with an inferred config."""
    m = _model(cell="gru", labels=["world", "sports", "business", "sci/tech"])
    torch.save(m.state_dict(), tmp_path / "notebook.pth")
    sd = read_weights(tmp_path / "notebook.pth")
    cfg = infer_config(
        sd, VOCAB, labels=["world", "sports", "business", "sci/tech"], readout="last"
    )
    assert (cfg.cell, cfg.hidden_size, cfg.embed_size, cfg.num_layers) == ("gru", 8, 6, 1)
    m2 = rnnviz.load(tmp_path / "notebook.pth", config=cfg)
    np.testing.assert_array_equal(
        rnnviz.trace(m, "the film").probs, rnnviz.trace(m2, "the film").probs
    )


def test_infer_config_reads_cell_layers_directions():
    m = _model(cell="lstm", num_layers=3, bidirectional=True)
    cfg = infer_config(m.state_dict(), VOCAB, labels=["neg", "pos"], readout="last")
    assert (cfg.cell, cfg.num_layers, cfg.bidirectional) == ("lstm", 3, True)
    with pytest.raises(CheckpointError, match="no tensor named"):
        infer_config({"x": torch.zeros(1)}, VOCAB)


def test_own_checkpoints_join_the_shipped_ones(tmp_path, monkeypatch):
    rnnviz.save(_model(), tmp_path / "my-model")
    monkeypatch.setenv("RNNVIZ_MODELS", str(tmp_path))
    assert "my-model" in rnnviz.list_models()
    assert rnnviz.load("my-model").name == "my-model"
