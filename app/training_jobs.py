"""Trainings in the background for the app's Train page: a queue, one process per training.

Each training runs in a process of its own (``multiprocessing``, spawn): the server's GIL and
torch's global thread pool are untouched, and inside the process torch uses ONE thread and
the OS priority is lowered (``os.nice``), so the other students' pages stay fast while a
class trains. At most ``RNNVIZ_TRAIN_WORKERS`` (default 1) run at once; the rest wait in a
queue whose position each user sees. A training that runs longer than
``RNNVIZ_TRAIN_TIME_LIMIT`` seconds (default 600) is stopped; Cancel kills its process.

The process reports per batch and per epoch (:func:`rnnviz.training.watch.train_watched`)
over a pipe; one supervisor thread in the server moves the reports into the ``Job`` records,
starts queued jobs, enforces the time limit, and drops finished jobs nobody collected after
``KEEP_DONE`` seconds. This module never imports Streamlit: the page holds a job's id in its
session and reads :meth:`Board.view`.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import os
import shutil
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from rnnviz.messages import message_of

log = logging.getLogger("rnnviz.app")

NICE = 10  # added to the training process's niceness: pages first, training after
KEEP_DONE = 1800  # s a finished job waits for its session to collect it
MAX_QUEUE = 20  # jobs waiting or running; more is refused with a message
ACTIVE = ("queued", "running")


def N_(message: str) -> str:
    """Mark a message for translation (this module has no session, so no language: the page
    translates a job's ``message_id`` and fills in its ``fields``)."""
    return message


def _env_number(name: str, default: float, low: float, high: float) -> float:
    try:
        v = float(os.environ.get(name, default))
    except ValueError:
        v = default
    return min(max(v, low), high)


class QueueFull(RuntimeError):
    """Too many trainings are waiting; ``limit`` is how many may wait or run at once."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(
            f"{limit} trainings are already waiting or running; try again in a few minutes"
        )


@dataclass
class Job:
    """One training: what was asked, where it is, what it reported, and its result."""

    id: str
    spec: dict
    status: str = "queued"  # queued | running | done | failed | cancelled | timed out
    message: str = ""  # why it failed or stopped, in (English) words
    message_id: str = ""  # the same before its fields are filled in: what a page translates
    fields: dict = field(default_factory=dict)  # the message's {fields}
    said: object | None = None  # a library error's Message (rnnviz.messages), if it was one
    events: list[dict] = field(default_factory=list)  # 'start' and 'epoch' reports, in order
    progress: dict | None = None  # the latest 'batch' report
    submitted: float = field(default_factory=time.monotonic)
    started: float | None = None
    finished: float | None = None
    model: object | None = None  # the trained RNNModel, once done
    card: dict = field(default_factory=dict)
    pid: int | None = None
    _process: object | None = None
    _conn: object | None = None
    _dir: str | None = None


def _child(spec: dict, conn, niceness: int) -> None:
    """The training process: low priority, one thread; every report goes down ``conn``."""
    with contextlib.suppress(OSError):  # some systems refuse; training still works
        os.nice(niceness)
    import torch

    torch.set_num_threads(1)
    from rnnviz.training.watch import train_watched

    try:
        result = train_watched(spec, conn.send)
        m = result.model
        conn.send(
            {
                "type": "done",
                "config": m.config.to_dict(),
                "state": {k: v.detach().numpy() for k, v in m.state_dict().items()},
                "card": {k: v for k, v in result.card.items() if k != "out"},
            }
        )
    except ValueError as e:  # the user's data or settings: DataFileError is one
        # English for the log; its Message (picklable) for a page in another language
        conn.send({"type": "error", "message": str(e)[:300], "said": message_of(e)})
    except Exception as e:  # pragma: no cover - a bug: the log has the traceback
        import traceback

        traceback.print_exc()
        conn.send(
            {
                "type": "error",
                "message": N_("the training failed ({name})"),
                "fields": {"name": type(e).__name__},
            }
        )
    finally:
        conn.close()


class Board:
    """The queue and the running trainings of one server process (thread-safe)."""

    def __init__(
        self, max_running: int = 1, time_limit: float = 600.0, max_queue: int = MAX_QUEUE
    ) -> None:
        self.max_running = max_running
        self.time_limit = time_limit
        self.max_queue = max_queue
        self._jobs: dict[str, Job] = {}  # insertion order = queue order
        self._lock = threading.RLock()
        self._thread: threading.Thread | None = None
        self._ctx = mp.get_context("spawn")

    # ---- what the page calls ----------------------------------------------------------

    def submit(self, spec: dict) -> str:
        """Queue a training; its id. ``spec`` as :func:`rnnviz.training.watch.check_spec`
        takes it, except that a file comes as ``data`` (bytes) and ``filename``."""
        with self._lock:
            self._forget_old()
            if sum(j.status in ACTIVE for j in self._jobs.values()) >= self.max_queue:
                raise QueueFull(self.max_queue)
            job = Job(uuid.uuid4().hex[:12], dict(spec))
            self._jobs[job.id] = job
            self._pump()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._supervise, name="rnnviz-training", daemon=True
                )
                self._thread.start()
            return job.id

    def view(self, job_id: str) -> dict | None:
        """A copy of the job's state for a page (None if unknown or forgotten), with its
        queue ``position`` (1: starts next; 0: not waiting)."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                return None
            return {
                "id": job.id,
                "status": job.status,
                "message": job.message,
                "message_id": job.message_id,
                "fields": dict(job.fields),
                "said": job.said,
                "events": list(job.events),
                "progress": dict(job.progress) if job.progress else None,
                "position": self.position(job_id),
                "running": sum(j.status == "running" for j in self._jobs.values()),
                "elapsed": (job.finished or time.monotonic()) - job.started if job.started else 0.0,
                "time_limit": self.time_limit,
                "model": job.model,
                "card": dict(job.card),
                "pid": job.pid,
                "spec": {k: v for k, v in job.spec.items() if k != "data"},
            }

    def position(self, job_id: str) -> int:
        """1 for the next job to start, 2 for the one after…; 0 if not waiting."""
        with self._lock:
            waiting = [j.id for j in self._jobs.values() if j.status == "queued"]
            return waiting.index(job_id) + 1 if job_id in waiting else 0

    def cancel(self, job_id: str) -> None:
        """Stop a job: a waiting one leaves the queue, a running one's process is killed."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None or job.status not in ACTIVE:
                return
            self._stop(job, "cancelled", N_("you pressed Cancel"))
            self._pump()

    def forget(self, job_id: str) -> None:
        """Drop a job's record (and its model) once its session has taken the result."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None and job.status not in ACTIVE:
                del self._jobs[job_id]

    def active(self) -> int:
        with self._lock:
            return sum(j.status in ACTIVE for j in self._jobs.values())

    def shutdown(self) -> None:
        """Kill every job (tests; a server that stops)."""
        with self._lock:
            for job in self._jobs.values():
                if job.status in ACTIVE:
                    self._stop(job, "cancelled", N_("the server stopped"))

    # ---- the supervisor ---------------------------------------------------------------

    def _supervise(self) -> None:
        while True:
            with self._lock:
                self._pump()
                if not any(j.status in ACTIVE for j in self._jobs.values()):
                    self._thread = None
                    return
            time.sleep(0.2)

    def _pump(self) -> None:
        """Read every report, finish what ended, stop what ran too long, start what fits."""
        now = time.monotonic()
        for job in list(self._jobs.values()):
            if job.status != "running":
                continue
            self._read(job)
            if job.status == "running" and now - job.started > self.time_limit:
                self._stop(
                    job,
                    "timed out",
                    N_(
                        "stopped after the time limit of {seconds} seconds; try fewer epochs, "
                        "fewer examples or fewer units"
                    ),
                    {"seconds": f"{self.time_limit:.0f}"},
                )
        running = sum(j.status == "running" for j in self._jobs.values())
        for job in list(self._jobs.values()):
            if running >= self.max_running:
                break
            if job.status == "queued":
                self._start(job)
                running += 1

    def _start(self, job: Job) -> None:
        spec = {k: v for k, v in job.spec.items() if k not in ("data", "filename")}
        if "data" in job.spec:  # an upload: a file of its own, removed when the job ends
            job._dir = tempfile.mkdtemp(prefix="rnnviz-train-")
            name = Path(str(job.spec.get("filename") or "data.txt")).name or "data.txt"
            path = Path(job._dir) / name
            path.write_bytes(job.spec["data"])
            spec["path"] = str(path)
        parent, child = self._ctx.Pipe(duplex=False)
        proc = self._ctx.Process(
            target=_child, args=(spec, child, NICE), name=f"rnnviz-train-{job.id}", daemon=True
        )
        proc.start()
        child.close()  # the parent keeps only its end: EOF when the child is gone
        job._process, job._conn, job.pid = proc, parent, proc.pid
        job.status, job.started = "running", time.monotonic()
        log.info("training %s started (pid %s): %s", job.id, proc.pid, spec)

    def _read(self, job: Job) -> None:
        conn = job._conn
        try:
            while conn.poll():
                msg = conn.recv()
                kind = msg.get("type")
                if kind == "batch":
                    job.progress = msg
                elif kind in ("start", "epoch"):
                    job.events.append(msg)
                elif kind == "done":
                    job.model, job.card = _model(msg), msg["card"]
                    self._end(job, "done", "")
                    return
                elif kind == "error":
                    why = msg.get("message") or N_("the training failed")
                    job.said = msg.get("said")
                    self._end(job, "failed", why, msg.get("fields"))
                    return
        except (EOFError, OSError):
            self._end(job, "failed", N_("the training process ended without a result"))

    def _stop(self, job: Job, status: str, message: str, fields: dict | None = None) -> None:
        proc = job._process
        if proc is not None and proc.is_alive():
            proc.kill()
        self._end(job, status, message, fields)

    def _end(self, job: Job, status: str, message: str, fields: dict | None = None) -> None:
        """``message``: English, with ``{fields}`` still to fill in (a page translates it)."""
        job.status, job.finished = status, time.monotonic()
        job.message_id, job.fields = message, dict(fields or {})
        job.message = message.format(**job.fields) if job.fields else message
        if job._process is not None:
            job._process.join(timeout=5)  # reaped: no zombie left behind
            job._process = None
        if job._conn is not None:
            job._conn.close()
            job._conn = None
        if job._dir:
            shutil.rmtree(job._dir, ignore_errors=True)
            job._dir = None
        job.spec.pop("data", None)  # an upload's bytes are not kept once it is used
        log.info("training %s %s %s", job.id, status, message)

    def _forget_old(self) -> None:
        now = time.monotonic()
        for job in list(self._jobs.values()):
            if job.status not in ACTIVE and now - (job.finished or now) > KEEP_DONE:
                del self._jobs[job.id]


def _model(msg: dict):
    import torch

    from rnnviz.model import ModelConfig, RNNModel

    model = RNNModel(ModelConfig.from_dict(msg["config"]))
    model.load_state_dict({k: torch.from_numpy(v) for k, v in msg["state"].items()})
    return model.eval()


_BOARD: Board | None = None
_BOARD_LOCK = threading.Lock()


def board() -> Board:
    """This server's one board (a module singleton: it outlives every rerun and session)."""
    global _BOARD
    with _BOARD_LOCK:
        if _BOARD is None:
            _BOARD = Board(
                max_running=int(_env_number("RNNVIZ_TRAIN_WORKERS", 1, 1, 8)),
                time_limit=_env_number("RNNVIZ_TRAIN_TIME_LIMIT", 600, 10, 3600),
            )
        return _BOARD
