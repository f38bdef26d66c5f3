"""Your own model: a module built like the lesson notebook's goes through ``rnnviz.save`` and
``rnnviz convert`` and predicts exactly what it predicts in the notebook; hostile configs
fail fast, with one line, before anything big is built."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

import rnnviz
from rnnviz import CheckpointError, ModelConfig, RNNModel
from rnnviz.checkpoint import expected_shapes, infer_config, read_vocab, read_weights
from rnnviz.cli import main
from rnnviz.tokenize import BasicEnglishTokenizer, WhitespaceTokenizer

# ---- the notebook, as a learner writes it ------------------------------------------------

# torchtext's get_tokenizer("basic_english"), transcribed from torchtext/data/utils.py: the
# notebook's own tokenizer, written here independently of rnnviz's.
_TT_PATTERNS = [r"\'", r"\"", r"\.", r"<br \/>", r",", r"\(", r"\)", r"\!", r"\?", r"\;", r"\:"]
_TT_PATTERNS += [r"\s+"]
_TT_REPL = [" '  ", "", " . ", " ", " , ", " ( ", " ) ", " ! ", " ? ", " ", " ", " "]


def notebook_tokenize(line: str) -> list[str]:
    line = line.lower()
    for p, r in zip(_TT_PATTERNS, _TT_REPL):
        line = re.sub(p, r, line)
    return line.split()


class NotebookRNN(nn.Module):
    """The lesson's plain-RNN classifier: it averages the outputs of all steps."""

    def __init__(self, vocab_size: int, n_classes: int = 4):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, 16, padding_idx=0)
        self.rnn = nn.RNN(16, 12, batch_first=True)
        self.dropout = nn.Dropout(0.3)
        self.fc = nn.Linear(12, n_classes)

    def forward(self, x):
        out, _ = self.rnn(self.embedding(x))
        return self.fc(self.dropout(out.mean(dim=1)))


class NotebookLSTM(nn.Module):
    """The lesson's LSTM classifier: it reads the final hidden state."""

    def __init__(self, vocab_size: int, n_classes: int = 4):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, 16)
        self.rnn = nn.LSTM(16, 12, batch_first=True)
        self.fc = nn.Linear(12, n_classes)

    def forward(self, x):
        _, (h, _) = self.rnn(self.embedding(x))
        return self.fc(h[-1])


HEADLINES = [
    "Stocks rally as Fed holds rates; $36b deal (#39) done.",
    'Gene/l chip: a stripped-down "supercomputer" wins!',
    "Team's late goal seals the title, fans cheer <br />in the rain",
    "Why do markets fall? Analysts: 'no idea'.",
]
LABELS = ["World", "Sports", "Business", "Sci/Tech"]


def _stoi(seed: int = 0) -> dict[str, int]:
    """A vocabulary dict as a notebook builds it: counted, so NOT in index order."""
    words = sorted({w for h in HEADLINES for w in notebook_tokenize(h)})
    itos = ["<pad>", "<unk>", *words[:-3]]  # a few words stay unknown
    items = list(enumerate(itos))
    random.Random(seed).shuffle(items)
    return {t: i for i, t in items}


def _ids(stoi: dict[str, int], text: str) -> torch.Tensor:
    return torch.tensor([[stoi.get(w, stoi["<unk>"]) for w in notebook_tokenize(text)]])


@torch.no_grad()
def _notebook_prefix_probs(module: nn.Module, stoi: dict[str, int], text: str) -> np.ndarray:
    module.eval()
    ids = _ids(stoi, text)
    rows = [torch.softmax(module(ids[:, : t + 1]).double(), -1)[0] for t in range(ids.shape[1])]
    return torch.stack(rows).numpy()


@pytest.fixture
def notebook_rnn():
    torch.manual_seed(1)
    stoi = _stoi()
    return NotebookRNN(len(stoi)).eval(), stoi


