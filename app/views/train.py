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
from i18n import N_, _, ngettext, number, said

from rnnviz import figures, tasks
from rnnviz.messages import Said
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
    "lstm": N_(
        "LSTM: a separate memory line with gates that decide what to keep and what to "
        "forget; best at remembering across a long sentence"
    ),
    "gru": N_("GRU: a lighter gated cell (two gates, no separate memory line)"),
    "rnn": N_("Plain RNN: no gates at all; it tends to forget what it read a few words ago"),
}
INTRO = N_(
    "A network starts out knowing nothing: its numbers are random. **Training** shows it "
    "thousands of examples, and after each one nudges every number a little so that its "
    "answer would have been less wrong. One pass over all the examples is an **epoch**. "
    "Here you can train a small network yourself and watch it learn, epoch by epoch, then "
    "open it in the explorer and see what it does with a sentence."
)
SOURCES = {"task": N_("One of our example tasks"), "file": N_("Your own file (CSV or TXT)")}
LEVELS = {"char": N_("letters (one at a time)"), "word": N_("words")}


def _cell(cell: str) -> str:
    """A cell's name as the page says it ("LSTM", "plain RNN"), in the session's language."""
    return _(ui.CELL_NAMES[cell])


def _why(v: dict) -> str:
    """A job's message in the session's language (a library error's too: its Message)."""
    if v.get("said") is not None:
        return said(v["said"])
    raw = v.get("message_id") or v.get("message") or ""
    if not raw:  # _("") would be the catalog's header
        return ""
    msg = _(raw)
    fields = v.get("fields") or {}
    return msg.format(**fields) if fields else msg


def limits() -> None:
    b = training_jobs.board()
    lo_h, hi_h = CAPS["hidden_size"]
    first = _(
        "Limits: {low}–{high} units, up to {epochs} epochs and {examples} examples; files up "
        "to {mb} MB; a training is stopped after {minutes} minutes."
    ).format(
        low=lo_h,
        high=hi_h,
        epochs=CAPS["epochs"][1],
        examples=number(CAPS["n_train"][1], 0),
        mb=MAX_FILE_BYTES // 2**20,
        minutes=f"{b.time_limit / 60:.0f}",
    )
    then = ngettext(
        "This server trains {n} network at a time; others wait their turn. Your trained "
        "network stays in this browser tab only.",
        "This server trains {n} networks at a time; others wait their turn. Your trained "
        "network stays in this browser tab only.",
        b.max_running,
    ).format(n=b.max_running)
    st.caption(f"{first} {then}")


def main() -> None:
    state.apply_teacher_style()
    st.title(_("Train a network and watch it learn"))
    widgets.intro(_(INTRO))
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
        st.subheader(_("Train another"))
    settings()


def settings() -> dict | None:
    """The choices; queues a training when the button is pressed."""
    ss = st.session_state
    source = st.radio(
        _("What should it learn from?"),
        list(SOURCES),
        format_func=lambda k: _(SOURCES[k]),
        key="train.source",
        horizontal=True,
    )
    spec: dict | None
    if source == "task":
        spec = task_choice()
    else:
        spec = file_choice()
    if spec is None:
        return None
    c1, c2, c3 = st.columns([2, 1, 1])
    cell = c1.radio(
        _("Cell"),
        list(CELLS),
        key="train.cell",
        format_func=_cell,
        horizontal=True,
        help=" · ".join(_(v) for v in CELLS.values()),
    )
    st.caption(_(CELLS[cell]))
    d = {**GENERIC_DEFAULTS, **TASK_DEFAULTS.get(spec.get("task", ""), {})}
    tag = spec.get("task") or "file"  # each task keeps its own defaults
    spec["hidden_size"] = c2.number_input(
        _("Units"),
        *CAPS["hidden_size"],
        value=min(d["hidden_size"], CAPS["hidden_size"][1]),
        step=8,
        key=f"train.hidden.{tag}",
        help=_(
            "How many numbers the network carries from one word to the next. More units "
            "can learn more, but take longer to train."
        ),
    )
    spec["epochs"] = c3.number_input(
        _("Epochs"),
        *CAPS["epochs"],
        value=min(d["epochs"], 10),
        key=f"train.epochs.{tag}",
        help=_("How many times it reads all the training examples."),
    )
    spec["cell"] = cell
    go = st.button(
        _("Start training"), type="primary", icon=":material/play_arrow:", key="train.go"
    )
    if go:
        try:
            ss[JOB] = training_jobs.board().submit(spec)
        except training_jobs.QueueFull as e:
            st.warning(
                ngettext(
                    "{n} training is already waiting or running; try again in a few minutes",
                    "{n} trainings are already waiting or running; try again in a few minutes",
                    e.limit,
                ).format(n=e.limit)
            )
            return spec
        ss.pop(DONE, None)
        st.rerun()
    return spec


