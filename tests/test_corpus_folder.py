"""Corpus folders and the `rnnviz units` / `rnnviz app --corpus` commands: good folders read
as the page's paste/upload reads text, bad ones refused in one line before any work, the
printed contexts held against every text traced on its own."""

from __future__ import annotations

import re

import numpy as np
import pytest

import rnnviz
from rnnviz import tasks
from rnnviz.analysis import corpus as corpus_mod
from rnnviz.analysis import read_folder, read_texts
from rnnviz.cli import main

needs_models = pytest.mark.skipif(
    not {"sentiment-lstm", "sentiment-gru", "sentiment-bag"} <= set(rnnviz.list_models()),
    reason="needs the shipped models",
)


def one_line(msg: str) -> None:
    assert msg and "\n" not in msg.strip() and "Traceback" not in msg


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "texts"
    d.mkdir()
    (d / "lines.txt").write_text("the film was good\n\nthe film was not good\n", "utf-8")
    (d / "free.txt").write_text("one text, no second line", "utf-8")
    (d / "notes.md").write_text("not a .txt: never read", "utf-8")
    return d


def test_a_folder_reads_each_txt_file_as_the_page_reads_text(folder):
    good, bad = read_folder(folder)
    assert sorted(good) == ["free.txt", "lines.txt"] and bad == {}
    for name, texts in good.items():
        assert texts == read_texts((folder / name).read_bytes())
    assert good["lines.txt"] == ["the film was good", "the film was not good"]
    assert good["free.txt"] == ["one text, no second line"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b" \n\n  ", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        (b"caf\xe9 latin-1", "not UTF-8"),
        (b"x" * 20_001, "characters; the cap is 20,000"),
    ],
)
def test_a_bad_file_is_reported_by_name_next_to_good_ones(folder, content, message):
    (folder / "bad.txt").write_bytes(content)
    good, bad = read_folder(folder)
    assert "lines.txt" in good and list(bad) == ["bad.txt"]
    assert bad["bad.txt"].startswith("bad.txt: ") and message in bad["bad.txt"]
    one_line(bad["bad.txt"])


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(folder, monkeypatch):
    monkeypatch.setattr(corpus_mod, "MAX_BYTES", 10)
    monkeypatch.setattr(
        type(folder), "read_bytes", lambda self: pytest.fail(f"{self.name} was read")
    )
    with pytest.raises(ValueError, match="no usable corpus") as e:
        read_folder(folder)
    assert "MB; the cap is" in str(e.value)
    one_line(str(e.value))