def test_notebook_model_through_save_predicts_what_the_notebook_does(notebook_rnn, tmp_path):
    module, stoi = notebook_rnn
    rnnviz.save(
        module,
        tmp_path / "mine",
        vocab=stoi,
        labels=LABELS,
        tokenizer="basic_english",
        readout="mean",
    )
    model = rnnviz.load(tmp_path / "mine")
    assert (model.config.cell, model.config.readout) == ("rnn", "mean")
    for text in HEADLINES:
        tr = rnnviz.trace(model, text)
        assert tr.tokens == notebook_tokenize(text)
        assert tr.ids == _ids(stoi, text)[0].tolist()
        np.testing.assert_allclose(tr.probs, _notebook_prefix_probs(module, stoi, text), atol=1e-6)
        for tok, (a, b) in zip(tr.tokens, tr.spans):  # chips sit on the text as typed
            assert text[a:b].lower().replace('"', "") == tok


def test_notebook_model_through_the_cli(notebook_rnn, tmp_path, capsys):
    module, stoi = notebook_rnn
    torch.save({"epoch": 3, "model_state_dict": module.state_dict()}, tmp_path / "ckpt.pt")
    (tmp_path / "vocab.json").write_text(json.dumps(stoi))
    argv = ["convert", str(tmp_path / "ckpt.pt"), "--vocab", str(tmp_path / "vocab.json")]
    argv += ["--labels", ",".join(LABELS), "--tokenizer", "basic_english"]
    assert main([*argv, "--out", str(tmp_path / "conv")]) == 2  # no readout: refused
    assert "readout" in capsys.readouterr().err
    assert main([*argv, "--readout", "mean", "--out", str(tmp_path / "conv")]) == 0
    assert "RNN classifier" in capsys.readouterr().err
    for text in HEADLINES:
        assert main(["trace", "-m", str(tmp_path / "conv"), text]) == 0
        out = json.loads(capsys.readouterr().out)
        np.testing.assert_allclose(
            np.array(out["probs"]), _notebook_prefix_probs(module, stoi, text), atol=1e-6
        )


def test_a_folder_with_a_state_dict_and_a_config_loads(notebook_rnn, tmp_path):
    module, stoi = notebook_rnn
    folder = rnnviz.save(module, tmp_path / "f", vocab=stoi, labels=LABELS,
                         tokenizer="basic_english", readout="mean")  # fmt: skip
    (folder / "weights.safetensors").unlink()
    torch.save(module.state_dict(), folder / "model.pt")
    tr = rnnviz.trace(rnnviz.load(folder), HEADLINES[0])
    np.testing.assert_allclose(tr.probs, _notebook_prefix_probs(module, stoi, HEADLINES[0]))


def test_lstm_reading_the_last_state(tmp_path):
    torch.manual_seed(2)
    itos = ["<pad>", "<unk>", *sorted({w for h in HEADLINES for w in notebook_tokenize(h)})]
    module = NotebookLSTM(len(itos)).eval()
    stoi = {t: i for i, t in enumerate(itos)}
    (tmp_path / "vocab.txt").write_text("\n".join(itos) + "\n")
    model = rnnviz.load(
        rnnviz.save(
            module, tmp_path / "m", vocab=read_vocab(tmp_path / "vocab.txt"), labels=LABELS,
            tokenizer="basic_english", readout="last",
        )
    )  # fmt: skip
    for text in HEADLINES:
        np.testing.assert_allclose(
            rnnviz.trace(model, text).probs, _notebook_prefix_probs(module, stoi, text), atol=1e-6
        )


def test_wrong_readout_or_vocabulary_is_refused_not_guessed(notebook_rnn):
    module, stoi = notebook_rnn
    sd = module.state_dict()
    with pytest.raises(CheckpointError, match="readout='last'.*readout='mean'"):
        infer_config(sd, stoi, labels=LABELS, tokenizer="basic_english")
    short = dict(list(sorted(stoi.items(), key=lambda kv: kv[1]))[:-1])
    with pytest.raises(CheckpointError, match=f"vocabulary has {len(stoi) - 1} tokens but the "):
        infer_config(sd, short, labels=LABELS, readout="mean")
    gappy = {**short, "zzz": len(stoi) + 5}
    with pytest.raises(CheckpointError, match="ids must be 0, 1, ..., n-1"):
        infer_config(sd, gappy, labels=LABELS, readout="mean")
    with pytest.raises(CheckpointError, match="4 outputs but 2 labels"):
        infer_config(sd, stoi, labels=["a", "b"], readout="mean")
    with pytest.raises(CheckpointError, match="pass vocab"):
        rnnviz.save(module, "unused")
    with pytest.raises(CheckpointError, match="pass tokenizer=.*'basic_english'"):
        rnnviz.save(module, "unused", vocab=stoi, labels=LABELS, readout="mean")
    with pytest.raises(CheckpointError, match="`rnn`"):
        rnnviz.save(nn.Sequential(nn.Linear(2, 2)), "unused", vocab=["a", "b"])


