"""The Train page driven as a person would (AppTest), with a queue that starts nothing
(max_running=0): the settings, the queue position after "Start training", Cancel, and
the settings kept for the next training."""

from __future__ import annotations

import pytest
import training_jobs
from streamlit.testing.v1 import AppTest

APP = "../app/streamlit_app.py"


@pytest.fixture
def board(monkeypatch):
    b = training_jobs.Board(max_running=0)
    monkeypatch.setattr(training_jobs, "_BOARD", b)
    yield b
    b.shutdown()


def ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def text(at: AppTest) -> str:
    return " ".join(str(e.value) for e in (*at.markdown, *at.caption, *at.info, *at.subheader))


def test_start_waits_in_the_queue_and_cancel_leaves_it(board):
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("views/train.py")
    ok(at.run())
    assert "Limits: 2–128 units" in text(at)
    at.radio(key="train.cell").set_value("gru")
    at.number_input(key="train.epochs.sentiment").set_value(3)
    ok(at.run())
    other = board.submit(dict(kind="task", task="sentiment"))  # someone else is first
    at.button(key="train.go").click()
    ok(at.run())
    assert "you are number **2** in the queue" in text(at)
    (job,) = [j for j in board._jobs if j != other]
    assert board.view(job)["spec"]["cell"] == "gru" and board.view(job)["spec"]["epochs"] == 3
    at.button(key="train.cancel").click()
    ok(at.run())
    assert board.view(job) is None  # collected by the page and forgotten by the board
    assert "cancelled" in " ".join(str(w.value) for w in at.warning)
    # the settings are as they were for the next try
    assert at.radio(key="train.cell").value == "gru"
    assert at.number_input(key="train.epochs.sentiment").value == 3