def test_an_unusable_folder_is_one_line(tmp_path, monkeypatch, folder):
    (tmp_path / "file.txt").write_text("a text", "utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "only_bad").mkdir()
    (tmp_path / "only_bad" / "x.txt").write_bytes(b"\xff\xfe\x00")
    cases = {
        tmp_path / "missing": "does not exist",
        tmp_path / "file.txt": "is a file, not a folder",
        tmp_path / "empty": "has no .txt files",
        tmp_path / "only_bad": "no usable corpus in the folder: x.txt:",
    }
    for path, message in cases.items():
        with pytest.raises(ValueError, match=re.escape(message)) as e:
            read_folder(path)
        one_line(str(e.value))
    monkeypatch.setattr(corpus_mod, "MAX_FILES", 1)
    with pytest.raises(ValueError, match="2 .txt files; the cap is 1"):
        read_folder(folder)
    monkeypatch.setattr(corpus_mod, "MAX_FILES", 100)
    monkeypatch.setattr(corpus_mod, "MAX_FOLDER_BYTES", 10)
    with pytest.raises(ValueError, match="MB; the cap is"):
        read_folder(folder)


# ---- rnnviz units ---------------------------------------------------------------------------


@pytest.fixture
def reviews(tmp_path):
    texts = [ex.text for ex in tasks.generate("sentiment", 60, seed=3)]
    path = tmp_path / "reviews.txt"
    path.write_text("\n".join(texts) + "\n", "utf-8")
    return path, texts


def printed(out: str) -> tuple[list[float], list[float]]:
    """The values under "highest" and under "lowest"."""
    high, low, cur = [], [], None
    for line in out.splitlines():
        if line in ("highest", "lowest"):
            cur = high if line == "highest" else low
        elif cur is not None and line.strip():
            cur.append(float(line.split()[0]))
    return high, low


@needs_models
@pytest.mark.parametrize("state", ["cell", "hidden"])
def test_units_prints_the_highest_and_lowest_values_of_every_text_traced_alone(
    reviews, capsys, state
):
    path, texts = reviews
    model = rnnviz.load("sentiment-lstm")
    rc = main(["units", "-m", "sentiment-lstm", str(path), "-u", "8", "-k", "5", "--state", state])
    out, err = capsys.readouterr()
    assert rc == 0, err
    # brute force: every text traced on its own, every value of unit 8 pooled
    every = np.concatenate([rnnviz.trace(model, t).state(state)[0, 0, :, 8] for t in texts])
    high, low = printed(out)
    assert high == pytest.approx(np.round(np.sort(every)[::-1][:5], 4), abs=1e-4)
    assert low == pytest.approx(np.round(np.sort(every)[:5], 4), abs=1e-4)
    assert f"unit 8 of the {state} state" in out and f"in {len(texts)} texts" in out
    assert re.search(r"text \d+, token \d+: .*\[[^\]]+\]", out)
    # the progress bar went to stderr, up to every token
    n = sum(len(rnnviz.trace(model, t).tokens) for t in texts)
    assert "tracing" in err and "100%" in err and str(n) in err.replace(",", "")


@needs_models
def test_units_reads_a_folder_and_quiet_has_no_bar(folder, capsys):
    (folder / "bad.txt").write_bytes(b"\x00binary")
    assert main(["units", "-m", "sentiment-lstm", str(folder), "-u", "0", "-k", "2", "-q"]) == 0
    out, err = capsys.readouterr()
    assert "3 texts (2 file(s) in texts)" in out
    assert (
        err.strip() == "rnnviz units: skipping bad.txt: this looks like a binary file "
        "(it holds NUL bytes), not text"
    )


@needs_models
@pytest.mark.parametrize(
    "args, message",
    [
        (["--unit", "32"], "--unit 32 is out of range: this model has 0–31"),
        (["--unit", "-1"], "--unit -1 is out of range"),
        (["--unit", "0", "--layer", "1"], "--layer 1 is out of range"),
        (["--unit", "0", "--direction", "1"], "--direction 1 is out of range"),
        (["--unit", "0", "--top", "0"], "--top must be between 1 and 100"),
        (["--unit", "0", "--width", "99"], "--width must be between 0 and 40"),
        (["--unit", "0", "-m", "sentiment-gru", "--state", "cell"], "a GRU has no cell state"),
        (["--unit", "0", "-m", "sentiment-bag"], "bag of embeddings"),
        (["--unit", "0", "-m", "no-such-model"], "no-such-model"),
    ],
)
def test_units_bad_options_exit_2_with_one_line(reviews, capsys, args, message):
    path, _ = reviews
    rc = main(["units", str(path), "-m", "sentiment-lstm", *args])
    out, err = capsys.readouterr()
    assert rc == 2 and out == ""
    assert err.startswith("rnnviz units: ") and message in err
    one_line(err)


@needs_models
@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such file or folder"),
        (b"", "the file is empty"),
        (b"\x00\x01", "binary"),
        (b"\xff\xfe bad", "not UTF-8"),
    ],
)
def test_units_bad_corpus_exits_2_with_one_line(tmp_path, capsys, content, message):
    path = tmp_path / "c.txt"
    if content is not None:
        path.write_bytes(content)
    rc = main(["units", str(path), "-m", "sentiment-lstm", "-u", "0"])
    out, err = capsys.readouterr()
    assert rc == 2 and out == "" and message in err
    one_line(err)


def test_units_is_documented_in_help(capsys):
    with pytest.raises(SystemExit):
        main(["units", "--help"])
    out = capsys.readouterr().out
    assert "--unit" in out and "--top" in out and "progress bar" in out


# ---- rnnviz app --corpus ---------------------------------------------------------------------


@pytest.mark.parametrize("make", ["missing", "file", "empty", "all_bad"])
def test_app_with_an_unusable_corpus_folder_exits_2_before_starting(
    tmp_path, capsys, monkeypatch, make
):
    monkeypatch.setattr("subprocess.call", lambda *a, **k: pytest.fail("the app was started"))
    path = tmp_path / "corpus"
    if make == "file":
        path.write_text("text", "utf-8")
    elif make != "missing":
        path.mkdir()
        if make == "all_bad":
            (path / "a.txt").write_bytes(b"\x00")
    rc = main(["app", "--corpus", str(path)])
    err = capsys.readouterr().err
    assert rc == 2 and err.startswith("rnnviz app: ")
    one_line(err)


def test_app_hands_a_good_corpus_folder_to_the_app(folder, capsys, monkeypatch):
    (folder / "bad.txt").write_bytes(b"\xff")
    seen = {}

    def call(cmd, cwd=None, env=None):
        seen.update(cmd=cmd, env=env)
        return 0

    monkeypatch.setattr("subprocess.call", call)
    assert main(["app", "--corpus", str(folder), "--port", "8600"]) == 0
    assert seen["env"][corpus_mod.CORPUS_ENV] == str(folder.resolve())
    assert "--corpus" not in " ".join(seen["cmd"])  # ours, not Streamlit's
    err = capsys.readouterr().err
    assert "skipping bad.txt: " in err and "2 corpus file(s)" in err


@pytest.mark.parametrize(
    "texts, message",
    [
        (["a", 3], "text 1 is a int, not a string"),
        (["a", b"x"], "text 1 is a bytes, not a string"),
        (["a", "b", "x" * 20_001], "text 2 has 20,001 characters; the cap is 20,000"),
    ],
)
def test_check_texts_names_the_first_bad_text(texts, message):
    from rnnviz.analysis import check_texts

    with pytest.raises(ValueError, match=re.escape(message)):
        check_texts(texts)
    check_texts(["a", type("S", (str,), {})("a str subclass is a string")])
