"""Interventions against PyTorch's own recurrence: every layer and direction of the model is
rebuilt as a one-layer ``nn.RNN`` / ``nn.LSTM`` / ``nn.GRU`` from its weights and stepped one
token at a time, the same edit applied to the (h, c) it hands to the next step."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

import rnnviz
from rnnviz.analysis import Edit, generate_edited, intervene
from rnnviz.model import ModelConfig, RNNModel
from rnnviz.tokenize import Vocab

WORDS = ["a", "b", "c", "d", "not", "good", "."]
VOCAB = ["<pad>", "<unk>", *WORDS]
TEXT = "a not good b c . d a"


def _model(cell, layers=1, bidirectional=False, **kw) -> RNNModel:
    torch.manual_seed(1)
    cfg = ModelConfig(
        cell=cell,
        vocab=VOCAB,
        hidden_size=5,
        embed_size=4,
        num_layers=layers,
        bidirectional=bidirectional,
        **{"labels": ["neg", "pos"], **kw},
    )
    return RNNModel(cfg).eval()


def _one_layer(model: RNNModel, layer: int, reverse: bool) -> nn.Module:
    """A fresh one-layer PyTorch module holding this layer and direction's weights."""
    c, rnn = model.config, model.rnn
    size = rnn.input_size if layer == 0 else c.hidden_size * (2 if c.bidirectional else 1)
    if c.cell == "rnn":
        mod = nn.RNN(size, c.hidden_size, nonlinearity=c.nonlinearity)
    else:
        mod = {"lstm": nn.LSTM, "gru": nn.GRU}[c.cell](size, c.hidden_size)
    sfx = f"_l{layer}" + ("_reverse" if reverse else "")
    with torch.no_grad():
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(mod, name + "_l0").copy_(getattr(rnn, name + sfx))
    return mod


def _edited(e: Edit, s: torch.Tensor) -> torch.Tensor:
    s = s.clone()
    for u in e.units:
        s[..., u] = {"clamp": e.value, "zero": 0.0, "flip": -float(s[..., u])}[e.kind]
    return s


@torch.no_grad()
def reference(model: RNNModel, x: torch.Tensor, edits: list[Edit]):
    """hidden, cell ``[L, D, T, H]`` and the top layer's output ``[T, D·H]``."""
    c = model.config
    T, H, D = x.shape[0], c.hidden_size, 2 if c.bidirectional else 1
    hid = np.zeros((c.num_layers, D, T, H), dtype=np.float32)
    cel = np.zeros_like(hid)
    inp = x
    for layer in range(c.num_layers):
        outs = []
        for d in range(D):
            mod = _one_layer(model, layer, d == 1)
            h, s = torch.zeros(1, 1, H), torch.zeros(1, 1, H)
            out = [None] * T
            for t in range(T) if d == 0 else reversed(range(T)):
                if any(e.kind == "reset" and e.step == t and e.direction == d for e in edits):
                    h, s = torch.zeros(1, 1, H), torch.zeros(1, 1, H)
                if c.cell == "lstm":
                    _, (h, s) = mod(inp[t].view(1, 1, -1), (h, s))
                else:
                    _, h = mod(inp[t].view(1, 1, -1), h)
                for e in edits:
                    later = t >= e.step if d == 0 else t <= e.step
                    if e.kind != "reset" and (e.layer, e.direction) == (layer, d) and later:
                        if e.state == "cell":
                            s = _edited(e, s)
                        else:
                            h = _edited(e, h)
                out[t] = h[0, 0]
                hid[layer, d, t], cel[layer, d, t] = h[0, 0].numpy(), s[0, 0].numpy()
            outs.append(torch.stack(out))
        inp = torch.cat(outs, -1)
    return hid, cel, inp


@torch.no_grad()
def reference_probs(model: RNNModel, text: str, edits: list[Edit]) -> np.ndarray:
    c = model.config
    ids = Vocab(c.vocab).encode(text.split())[0]
    x = model.inputs(torch.tensor([ids]))[0]
    T, H = x.shape[0], c.hidden_size
    rows = []
    for p in range(T):  # the answer after each prefix, the prefix read on its own
        _, _, top = reference(model, x[: p + 1], edits)
        if c.head == "lm" or c.readout == "last":
            rows.append(torch.cat([top[p, :H], top[0, H:]]) if c.bidirectional else top[p])
        else:
            rows.append(top.mean(0))
    return torch.softmax(model.fc(torch.stack(rows)).double(), -1).numpy()


