"""The "Your model" page in a real browser: a notebook state_dict + vocabulary gives an
answer under every tokenizer and readout and can be stepped through; a pickle that carries
code and a bad config are refused with a clear message, nothing is run, the page lives."""

from __future__ import annotations

import io
import json
import pickle
import zipfile
from pathlib import Path

import pytest
import torch
from harness import have_chromium
from torch import nn

import rnnviz
from rnnviz import ModelConfig, RNNModel

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not have_chromium(), reason="no /usr/bin/chromium"),
]
playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect
expect.set_options(timeout=30_000)

VOCAB = ["<pad>", "<unk>", "the", "film", "was", "not", "good"]


class Notebook(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(len(VOCAB), 8)
        self.rnn = nn.RNN(8, 6, batch_first=True)
        self.fc = nn.Linear(6, 2)


class Payload:
    """Unpickling this would write a file: proof that code ran."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "pwned"))


@pytest.fixture(scope="module")
def server(shipped_app):
    return shipped_app  # one server for the whole session (conftest.py)


@pytest.fixture
def page(browser):
    pg = browser.new_page(viewport={"width": 1280, "height": 1000})
    yield pg
    pg.close()


def settle(pg) -> None:
    expect(pg.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(
        1
    )


def _bytes(obj) -> bytes:
    buf = io.BytesIO()
    torch.save(obj, buf)
    return buf.getvalue()


def upload(pg, label: str, name: str, data: bytes) -> None:
    box = pg.get_by_test_id("stFileUploader").filter(has_text=label)
    box.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}]
    )


def alive(pg) -> None:
    main = pg.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Your model", exact=True)).to_be_visible()
    expect(pg.get_by_test_id("stException")).to_have_count(0)
    expect(main.get_by_text("Something went wrong")).to_have_count(0)


def test_notebook_state_dict_gives_answers_and_steps(server, page):
    torch.manual_seed(0)
    module = Notebook()
    page.goto(f"{server}/your_model")
    settle(page)
    expect(page.get_by_text("Limits:")).to_be_visible()
    upload(page, "Weights", "model.pt", _bytes({"model_state_dict": module.state_dict()}))
    upload(page, "Vocabulary", "vocab.json", json.dumps(VOCAB).encode())
    page.get_by_label("Label names").fill("neg,pos")
    page.get_by_label("Label names").press("Enter")
    settle(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Read plain RNN, 1 layer,")).to_be_visible()
    expect(main.get_by_text("Answer:").first).to_be_visible()
    page.get_by_text("basic_english", exact=True).click()
    settle(page)
    page.get_by_text("mean", exact=True).click()
    settle(page)
    expect(main.get_by_role("heading", name="Your model reading the sentence")).to_be_visible()
    # the answer shown is the notebook module's own on the whole sentence (mean readout)
    with torch.no_grad():
        out, _ = module.rnn(module.embedding(torch.tensor([[2, 3, 4, 5, 6]])))
        p = torch.softmax(module.fc(out.mean(1)), -1)[0]
    want = ["neg", "pos"][int(p.argmax())]
    expect(main.get_by_text(f"(token 5 of 5): {want} ({float(p.max()):.0%})")).to_be_visible()
    slider = page.get_by_role("slider", name="Token")
    slider.focus()
    slider.press("Home")
    settle(page)
    expect(main.get_by_text("(token 1 of 5)")).to_be_visible()
    alive(page)


def test_hostile_pickle_and_bad_config_are_refused(server, page, tmp_path):
    page.goto(f"{server}/your_model")
    settle(page)
    marker = tmp_path / "executed"
    upload(page, "Weights", "evil.pt", pickle.dumps({"fc.weight": Payload(marker)}))
    upload(page, "Vocabulary", "vocab.txt", "\n".join(VOCAB).encode())
    settle(page)
    expect(page.get_by_text("Nothing in it was run")).to_be_visible()
    assert not marker.exists()
    alive(page)
    page.get_by_text("A checkpoint folder (.zip)").click()
    settle(page)
    m = RNNModel(ModelConfig(cell="lstm", vocab=VOCAB, hidden_size=4, embed_size=3,
                             labels=["neg", "pos"]))  # fmt: skip
    folder = rnnviz.save(m, tmp_path / "m")
    cfg = json.loads((folder / "config.json").read_text())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("m/config.json", json.dumps({**cfg, "num_layers": 100000}))
        z.write(folder / "weights.safetensors", "m/weights.safetensors")
    upload(page, "Checkpoint folder", "m.zip", buf.getvalue())
    settle(page)
    expect(page.get_by_text("num_layers is 100000")).to_be_visible()
    alive(page)
