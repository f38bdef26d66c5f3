"""Train: train a small network here and watch it learn, epoch by epoch, then explore it.

Storyboard: what training is, in two sentences, and the limits → what to learn from (one of
our example tasks, or your own CSV/TXT file, with the rows read and skipped) → the cell, its
size, the epochs → Train → your place in the queue, or the training's progress: loss and
accuracy after every epoch and, for our tasks, how clearly ONE unit flags each property
(the flag finder's best AUC) → the held-out accuracy and "Open in the explorer".

Trainings run in separate low-priority processes, one at a time by default
(``app/training_jobs.py``); this page keeps only its job's id in the session and polls the
job (a fragment that reruns every second) only while it waits or runs. A finished model
becomes a session model (``session_models``): this browser tab's only, never on disk.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import glossary
import session_models
import state
import streamlit as st
import training_jobs
import ui
import widgets

from rnnviz import figures, tasks
from rnnviz.training.tasks import GENERIC_DEFAULTS, TASK_DEFAULTS
from rnnviz.training.userdata import MAX_FILE_BYTES, DataFileError, csv_columns, read_csv_file
from rnnviz.training.watch import CAPS

JOB = "train.job"  # the id of this session's job on the board
DONE = "train.done"  # the finished training: its reports, card and session-model name
FILE = "train.file"  # what was read from the uploaded file: (digest, columns or None, error)
# widget keys of the settings (not the buttons or the upload, which cannot be set)
KEEP = (  # prefixes of the settings' widget keys (not the buttons or the upload: unsettable)
    "train.source",
    "train.task",
    "train.cell",
    "train.level",
    "train.textcol",
    "train.labelcol",
    "train.hidden.",
    "train.epochs.",
    "train.examples.",
)
CELLS = {
    "lstm": "LSTM: a separate memory line with gates that decide what to keep and what to "
    "forget; best at remembering across a long sentence",
    "gru": "GRU: a lighter gated cell (two gates, no separate memory line)",
    "rnn": "Plain RNN: no gates at all; it tends to forget what it read a few words ago",
}
INTRO = (
    "A network starts out knowing nothing: its numbers are random. **Training** shows it "
    "thousands of examples, and after each one nudges every number a little so that its "
    "answer would have been less wrong. One pass over all the examples is an **epoch**. "
    "Here you can train a small network yourself and watch it learn, epoch by epoch, then "
    "open it in the explorer and see what it does with a sentence."
)


def limits() -> None:
    b = training_jobs.board()
    lo_h, hi_h = CAPS["hidden_size"]
    st.caption(
        f"Limits: {lo_h}–{hi_h} units, up to {CAPS['epochs'][1]} epochs and "
        f"{CAPS['n_train'][1]:,} examples; files up to {MAX_FILE_BYTES // 2**20} MB; a "
        f"training is stopped after {b.time_limit / 60:.0f} minutes. This server trains "
        f"{b.max_running} network{'s' if b.max_running > 1 else ''} at a time; others wait "
        "their turn. Your trained network stays in this browser tab only."
    )


def main() -> None:
    state.apply_teacher_style()
    st.title("Train a network and watch it learn")
    widgets.intro(INTRO)
    limits()
    ss = st.session_state
    if ss.get(JOB):
        for k in [k for k in ss if str(k).startswith(KEEP)]:
            ss[k] = ss[k]  # the settings survive the runs that do not draw them
        job_panel(ss[JOB])
        return
    if ss.get(DONE):
        finished(ss[DONE])
        st.divider()
        st.subheader("Train another")
    settings()


def settings() -> dict | None:
    """The choices; queues a training when the button is pressed."""
    ss = st.session_state
    source = st.radio(
        "What should it learn from?",
        ["One of our example tasks", "Your own file (CSV or TXT)"],
        key="train.source",
        horizontal=True,
    )
    spec: dict | None
    if source.startswith("One"):
        spec = task_choice()
    else:
        spec = file_choice()
    if spec is None:
        return None
    c1, c2, c3 = st.columns([2, 1, 1])
    cell = c1.radio(
        "Cell",
        list(CELLS),
        key="train.cell",
        format_func=lambda c: ui.CELL_NAMES[c],
        horizontal=True,
        help=" · ".join(CELLS.values()),
    )
    st.caption(CELLS[cell])
    d = {**GENERIC_DEFAULTS, **TASK_DEFAULTS.get(spec.get("task", ""), {})}
    tag = spec.get("task") or "file"  # each task keeps its own defaults
    spec["hidden_size"] = c2.number_input(
        "Units",
        *CAPS["hidden_size"],
        value=min(d["hidden_size"], CAPS["hidden_size"][1]),
        step=8,
        key=f"train.hidden.{tag}",
        help="How many numbers the network carries from one word to the next. More units "
        "can learn more, but take longer to train.",
    )
    spec["epochs"] = c3.number_input(
        "Epochs",
        *CAPS["epochs"],
        value=min(d["epochs"], 10),
        key=f"train.epochs.{tag}",
        help="How many times it reads all the training examples.",
    )
    spec["cell"] = cell
    if st.button("Start training", type="primary", icon=":material/play_arrow:", key="train.go"):
        try:
            ss[JOB] = training_jobs.board().submit(spec)
        except training_jobs.QueueFull as e:
            st.warning(str(e))
            return spec
        ss.pop(DONE, None)
        st.rerun()
    return spec


def task_choice() -> dict:
    names = [t for t in tasks.names()]
    t = st.selectbox(
        "Task",
        names,
        index=names.index("sentiment"),
        key="train.task",
        format_func=lambda n: f"{n}: {tasks.info(n).description}",
    )
    info = tasks.info(t)
    if info.properties:
        st.caption(
            "While it trains you will see how clearly one unit flags: "
            + ", ".join(f"“{glossary.property_name(p)}”" for p in info.properties)
            + "."
        )
    d = {**GENERIC_DEFAULTS, **TASK_DEFAULTS.get(t, {})}
    lo, hi = CAPS["n_train"]
    n = st.slider(
        "Training examples",
        lo,
        hi,
        min(d["n_train"], 4000),
        step=100,
        key=f"train.examples.{t}",
        help="How many example texts it learns from (generated fresh for this training).",
    )
    return {"kind": "task", "task": t, "n_train": int(n)}


def file_choice() -> dict | None:
    ss = st.session_state
    up = st.file_uploader(
        "A CSV file (a text column and a label column: the network learns to guess the "
        "label) or a TXT file (the network learns to write the next letter)",
        type=["csv", "tsv", "txt"],
        key="train.upload",
    )
    if up is None:
        return None
    data = up.getvalue()
    if len(data) > MAX_FILE_BYTES:
        st.warning(
            f"{ui.md_escape(up.name)} is {len(data) / 2**20:.1f} MB; the limit is "
            f"{MAX_FILE_BYTES // 2**20} MB. Use a sample of it."
        )
        return None
    name = Path(up.name).name
    if name.lower().endswith(".txt"):
        level = st.radio(
            "Read it as",
            ["char", "word"],
            key="train.level",
            horizontal=True,
            format_func=lambda v: "letters (one at a time)" if v == "char" else "words",
        )
        return {"kind": "text", "data": data, "filename": name, "level": level}
    digest = hashlib.sha256(data).hexdigest()
    if ss.get(FILE, (None,))[0] != digest:
        ss[FILE] = (digest, *_columns(data, name))
    _, columns, error = ss[FILE]
    if error:
        st.warning(error)
        return None
    c1, c2 = st.columns(2)
    text_col = c1.selectbox("Text column", columns, key="train.textcol")
    label_col = c2.selectbox(
        "Label column (what to guess)", columns, index=len(columns) - 1, key="train.labelcol"
    )
    if text_col == label_col:
        st.info("Choose two different columns: one with the text, one with the label.")
        return None
    summary = _summary(data, name, text_col, label_col)
    if summary.startswith("!"):
        st.warning(summary[1:])
        return None
    st.caption(ui.md_escape(summary))
    return {
        "kind": "csv",
        "data": data,
        "filename": name,
        "text_column": text_col,
        "label_column": label_col,
    }


def _columns(data: bytes, name: str) -> tuple[list[str] | None, str]:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / name
        p.write_bytes(data)
        try:
            cols = csv_columns(p)
        except DataFileError as e:
            return None, str(e)
    if len(cols) < 2:
        return None, f"{name} has one column; a classifier needs a text and a label column."
    return cols, ""


@st.cache_data(max_entries=8, ttl=600, show_spinner=False)
def _summary(data: bytes, name: str, text_col: str, label_col: str) -> str:
    """“N rows read, M skipped (why) …”, or “!” and why the file cannot be used."""
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / name
        p.write_bytes(data)
        try:
            return read_csv_file(p, text_col, label_col).summary(name)
        except DataFileError as e:
            return "!" + str(e)


def job_panel(job_id: str) -> None:
    """The job while it waits or runs: redrawn every second; once it ends, the whole page."""
    view = training_jobs.board().view(job_id)
    active = view is not None and view["status"] in training_jobs.ACTIVE
    st.fragment(run_every=1.0 if active else None)(_job_body)(job_id)


def _job_body(job_id: str) -> None:
    ss = st.session_state
    board = training_jobs.board()
    v = board.view(job_id)
    if v is None:
        ss.pop(JOB, None)
        st.info("That training is no longer on the server (it may have restarted).")
        return
    if v["status"] not in training_jobs.ACTIVE:
        collect(v)
        board.forget(job_id)
        ss.pop(JOB, None)
        st.rerun()
    spec = v["spec"]
    what = spec.get("task") or spec.get("filename", "your file")
    st.subheader(f"Training your {ui.CELL_NAMES[spec['cell']]} on {ui.md_escape(what)}")
    epochs = [e for e in v["events"] if e["type"] == "epoch"]
    if v["status"] == "queued":
        ahead = v["position"] - 1
        st.info(
            f"Waiting for your turn: you are number **{v['position']}** in the queue "
            f"({v['running']} training{'s' if v['running'] != 1 else ''} running"
            + (f", {ahead} more waiting before you" if ahead else "")
            + "). It starts by itself; keep this tab open.",
            icon=":material/hourglass_top:",
        )
    else:
        p = v["progress"]
        n = spec.get("epochs") or 1
        if p is None:
            st.progress(0.0, text="Starting (loading the tools takes a few seconds)…")
        else:
            done = (p["epoch"] - 1 + p["batch"] / p["batches"]) / n
            st.progress(
                min(done, 1.0),
                text=f"Epoch {p['epoch']} of {n} · loss {p['loss']:.3f} · "
                f"right {ui.percent(p['accuracy'])} so far this epoch · "
                f"{v['elapsed']:.0f} s of at most {v['time_limit']:.0f} s",
            )
    if st.button("Cancel", icon=":material/stop:", key="train.cancel"):
        board.cancel(job_id)
        st.rerun()
    curves(epochs, spec.get("epochs"), "live")


def curves(epochs: list[dict], total: int | None, key: str) -> None:
    if not epochs:
        return
    left, right = st.columns(2)
    for col, measure in ((left, "loss"), (right, "accuracy")):
        fig = figures.training_chart(epochs, measure, total)
        ui.chart(fig, key=f"train.{measure}.{key}", where=col)
    if any(e.get("flags") for e in epochs):
        named = [
            {**e, "flags": {glossary.property_name(p): a for p, a in e["flags"].items()}}
            for e in epochs
        ]
        ui.chart(figures.flag_growth_chart(named, total), key=f"train.flags.{key}")
        st.caption(
            "After every epoch the flag finder looks at every unit on the same 80 new "
            "sentences and asks: does this ONE number go up (or down) exactly where the "
            "property holds? 0.5 means no better than a coin toss; 1.0 means that unit "
            "alone tells you perfectly. Watch a flag appear as the network learns."
        )


def collect(v: dict) -> None:
    """A job that ended: keep what the page shows, and the model as a session model."""
    name = None
    if v["status"] == "done" and v["model"] is not None:
        s = v["spec"]
        what = s.get("task") or Path(s.get("filename", "file")).stem
        label = f"{what}-{s['cell']}-{s.get('hidden_size', '')}"
        name = session_models.add(v["model"], label)
    st.session_state[DONE] = {
        "status": v["status"],
        "message": v["message"],
        "events": [e for e in v["events"] if e["type"] == "epoch"],
        "card": {k: v["card"].get(k) for k in ("accuracy", "accuracy_metric", "flags")},
        "spec": v["spec"],
        "seconds": round(v["elapsed"]),
        "name": name,
    }


def finished(done: dict) -> None:
    spec = done["spec"]
    what = spec.get("task") or spec.get("filename", "your file")
    if done["status"] != "done":
        st.warning(f"The training on {ui.md_escape(what)} {done['status']}: {done['message']}")
        curves(done["events"], spec.get("epochs"), "done")
        return
    st.subheader(f"Your {ui.CELL_NAMES[spec['cell']]} on {ui.md_escape(what)} is trained")
    card = done["card"]
    left, right = st.columns([1, 2], vertical_alignment="center")
    acc = card.get("accuracy")
    if acc is not None:
        left.metric(
            "Accuracy on examples it never saw",
            ui.percent(acc),
            help=glossary.plain_metric(str(card.get("accuracy_metric") or "")),
        )
    with right:
        if done["name"] and session_models.get(done["name"]) is not None:
            st.page_link(
                "views/explorer.py",
                label="Open in the explorer",
                icon=":material/visibility:",
                query_params={"model": done["name"], **state.teacher_params()},
            )
            st.caption(
                f"{len(done['events'])} epochs in {done['seconds']} seconds. Your network "
                "lives in this browser tab only: a link you share does not include it."
            )
    curves(done["events"], spec.get("epochs"), "done")


ui.guard(main)
