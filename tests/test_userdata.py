"""Your own data files: every line is one row whatever its quotes, counts are reported,
headerless files, several text columns, label names, UTF-16. Files are generated here, so
the rows they hold are known by construction."""

from __future__ import annotations

import codecs
import random

import pytest

from rnnviz.cli import main
from rnnviz.training.userdata import DataFileError, read_csv_file

WORDS = ["great", "film", "plot", "acting", "awful", "boring", "loved", "it,", "the", "a", "not"]


def _sentences(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        s = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 9)))
        # like the UCI review files: some sentences open a quote and never close it on the
        # line, some quote a phrase, some end with one
        s = ['"' + s, s + '"', f'he said "{s}" twice', s][i % 4]
        out.append(s)
    return out


def test_lines_that_start_with_quotes_are_each_one_row(tmp_path):
    texts = _sentences(1000)
    labels = [str(i % 2) for i in range(1000)]
    p = tmp_path / "reviews.txt"
    p.write_text("".join(f"{t}\t{y}\n" for t, y in zip(texts, labels)), encoding="utf-8")
    data = read_csv_file(p, "1", "2", no_header=True)
    assert data.texts == [t.strip() for t in texts] and data.labels == labels
    assert data.delimiter == "\t" and not data.skipped
    assert "1,000 rows read, 0 skipped" in data.summary(p.name)


def test_quoted_fields_with_delimiters_and_skipped_rows_are_counted(tmp_path):
    rows = [f'"{t.replace(chr(34), chr(34) * 2)}, really",{["neg", "pos"][i % 2]}' for i, t in
            enumerate(_sentences(30))]  # fmt: skip
    p = tmp_path / "r.csv"
    p.write_text("review,label\n" + "\n".join(rows) + "\nonly one field\n,pos\n\n", "utf-8")
    data = read_csv_file(p, "review", "label")
    assert data.texts == [f"{t}, really" for t in _sentences(30)]
    assert data.skipped == {"with 1 fields instead of 2": 1, "with an empty text or label": 1}
    s = data.summary("r.csv")
    assert "30 rows read, 2 skipped" in s and "1 with 1 fields instead of 2" in s


def test_no_header_several_text_columns_and_label_names(tmp_path):
    rows = [(str(i % 4 + 1), f"title {i}", f"body {i} text") for i in range(40)]
    p = tmp_path / "ag.csv"
    p.write_text("".join(f'"{y}","{a}","{b}"\n' for y, a, b in rows), "utf-8")
    names = ["World", "Sports", "Business", "Sci/Tech"]
    data = read_csv_file(p, ["2", "3"], "1", no_header=True, label_names=names)
    assert data.texts[5] == "title 5 body 5 text"
    assert data.labels[:5] == ["World", "Sports", "Business", "Sci/Tech", "World"]
    assert data.classes == names
    with pytest.raises(DataFileError, match="3 label names for 4 label values"):
        read_csv_file(p, ["2"], "1", no_header=True, label_names=names[:3])
    with pytest.raises(DataFileError, match="--no-header"):
        read_csv_file(p, "title", "label")  # the first line is data: the message says so
    with pytest.raises(DataFileError, match="give them by number, 1 to 3"):
        read_csv_file(p, "title", "1", no_header=True)


def test_numeric_labels_sort_as_numbers(tmp_path):
    p = tmp_path / "n.csv"
    p.write_text("t,y\n" + "".join(f"text {i},{i % 11}\n" for i in range(60)), "utf-8")
    assert read_csv_file(p, "t", "y").classes == [str(i) for i in range(11)]


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"),
        lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"),
        lambda s: s.encode("utf-16-le"),  # Excel's "Unicode text": no byte order mark
        lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
    ],
)
def test_utf16_and_boms_are_read(tmp_path, encode):
    body = "review\tlabel\n" + "".join(f"café {i} ünïcode\t{'ab'[i % 2]}\n" for i in range(30))
    p = tmp_path / "u.tsv"
    p.write_bytes(encode(body))
    data = read_csv_file(p, "review", "label")
    assert data.texts[3] == "café 3 ünïcode" and len(data.texts) == 30


def test_binary_and_broken_utf16_are_refused(tmp_path):
    p = tmp_path / "b.csv"
    p.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(DataFileError, match="binary"):
        read_csv_file(p, "a", "b")
    p.write_bytes(codecs.BOM_UTF16_LE + "a,b\n".encode("utf-16-le") + b"\x00\xd8")
    with pytest.raises(DataFileError, match="not UTF-16 text"):
        read_csv_file(p, "a", "b")


def test_train_prints_what_was_read(tmp_path, capsys):
    p = tmp_path / "d.tsv"
    p.write_text("".join(f"{t}\t{i % 2}\n" for i, t in enumerate(_sentences(40))), "utf-8")
    argv = ["train", "--csv", str(p), "--no-header", "--text-column", "1", "--label-column", "2"]
    argv += ["--hidden", "4", "--epochs", "1", "--quiet"]
    assert main([*argv, "--label-names", "neg,pos", "--out", str(tmp_path / "m")]) == 0
    import rnnviz

    assert rnnviz.load(tmp_path / "m").config.labels == ["neg", "pos"]
    assert main([*argv, "--label-names", "a,b,c", "--out", str(tmp_path / "m2")]) == 2
    assert "3 label names for 2 label values" in capsys.readouterr().err