class Wrapped(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)


def test_whole_module_pickle_is_refused_with_the_state_dict_hint(tmp_path):
    torch.save(Wrapped(), tmp_path / "whole.pt")
    with pytest.raises(CheckpointError) as e:
        read_weights(tmp_path / "whole.pt")
    msg = str(e.value)
    assert "model.state_dict()" in msg and "Nothing in it was run" in msg and len(msg) < 320
    assert "Wrapped" in msg  # it names the class it would have had to import


def test_wrappers_are_unwrapped(tmp_path):
    sd = Wrapped().state_dict()
    for wrapped in ({"state_dict": sd}, {"model_state_dict": sd, "optimizer": {}}):
        torch.save(wrapped, tmp_path / "w.pt")
        assert set(read_weights(tmp_path / "w.pt")) == {"fc.weight", "fc.bias"}
    torch.save({"module.fc.weight": sd["fc.weight"]}, tmp_path / "dp.pt")
    assert set(read_weights(tmp_path / "dp.pt")) == {"fc.weight"}


def test_vocabulary_files(tmp_path):
    (tmp_path / "a.json").write_text('["<pad>", "a b", "c"]')
    (tmp_path / "b.json").write_text('{"c": 2, "<pad>": 0, "a b": 1}')
    (tmp_path / "c.txt").write_text("<pad>\r\na b\r\nc\r\n")
    for f in ("a.json", "b.json", "c.txt"):
        assert read_vocab(tmp_path / f) == ["<pad>", "a b", "c"]


# ---- basic_english, exactly --------------------------------------------------------------

