"""The README's code works as written: every Python block runs, and every ``rnnviz`` command
in its shell blocks is accepted by the real CLI (the quick ones are run too)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from rnnviz.cli import build_parser, main

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", README.read_text(), flags=re.S)
PYTHON = [code for lang, code in BLOCKS if lang == "python"]
COMMANDS = [
    line.split("#")[0].strip()
    for lang, code in BLOCKS
    if lang in ("bash", "sh", "shell")
    for line in code.splitlines()
    if line.strip().startswith("rnnviz ")
]
RUN = ("list", "trace", "--help")  # quick enough to run for real


def test_the_readme_has_code():
    assert PYTHON and COMMANDS


@pytest.mark.parametrize("code", PYTHON, ids=[f"python-{i}" for i in range(len(PYTHON))])
def test_python_block_runs(code, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    exec(compile(code, str(README), "exec"), {"__name__": "readme"})


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_accepted(command, tmp_path, monkeypatch, capsys):
    argv = [a.strip("[]") for a in shlex.split(command)[1:]]  # "[--models runs/]": optional
    argv = [a for a in argv if a]
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)  # SystemExit(2) on an unknown command
    assert args.command == "app" or not extra, f"unknown options {extra}"  # app forwards them
    user_files = [a for a in argv if a.startswith(("./", "runs/", "my")) or "." in a[-5:]]
    if argv[0] in RUN and not user_files:  # a user's own files are only parsed
        monkeypatch.chdir(tmp_path)
        assert main(argv) == 0
