"""The app's training queue (app/training_jobs.py): jobs run in their own processes, report in
order, wait their turn, can be cancelled (the process is gone) and are stopped at the time
limit. The queue logic alone runs without any process (max_running=0: nothing starts)."""

from __future__ import annotations

import os
import time

import pytest
import training_jobs as tj

from rnnviz import find_units
from rnnviz.training.watch import flag_sample

TINY = dict(kind="task", task="sentiment", cell="gru", hidden_size=8, epochs=2, n_train=200)
SLOW_ONE = dict(kind="task", task="sentiment", cell="lstm", hidden_size=64, epochs=30, n_train=8000)


def wait(board, job_id, until, timeout=120):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        v = board.view(job_id)
        if until(v):
            return v
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} never got there: {board.view(job_id)}")


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_queue_positions_and_cancel_without_processes():
    board = tj.Board(max_running=0, max_queue=3)
    a, b, c = (board.submit(TINY) for _ in range(3))
    assert [board.position(j) for j in (a, b, c)] == [1, 2, 3]
    with pytest.raises(tj.QueueFull, match="3 trainings are already waiting"):
        board.submit(TINY)
    board.cancel(a)
    assert board.view(a)["status"] == "cancelled" and board.view(a)["position"] == 0
    assert [board.position(j) for j in (b, c)] == [1, 2]
    board.forget(a)
    assert board.view(a) is None
    board.shutdown()


@pytest.mark.slow  # processes that import torch: seconds each
def test_a_job_completes_in_order_and_its_flags_are_find_units_on_the_model():
    board = tj.Board(max_running=1)
    job = board.submit(TINY)
    v = wait(board, job, lambda v: v["status"] not in tj.ACTIVE)
    assert v["status"] == "done", v["message"]
    assert gone(v["pid"])
    kinds = [e["type"] for e in v["events"]]
    assert kinds == ["start", "epoch", "epoch"]
    assert [e["epoch"] for e in v["events"][1:]] == [1, 2]
    sample = flag_sample("sentiment", 0)
    best = find_units(
        v["model"], [ex.text for ex in sample], [ex.annotations["negated"] for ex in sample]
    )[0]
    assert v["events"][-1]["flags"]["negated"] == round(best.auc_best, 4)
    assert v["card"]["history"][-1]["loss"] == v["events"][-1]["loss"]


@pytest.mark.slow
def test_second_job_waits_then_cancel_kills_the_running_process():
    board = tj.Board(max_running=1)
    first = board.submit(SLOW_ONE)
    second = board.submit(TINY)
    v = wait(board, first, lambda v: v["progress"] is not None)  # really training
    assert v["status"] == "running" and board.view(second)["position"] == 1
    board.cancel(first)
    v = board.view(first)
    assert v["status"] == "cancelled" and gone(v["pid"])
    v2 = wait(board, second, lambda v: v["status"] != "queued", timeout=10)
    assert v2["status"] == "running" and v2["position"] == 0
    board.shutdown()
    assert gone(board.view(second)["pid"])


@pytest.mark.slow
def test_the_time_limit_stops_a_training():
    board = tj.Board(max_running=1, time_limit=3)
    job = board.submit(SLOW_ONE)
    v = wait(board, job, lambda v: v["status"] not in tj.ACTIVE, timeout=60)
    assert v["status"] == "timed out" and "time limit of 3 seconds" in v["message"]
    assert gone(v["pid"])


@pytest.mark.slow
def test_bad_data_fails_with_its_message():
    board = tj.Board(max_running=1)
    job = board.submit(
        dict(
            kind="csv",
            data=b"text,label\nhello,1\n",
            filename="tiny.csv",
            text_column="text",
            label_column="label",
        )
    )
    v = wait(board, job, lambda v: v["status"] not in tj.ACTIVE)
    assert v["status"] == "failed" and "a classifier needs at least 20" in v["message"]