def task_choice() -> dict:
    names = [t for t in tasks.names()]
    t = st.selectbox(
        _("Task"),
        names,
        index=names.index("sentiment"),
        key="train.task",
        format_func=lambda n: f"{n}: {glossary.task_description(n, tasks.info(n).description)}",
    )
    info = tasks.info(t)
    if info.properties:
        st.caption(
            _("While it trains you will see how clearly one unit flags: {properties}.").format(
                properties=", ".join(
                    _("“{name}”").format(name=glossary.property_name(p)) for p in info.properties
                )
            )
        )
    d = {**GENERIC_DEFAULTS, **TASK_DEFAULTS.get(t, {})}
    lo, hi = CAPS["n_train"]
    n = st.slider(
        _("Training examples"),
        lo,
        hi,
        min(d["n_train"], 4000),
        step=100,
        key=f"train.examples.{t}",
        help=_("How many example texts it learns from (generated fresh for this training)."),
    )
    return {"kind": "task", "task": t, "n_train": int(n)}


def file_choice() -> dict | None:
    ss = st.session_state
    up = widgets.file_uploader(
        st,
        _(
            "A CSV file (a text column and a label column: the network learns to guess the "
            "label) or a TXT file (the network learns to write the next letter)"
        ),
        ["csv", "tsv", "txt"],
        key="train.upload",
    )
    if up is None:
        return None
    data = up.getvalue()
    if len(data) > MAX_FILE_BYTES:
        st.warning(
            _("{name} is {size} MB; the limit is {limit} MB. Use a sample of it.").format(
                name=ui.md_escape(up.name),
                size=number(len(data) / 2**20, 1),
                limit=MAX_FILE_BYTES // 2**20,
            )
        )
        return None
    name = Path(up.name).name
    if name.lower().endswith(".txt"):
        level = st.radio(
            _("Read it as"),
            list(LEVELS),
            key="train.level",
            horizontal=True,
            format_func=lambda v: _(LEVELS[v]),
        )
        return {"kind": "text", "data": data, "filename": name, "level": level}
    digest = hashlib.sha256(data).hexdigest()
    if ss.get(FILE, (None,))[0] != digest:
        ss[FILE] = (digest, *_columns(data, name))
    _digest, columns, error = ss[FILE]
    if error:
        st.warning(error)
        return None
    c1, c2 = st.columns(2)
    text_col = c1.selectbox(_("Text column"), columns, key="train.textcol")
    label_col = c2.selectbox(
        _("Label column (what to guess)"),
        columns,
        index=len(columns) - 1,
        key="train.labelcol",
    )
    if text_col == label_col:
        st.info(_("Choose two different columns: one with the text, one with the label."))
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
            return None, said(e)
    if len(cols) < 2:
        return None, _(
            "{name} has one column; a classifier needs a text and a label column."
        ).format(name=name)
    return cols, ""


def _summary(data: bytes, name: str, text_col: str, label_col: str) -> str:
    """“N rows read, M skipped (why) …”, or “!” and why the file cannot be used, in the
    session's language (the file is read once, for every language: :func:`_read_summary`)."""
    ok, message = _read_summary(data, name, text_col, label_col)
    return ("" if ok else "!") + said(message)


