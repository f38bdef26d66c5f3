"""The library's bad-input errors in the reader's language, English everywhere else.

Real bad input goes through the real code path (a truncated safetensors file, a config of
the wrong shape, a CSV without its text column, a broken corpus folder); what the app shows
(``i18n.said``) must be the catalog's own translation with the parameters filled in, composed
here by hand from the ``.po`` file, while ``str(err)`` (a notebook, the CLI) stays the English
line. Then the uploader's own words and one broken upload in a real browser.
"""

from __future__ import annotations

import io
import json
import pickle
import re
import subprocess
import sys
import zipfile

import pytest
from babel.messages.pofile import read_po
from test_i18n import APP, LOCALES

import rnnviz
from rnnviz import ModelConfig, RNNModel
from rnnviz.checkpoint import CheckpointError
from rnnviz.messages import Message, MessageError, Said
from rnnviz.training.userdata import DataFileError, read_csv_file
from rnnviz.uploads import load_zip, weights_from_bytes

VOCAB = ["<pad>", "<unk>", "the", "film", "was", "not", "good"]


def po(lang: str):
    with (APP / "locale" / lang / "LC_MESSAGES" / "rnnviz.po").open("rb") as f:
        cat = read_po(f, locale=lang)
    return lambda msgid: cat.get(msgid).string  # a KeyError-like failure if it is missing


@pytest.fixture
def speak(monkeypatch):
    """Make ``lang`` this session's language (what the picker or ``?lang=`` does)."""
    import i18n

    def use(lang: str):
        monkeypatch.setattr(i18n, "current", lambda: lang)
        return i18n

    return use


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    m = RNNModel(ModelConfig(cell="lstm", vocab=VOCAB, hidden_size=4, embed_size=3,
                             labels=["neg", "pos"]))  # fmt: skip
    return rnnviz.save(m, tmp_path_factory.mktemp("m") / "m")