EDITS = [
    [Edit("clamp", 2, (1, 3), "hidden", value=0.9)],
    [Edit("zero", 0, (0,), "hidden"), Edit("flip", 4, (2,), "hidden")],
    [Edit("reset", 3)],
]
LSTM_EDITS = [[Edit("clamp", 1, (4,), "cell", value=-2.0), Edit("flip", 5, (0, 1), "cell")]]
CONFIGS = [
    ("rnn", 1, False, {}),
    ("gru", 1, False, {}),
    ("lstm", 1, False, {}),
    ("lstm", 2, False, {"readout": "mean"}),
    ("gru", 2, True, {}),
    ("lstm", 2, True, {}),
    ("rnn", 2, False, {"head": "lm", "labels": []}),
]


@pytest.mark.parametrize("cell,layers,bi,kw", CONFIGS)
def test_intervention_equals_pytorch_stepped_with_the_same_edit(cell, layers, bi, kw):
    m = _model(cell, layers, bi, **kw)
    ids = Vocab(VOCAB).encode(TEXT.split())[0]
    x = m.inputs(torch.tensor([ids]))[0]
    cases = EDITS + (LSTM_EDITS if cell == "lstm" else [])
    cases += [[Edit("zero", 1, (0, 2), "hidden", layer=layers - 1, direction=1 if bi else 0)]]
    if bi:  # backward edits and a backward reset; a forward edit in the top layer
        cases += [[Edit("clamp", 5, (3,), "hidden", value=1.5, direction=1)]]
        cases += [[Edit("reset", 4, direction=1), Edit("flip", 2, (1,), layer=layers - 1)]]
    for edits in cases:
        iv = intervene(m, TEXT, edits)
        hid, cel, _ = reference(m, x, edits)
        np.testing.assert_allclose(iv.after.hidden, hid, atol=1e-6)
        if cell == "lstm":
            np.testing.assert_allclose(iv.after.cell, cel, atol=1e-6)
        np.testing.assert_allclose(iv.after.probs, reference_probs(m, TEXT, edits), atol=1e-6)
        assert not np.allclose(iv.after.hidden, iv.before.hidden)  # the edit did something


@pytest.mark.parametrize("cell,layers,bi,kw", CONFIGS)
def test_no_edit_equals_rnnviz_trace(cell, layers, bi, kw):
    m = _model(cell, layers, bi, **kw)
    iv = intervene(m, TEXT, [])
    tr = rnnviz.trace(m, TEXT)
    np.testing.assert_allclose(iv.before.hidden, tr.hidden, atol=1e-6)
    np.testing.assert_allclose(iv.before.probs, tr.probs, atol=1e-6)
    if tr.cell is not None:
        np.testing.assert_allclose(iv.before.cell, tr.cell, atol=1e-6)
    assert (iv.difference("hidden") == 0).all()


def test_an_edit_changes_nothing_before_its_step():
    m = _model("lstm")
    iv = intervene(m, TEXT, [Edit("clamp", 4, (2,), "cell", value=3.0)])
    diff = iv.difference("cell")
    assert (diff[:, :, :4] == 0).all() and (diff[0, 0, 4:, 2] != 0).all()
    assert (iv.before.probs[:4] == iv.after.probs[:4]).all()


def test_writing_with_a_unit_fixed_keeps_the_seed():
    m = _model("lstm", head="lm", labels=[])
    before, after = generate_edited(m, "a b", [Edit("clamp", 0, (0, 1, 2), "cell", value=5.0)], 30)
    assert before == rnnviz.generate(m, "a b", 30, seed=0).text
    assert after != before and after.startswith("a b")


@pytest.mark.parametrize(
    "edit,message",
    [
        (Edit("zap", 0, (1,)), "edit kind"),
        (Edit("zero", 99, (1,)), "outside the text"),
        (Edit("zero", 0, ()), "no units selected"),
        (Edit("zero", 0, (5,)), "unit 5 is out of range"),
        (Edit("zero", 0, (1,), layer=1), "layer 1 is out of range"),
        (Edit("zero", 0, (1,), direction=1), "direction 1 is out of range"),
        (Edit("clamp", 0, (1,), value=float("nan")), "finite"),
    ],
)
def test_bad_edits_are_one_clear_message(edit, message):
    with pytest.raises(ValueError, match=message):
        intervene(_model("lstm"), TEXT, [edit])


def test_a_gru_has_no_cell_state_to_edit():
    with pytest.raises(ValueError, match="no cell state"):
        intervene(_model("gru"), TEXT, [Edit("zero", 0, (1,), "cell")])
    with pytest.raises(ValueError, match="language model"):
        generate_edited(_model("gru"), "a", [])