@st.cache_data(max_entries=8, ttl=600, show_spinner=False)
def _read_summary(data: bytes, name: str, text_col: str, label_col: str) -> tuple[bool, Said]:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / name
        p.write_bytes(data)
        try:
            return True, Said(read_csv_file(p, text_col, label_col).said(name))
        except DataFileError as e:
            return False, Said(e)


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
        st.info(_("That training is no longer on the server (it may have restarted)."))
        return
    if v["status"] not in training_jobs.ACTIVE:
        collect(v)
        board.forget(job_id)
        ss.pop(JOB, None)
        st.rerun()
    spec = v["spec"]
    what = spec.get("task") or spec.get("filename") or _("your file")
    st.subheader(
        _("Training your {cell} on {what}").format(
            cell=_cell(spec["cell"]), what=ui.md_escape(what)
        )
    )
    epochs = [e for e in v["events"] if e["type"] == "epoch"]
    if v["status"] == "queued":
        ahead = v["position"] - 1
        details = ngettext("{n} training running", "{n} trainings running", v["running"]).format(
            n=v["running"]
        )
        if ahead:
            details = _("{running}, {waiting}").format(
                running=details,
                waiting=ngettext(
                    "{n} more waiting before you", "{n} more waiting before you", ahead
                ).format(n=ahead),
            )
        st.info(
            _(
                "Waiting for your turn: you are number **{position}** in the queue "
                "({details}). It starts by itself; keep this tab open."
            ).format(position=v["position"], details=details),
            icon=":material/hourglass_top:",
        )
    else:
        p = v["progress"]
        n = spec.get("epochs") or 1
        if p is None:
            st.progress(0.0, text=_("Starting (loading the tools takes a few seconds)…"))
        else:
            done = (p["epoch"] - 1 + p["batch"] / p["batches"]) / n
            st.progress(
                min(done, 1.0),
                text=_(
                    "Epoch {epoch} of {n} · loss {loss} · right {percent} so far this epoch · "
                    "{elapsed} s of at most {limit} s"
                ).format(
                    epoch=p["epoch"],
                    n=n,
                    loss=number(p["loss"], 3),
                    percent=ui.percent(p["accuracy"]),
                    elapsed=f"{v['elapsed']:.0f}",
                    limit=f"{v['time_limit']:.0f}",
                ),
            )
    if st.button(_("Cancel"), icon=":material/stop:", key="train.cancel"):
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
            _(
                "After every epoch the flag finder looks at every unit on the same 80 new "
                "sentences and asks: does this ONE number go up (or down) exactly where the "
                "property holds? 0.5 means no better than a coin toss; 1.0 means that unit "
                "alone tells you perfectly. Watch a flag appear as the network learns."
            )
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
        "message_id": v.get("message_id", ""),
        "fields": v.get("fields") or {},
        "said": v.get("said"),
        "events": [e for e in v["events"] if e["type"] == "epoch"],
        "card": {k: v["card"].get(k) for k in ("accuracy", "accuracy_metric", "flags")},
        "spec": v["spec"],
        "seconds": round(v["elapsed"]),
        "name": name,
    }


def finished(done: dict) -> None:
    spec = done["spec"]
    what = ui.md_escape(spec.get("task") or spec.get("filename") or _("your file"))
    if done["status"] != "done":
        why = ui.md_escape(_why(done))
        if done["status"] == "cancelled":
            st.warning(_("The training on {what} was cancelled: {why}").format(what=what, why=why))
        elif done["status"] == "timed out":
            st.warning(
                _("The training on {what} ran out of time: {why}").format(what=what, why=why)
            )
        else:
            st.warning(_("The training on {what} failed: {why}").format(what=what, why=why))
        curves(done["events"], spec.get("epochs"), "done")
        return
    st.subheader(_("Your {cell} on {what} is trained").format(cell=_cell(spec["cell"]), what=what))
    card = done["card"]
    left, right = st.columns([1, 2], vertical_alignment="center")
    acc = card.get("accuracy")
    if acc is not None:
        left.metric(
            _("Accuracy on examples it never saw"),
            ui.percent(acc),
            help=glossary.plain_metric(str(card.get("accuracy_metric") or "")),
        )
    with right:
        if done["name"] and session_models.get(done["name"]) is not None:
            st.page_link(
                "views/explorer.py",
                label=_("Open in the explorer"),
                icon=":material/visibility:",
                query_params={"model": done["name"], **state.teacher_params()},
            )
            st.caption(
                ngettext(
                    "{n} epoch in {seconds} seconds. Your network lives in this browser tab "
                    "only: a link you share does not include it.",
                    "{n} epochs in {seconds} seconds. Your network lives in this browser tab "
                    "only: a link you share does not include it.",
                    len(done["events"]),
                ).format(n=len(done["events"]), seconds=done["seconds"])
            )
    curves(done["events"], spec.get("epochs"), "done")


ui.guard(main)
