"""The command line and the export formats: what is written equals the trace."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import numpy as np
import pytest
import torch

import rnnviz
from rnnviz import ModelConfig, RNNModel
from rnnviz.cli import main
from rnnviz.export import export

VOCAB = ["<pad>", "<unk>", "the", "film", "was", "not", "good"]


@pytest.fixture
def model_dir(tmp_path):
    torch.manual_seed(0)
    m = RNNModel(
        ModelConfig(cell="lstm", vocab=VOCAB, hidden_size=4, embed_size=3, labels=["neg", "pos"])
    )
    return rnnviz.save(m, tmp_path / "tiny")


def test_trace_json_equals_the_trace(model_dir, capsys):
    assert main(["trace", "--model", str(model_dir), "the film was not good"]) == 0
    out = json.loads(capsys.readouterr().out)
    tr = rnnviz.trace(rnnviz.load(model_dir), "the film was not good")
    assert out["tokens"] == tr.tokens and out["prediction"] == tr.prediction
    np.testing.assert_array_equal(np.array(out["cell"]), tr.cell)
    np.testing.assert_array_equal(np.array(out["gates"]["forget"]), tr.gates["forget"])
    np.testing.assert_array_equal(np.array(out["probs"]), tr.probs)


def test_trace_csv_and_npz(model_dir, tmp_path, capsys):
    assert main(["trace", "-m", str(model_dir), "the film", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    tr = rnnviz.trace(rnnviz.load(model_dir), "the film")
    cell = [r for r in rows if r["quantity"] == "cell" and r["step"] == "1" and r["unit"] == "2"]
    assert len(cell) == 1 and float(cell[0]["value"]) == pytest.approx(
        tr.cell[0, 0, 1, 2], abs=1e-6
    )
    n_state = 2 + 4  # hidden, cell, 4 gates
    assert len(rows) == n_state * 2 * 4 + 2 * 2
    out = tmp_path / "t.npz"
    assert main(["trace", "-m", str(model_dir), "the film", "-f", "npz", "-o", str(out)]) == 0
    z = np.load(out)
    np.testing.assert_array_equal(z["gate_input"], tr.gates["input"])
    assert list(z["tokens"]) == ["the", "film"]


def test_user_errors_are_one_line_not_tracebacks(model_dir, capsys):
    assert main(["trace", "--model", "no-such-model", "hi"]) == 2
    err = capsys.readouterr().err
    assert "no model or file named 'no-such-model'" in err and "Traceback" not in err
    assert main(["trace", "--model", str(model_dir), "   "]) == 2
    assert "no tokens" in capsys.readouterr().err


def test_unknown_export_format(model_dir):
    tr = rnnviz.trace(rnnviz.load(model_dir), "the film")
    with pytest.raises(ValueError, match="unknown format"):
        export(tr, "xml")


@pytest.mark.slow  # a subprocess, kaleido or a training run: seconds
def test_help_runs_as_a_module():
    out = subprocess.run(
        [sys.executable, "-m", "rnnviz", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for cmd in ("trace", "list", "app"):
        assert cmd in out


def test_app_passes_streamlit_options_through_and_never_prompts(monkeypatch):
    from rnnviz import cli

    calls = []
    monkeypatch.setattr(cli.subprocess, "call", lambda cmd, **kw: calls.append(cmd) or 0)
    assert cli.main(["app", "--port", "9000", "--", "--server.headless", "false"]) == 0
    assert cli.main(["app", "--theme.base", "dark"]) == 0
    first, second = calls
    assert first[first.index("--server.port") + 1] == "9000"
    # headless by default (no e-mail prompt), the user's options after ours so they win
    assert "--server.headless=true" in first and first[-2:] == ["--server.headless", "false"]
    assert "--browser.gatherUsageStats=false" in first and "--" not in first
    assert second[-2:] == ["--theme.base", "dark"]


def test_app_help_describes_its_flags(capsys):
    from rnnviz import cli

    with pytest.raises(SystemExit):
        cli.main(["app", "--help"])
    out = capsys.readouterr().out
    assert "--port" in out and "port to serve on" in out and "streamlit run" in out
    with pytest.raises(SystemExit) as e:
        cli.main(["list", "--nope"])
    assert e.value.code == 2