_PIECES = [*"abcXYZ '\".,()!?;:<br/>$#-\t\n", "<br />", "İ", "Σ", "é", "\u2028"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_basic_english_equals_torchtext(text):
    toks = BasicEnglishTokenizer().spans(text)
    assert [t.text for t in toks] == notebook_tokenize(text)
    starts = [t.start for t in toks]
    assert starts == sorted(starts) and all(0 <= t.start < t.end <= len(text) for t in toks)


def test_whitespace_tokenizer():
    t = WhitespaceTokenizer()
    assert t.tokenize("Hello,  World!\tok") == ["Hello,", "World!", "ok"]
    assert [(s.start, s.end) for s in t.spans(" ab c")] == [(1, 3), (4, 5)]


# ---- hostile configs: refused before anything big is built -------------------------------

VOCAB = ["<pad>", "<unk>", "the", "film", "good"]


@pytest.fixture
def base(tmp_path):
    torch.manual_seed(0)
    m = RNNModel(
        ModelConfig(cell="lstm", vocab=VOCAB, hidden_size=4, embed_size=3, labels=["neg", "pos"])
    )
    return rnnviz.save(m, tmp_path / "base")


def _hostile(base: Path, **change) -> Path:
    cfg = json.loads((base / "config.json").read_text())
    cfg.update(change)
    (base / "config.json").write_text(json.dumps(cfg))
    return base


@pytest.fixture
def nothing_built(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("a module was built for a config that should have been refused")

    for cls in (nn.LSTM, nn.GRU, nn.RNN, nn.Embedding, nn.Linear):
        monkeypatch.setattr(cls, "__init__", refuse)


@pytest.mark.parametrize(
    "change, says",
    [
        ({"num_layers": 100000}, "num_layers is 100000; it must be between 1 and 16"),
        ({"hidden_size": 20000}, "hidden_size is 20000; it must be between 1 and 4096"),
        ({"hidden_size": 2000}, "rnn.weight_hh_l0 has shape [16, 4] but the config needs"),
        ({"hidden_size": 1e9}, "hidden_size must be an integer, got 1000000000.0"),
        ({"hidden_size": True}, "hidden_size must be an integer, got True"),
        ({"embed_size": "np"}, "embed_size must be an integer, got 'np'"),
        ({"tokenizer": "word"}, 'tokenizer must be an object such as {"kind": "word"}'),
        ({"tokenizer": {"kind": "bpe"}}, "unknown tokenizer kind 'bpe'"),
        ({"labels": "np"}, "labels must be a list of strings, got 'np'"),
        ({"vocab": ["a"] * 1_000_001}, "the vocabulary has 1,000,001 tokens; the limit is"),
        ({"embed_size": 0, "vocab": [str(i) for i in range(5000)]}, "one-hot"),
    ],
)
def test_hostile_configs_fail_fast_with_one_line(base, change, says, capsys, nothing_built):
    assert main(["trace", "-m", str(_hostile(base, **change)), "the film"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and len(err) < 400
    assert says in err


def test_a_hostile_folder_is_refused_before_torch_is_imported(tmp_path, base):
    """The refusal needs no PyTorch (rnnviz.folders reads the config and the safetensors
    header), so it comes in the time Python takes to start, not the seconds torch takes to
    import: checked here by what the process imported, not by a clock."""
    folders = []
    for k, change in enumerate(({"num_layers": 100000}, {"hidden_size": 2000}, {"labels": "np"})):
        f = shutil.copytree(base, tmp_path / f"bad{k}")
        folders.append(str(_hostile(f, **change)))
    code = (
        "import sys, rnnviz.cli\n"
        f"for f in {folders!r}:\n"
        "    assert rnnviz.cli.main(['trace', '-m', f, 'the film']) == 2\n"
        "assert 'torch' not in sys.modules, 'torch was imported to refuse a bad folder'\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-500:]
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith("rnnviz trace: ") for line in lines)


def test_many_problems_are_counted_not_listed(base, capsys, nothing_built):
    bad = {"cell": "x" * 5000, "hidden_size": -1, "num_layers": 0, "embed_size": 1.5}
    bad |= {"labels": [1], "head": "?", "readout": None, "tokenizer": 3, "task": 4}
    assert main(["trace", "-m", str(_hostile(base, **bad)), "the film"]) == 2
    err = capsys.readouterr().err
    assert len(err) < 400 and re.search(r"\(and \d+ more\)", err)


def test_weights_of_the_wrong_dtype_are_refused(tmp_path, base, nothing_built):
    from safetensors.torch import load_file, save_file

    sd = load_file(str(base / "weights.safetensors"))
    sd["fc.bias"] = sd["fc.bias"].to(torch.int64)
    save_file(sd, str(base / "weights.safetensors"))
    with pytest.raises(CheckpointError, match="fc.bias is I64, not floating point"):
        rnnviz.load(base)


@pytest.mark.parametrize(
    "cfg",
    [
        dict(cell="lstm", num_layers=3, bidirectional=True, embed_size=5),
        dict(cell="gru", num_layers=2, embed_size=0),
        dict(cell="rnn", head="lm", labels=[]),
        dict(cell="bag"),
    ],
)
def test_expected_shapes_are_pytorchs(cfg):
    c = ModelConfig(**{"vocab": VOCAB, "hidden_size": 6, "labels": ["a", "b", "c"], **cfg})
    built = {k: tuple(v.shape) for k, v in RNNModel(c).state_dict().items()}
    assert expected_shapes(c) == built


# ---- the command line --------------------------------------------------------------------


def test_generate_writes_what_the_library_writes(capsys):
    assert main(["generate", "-m", "stories-lstm", "once upon", "-n", "12", "-s", "3"]) == 0
    want = rnnviz.generate(rnnviz.load("stories-lstm"), "once upon", n=12, seed=3).text
    assert capsys.readouterr().out == want + "\n"
    assert main(["generate", "-m", "sentiment-lstm", "the film"]) == 2
    assert "only a language model" in capsys.readouterr().err


@pytest.mark.slow
def test_trace_into_head_prints_no_traceback(base):
    text = "the film " * 500
    cmd = f"{sys.executable} -m rnnviz trace -m {base} -f csv - | head -n 2"
    r = subprocess.run(["bash", "-c", cmd], input=text, capture_output=True, text=True, timeout=300)
    assert len(r.stdout.splitlines()) == 2
    assert "Traceback" not in r.stderr and "BrokenPipe" not in r.stderr, r.stderr