def zipped(folder, config: dict | None = None, weights: bytes | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        cfg = json.loads((folder / "config.json").read_text())
        z.writestr("m/config.json", json.dumps({**cfg, **(config or {})}))
        z.writestr(
            "m/weights.safetensors", weights or (folder / "weights.safetensors").read_bytes()
        )
    return buf.getvalue()


@pytest.mark.parametrize("lang", LOCALES)
def test_a_truncated_safetensors_file(lang, speak, folder):
    data = (folder / "weights.safetensors").read_bytes()[:20]
    with pytest.raises(CheckpointError) as e:
        weights_from_bytes(data, "w.safetensors")
    assert str(e.value) == "w.safetensors is not a valid safetensors file (bad header length)"
    T = po(lang)
    want = T("{name} is not a valid safetensors file (bad header length)").format(
        name="w.safetensors"
    )
    assert speak(lang).said(e.value) == want != str(e.value)


@pytest.mark.parametrize("lang", LOCALES)
def test_a_config_out_of_range_in_an_uploaded_zip(lang, speak, folder):
    with pytest.raises(CheckpointError) as e:
        load_zip(zipped(folder, {"num_layers": 100000}), "m.zip")
    english = "config.json: invalid model config: num_layers is 100000; it must be between 1 and 16"
    assert str(e.value) == english
    T = po(lang)
    problem = T("{name} is {value}; it must be between {low} and {high}").format(
        name="num_layers", value="100000", low="1", high="16"
    )
    config = T("{what}: {problems}").format(what=T("invalid model config"), problems=problem)
    want = T("{name}: {problem}").format(name="config.json", problem=config)
    assert speak(lang).said(e.value) == want


@pytest.mark.parametrize("lang", LOCALES)
def test_weights_of_the_wrong_shape_for_the_config(lang, speak, folder):
    with pytest.raises(CheckpointError) as e:
        load_zip(zipped(folder, {"labels": ["a", "b", "c"]}), "m.zip")
    assert str(e.value) == (
        "the weights do not match the config: fc.bias has shape [2] but the config needs [3]; "
        "fc.weight has shape [2, 4] but the config needs [3, 4]"
    )
    T = po(lang)
    shape = T("{tensor} has shape {shape} but the config needs {needed}")
    problems = "; ".join(
        [
            shape.format(tensor="fc.bias", shape="[2]", needed="[3]"),
            shape.format(tensor="fc.weight", shape="[2, 4]", needed="[3, 4]"),
        ]
    )
    want = T("{what}: {problems}").format(
        what=T("the weights do not match the config"), problems=problems
    )
    assert speak(lang).said(e.value) == want


@pytest.mark.parametrize("lang", LOCALES)
def test_a_csv_without_its_text_column(lang, speak, tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("text,label\n" + "\n".join(f"a film {i},pos" for i in range(30)), "utf-8")
    with pytest.raises(DataFileError) as e:
        read_csv_file(p, "review", "label")
    T = po(lang)
    template = (
        "{name} has no column {missing}; its columns are: {columns} (if the first line is "
        "data, not names, use --no-header and columns by number)"
    )
    fields = dict(name="r.csv", missing="'review'", columns="'text', 'label'")
    assert str(e.value) == template.format(**fields)
    assert speak(lang).said(e.value) == T(template).format(**fields)


@pytest.mark.parametrize("lang", ["uk", "lt"])
def test_a_corpus_folder_and_its_bad_file(lang, speak, tmp_path):
    from rnnviz.analysis import read_folder

    (tmp_path / "good.txt").write_text("the film was good\n", "utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    good, bad = read_folder(tmp_path)
    assert list(good) == ["good.txt"] and isinstance(bad["bad.txt"], Said)
    english = "bad.txt: this looks like a binary file (it holds NUL bytes), not text"
    assert bad["bad.txt"] == english  # a str for a notebook, as before
    T = po(lang)
    want = T("{name}: {problem}").format(
        name="bad.txt", problem=T("this looks like a binary file (it holds NUL bytes), not text")
    )
    assert speak(lang).said(pickle.loads(pickle.dumps(bad["bad.txt"]))) == want  # cached


def test_numbers_in_a_message_follow_the_language(speak):
    err = MessageError("the corpus has {n} characters; the cap is {cap}", n=25_000_000, cap=20)
    assert str(err) == "the corpus has 25,000,000 characters; the cap is 20"
    i18n = speak("uk")
    assert re.fullmatch(r"у корпусі символів: 25\s000\s000; межа — 20", i18n.said(err))
    assert i18n.numeral(12.5) == "12,5"


def test_a_training_failure_crosses_the_process_with_its_message(speak):
    """A training runs in another process and sends its error back pickled."""
    err = DataFileError("{name} holds only white space", name="x.txt")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is DataFileError and str(back) == "x.txt holds only white space"
    assert back.message == Message("{name} holds only white space", name="x.txt")
    assert speak("bg").said(back) == po("bg")("{name} holds only white space").format(name="x.txt")


def test_the_broken_model_mark_in_the_picker(speak, tmp_path, folder):
    import cache
    import ui

    try:
        rnnviz.load(tmp_path / "nowhere")
    except CheckpointError as e:
        reason = cache.problem_line(e)
    assert isinstance(reason, Said) and "no model or file named" in reason
    label = ui.broken_label("mine", reason)
    speak("lt")
    lt = ui.broken_label("mine", reason)
    assert label.startswith("⚠ mine") and "nėra modelio ar failo" in lt and len(lt) < 120


def test_the_cli_and_a_notebook_keep_the_english_line(tmp_path, folder):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "config.json").write_text((folder / "config.json").read_text())
    (bad / "weights.safetensors").write_bytes((folder / "weights.safetensors").read_bytes()[:20])
    r = subprocess.run(
        [sys.executable, "-m", "rnnviz", "trace", "-m", str(bad), "the film"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr == (
        "rnnviz trace: weights.safetensors is not a valid safetensors file (bad header length)\n"
    )


def test_an_unmarked_error_is_shown_as_it_is(speak):
    assert speak("uk").said(ValueError("plain English {braces}\nsecond line")) == (
        "plain English {braces}"
    )
    assert speak("uk").said(KeyError()) == "KeyError"


# ---- in a real browser ------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.slow
def test_a_broken_upload_in_ukrainian(shipped_app, browser, folder):
    """?lang=uk: the uploader's own words are Ukrainian (Streamlit's English hidden: its
    button, its limit line, the notice over it while a file is dragged onto it), and a zip
    with a truncated weights file is refused in one Ukrainian line, no traceback."""
    from harness import IDLE
    from playwright.sync_api import expect

    T = po("uk")
    pg = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-US")
    try:
        pg.goto(f"{shipped_app}/your_model?lang=uk", timeout=120_000)
        pg.wait_for_selector(IDLE, timeout=120_000)
        pg.get_by_text(T("A checkpoint folder (.zip)"), exact=True).click()
        box = pg.get_by_test_id("stFileUploader").filter(has_text=T("Checkpoint folder, zipped"))
        expect(box.get_by_role("button", name=T("Upload"))).to_be_visible(timeout=60_000)
        line = box.get_by_test_id("stFileUploaderDropzoneInstructions")
        after = line.locator("div").first.evaluate("e => getComputedStyle(e, '::after').content")
        assert after == json.dumps(
            T("Up to {mb} MB per file • {types}").format(mb=20, types="ZIP"), ensure_ascii=False
        )
        expect(line.get_by_text("per file")).to_be_hidden()
        # a file dragged over the dropzone: Streamlit's notice in English shrunk to nothing,
        # ours written over it
        zone = box.get_by_test_id("stFileUploaderDropzone")
        dragged = pg.evaluate_handle(
            "() => { const d = new DataTransfer(); d.items.add(new File(['x'], 'm.zip')); "
            "return d; }"
        )
        zone.dispatch_event("dragenter", {"dataTransfer": dragged})
        english = zone.get_by_text("Drag and drop a file here", exact=True)
        expect(english).to_be_attached(timeout=30_000)
        size, notice = english.evaluate(
            "e => [getComputedStyle(e).fontSize, getComputedStyle(e, '::after').content]"
        )
        assert size == "0px" and notice == json.dumps(
            T("Drag and drop a file here"), ensure_ascii=False
        )
        zone.dispatch_event("dragleave", {"dataTransfer": dragged})
        expect(english).not_to_be_attached(timeout=30_000)
        weights = (folder / "weights.safetensors").read_bytes()[:20]
        box.locator("input[type=file]").set_input_files(
            files=[
                {
                    "name": "m.zip",
                    "mimeType": "application/zip",
                    "buffer": zipped(folder, weights=weights),
                }
            ]
        )
        want = T("{name} is not a valid safetensors file (bad header length)").format(
            name="weights.safetensors"
        )
        alert = pg.get_by_test_id("stAlertContentError").get_by_role("paragraph")
        expect(alert).to_have_text(want, timeout=60_000)  # (the box's icon is not the line)
        left = alert.inner_text().replace("weights.safetensors", "").replace("safetensors", "")
        assert not re.search(r"[A-Za-z]", left), left  # no English left in that line
        assert pg.get_by_test_id("stException").count() == 0
    finally:
        pg.close()


# ---- numbers written as text ------------------------------------------------------------------


def test_figures_write_numbers_with_the_readers_decimal_mark():
    from rnnviz import figures

    # a notebook: a point; a real minus sign (U+2212) either way, as Plotly's axes write it
    assert "<span>\u22122.27</span>" in figures.legend_html(2.27, "x")
    with figures.translated(None, ","):
        html = figures.legend_html(2.27, "x")
    assert "<span>\u22122,27</span>" in html and "<span>+2,27</span>" in html


@pytest.mark.parametrize("lang, shown", [("en", None), ("uk", "0,8"), ("lt", "0,8")])
def test_a_decimal_slider_writes_the_languages_numbers(lang, shown):
    """Generate's temperature: English keeps Streamlit's slider; another language gets a
    select slider over the same stops, labelled with its decimal comma, whose value is the
    float the page computes with; a link's value off the stops is kept as one more stop."""
    from streamlit.testing.v1 import AppTest

    def generate(**query):
        at = AppTest.from_file("../app/streamlit_app.py", default_timeout=120)
        for k, v in {"lang": lang, **query}.items():
            at.query_params[k] = v
        at.switch_page("views/generate.py")
        at.run()
        assert not at.exception and not at.error
        return at

    at = generate()
    if shown is None:
        assert at.slider(key="generate.temperature").value == 0.8
        return
    s = at.select_slider(key="generate.temperature")
    assert s.value == 0.8 and s.options[7] == shown  # stops 0.1, 0.2, … labelled 0,1, 0,2, …
    assert s.options[0] == "0,1" and s.options[-1] == "2,0" and len(s.options) == 20
    s = generate(temperature="1.25").select_slider(key="generate.temperature")
    assert s.value == 1.25 and "1,25" in s.options and len(s.options) == 21


def test_charts_take_the_languages_separators(speak):
    """Plotly writes the axes' and hovers' numbers itself: the app gives it the language's
    decimal and thousands marks (English charts are sent as before)."""
    import plotly.graph_objects as go
    import ui

    fig = go.Figure(go.Bar(x=[0.5, 1500.25], y=[1, 2]))
    assert "separators" not in ui.chart_spec(fig)["layout"]
    speak("uk")
    assert ui.chart_spec(fig)["layout"]["separators"] == ",\u00a0"
    speak("ro")
    assert ui.chart_spec(fig)["layout"]["separators"] == ",."
    assert "separators" not in fig.to_dict()["layout"]  # the figure itself is left as it is


def test_an_empty_message_is_never_the_catalogs_header(speak):
    assert speak("uk").said(MessageError("")) == "MessageError"
    assert speak("uk").said(Said("")) == ""
