"""The ``rnnviz`` command line: trace a text, list the shipped models, train a model, run the app.

    rnnviz list
    rnnviz trace --model sentiment-lstm "the film was not good" --format json
    rnnviz train sentiment --cell lstm --seed 0 --out runs/my-lstm
    rnnviz app

Errors a user can fix (an unknown model, empty text, a bad checkpoint or data file) are
printed as one line on stderr with exit status 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from rnnviz.checkpoint import CheckpointError, card, list_models, load
from rnnviz.export import FORMATS, export
from rnnviz.tracing import TraceInputError, trace
from rnnviz.training.cli import add_train_arguments, run_train

USER_ERRORS = (CheckpointError, TraceInputError, ValueError, FileNotFoundError)


def _cmd_list(args: argparse.Namespace) -> int:
    names = list_models()
    if not names:
        print("no models shipped in assets/ (run scripts/build_assets.py)", file=sys.stderr)
        return 1
    for name in names:
        c = card(name)
        acc = c.get("accuracy")
        acc_s = f"{acc:6.1%}" if isinstance(acc, (int, float)) else "     -"
        print(f"{name:22} {acc_s}  {c.get('description', '')}")
    return 0


def _cmd_trace(args: argparse.Namespace) -> int:
    model = load(args.model)
    text = args.text if args.text != "-" else sys.stdin.read()
    data = export(trace(model, text), args.format)
    if args.out:
        Path(args.out).write_bytes(data)
        print(f"wrote {len(data):,} bytes to {args.out}", file=sys.stderr)
    elif args.format == "npz":
        if sys.stdout.isatty():
            raise ValueError("npz is binary: pass --out FILE (or redirect stdout)")
        sys.stdout.buffer.write(data)
    else:
        sys.stdout.write(data.decode())
        sys.stdout.write("\n")
    return 0


def _cmd_app(args: argparse.Namespace) -> int:
    app = Path(__file__).resolve().parent.parent / "app" / "streamlit_app.py"
    if not app.is_file():
        raise FileNotFoundError(
            f"the app is not next to this package ({app}); run from a source checkout"
        )
    env = dict(os.environ)
    if args.models:  # the user's own checkpoints join the shipped ones in the model picker
        env["RNNVIZ_MODELS"] = os.pathsep.join(
            [str(Path(m).resolve()) for m in args.models] + [env.get("RNNVIZ_MODELS", "")]
        ).strip(os.pathsep)
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(args.port),
        "--server.address",
        args.address,
        "--browser.gatherUsageStats=false",
        # headless: Streamlit asks for an e-mail address on a first run otherwise, and waits
        # for an answer; it prints the address to open either way
        "--server.headless=true",
        *args.streamlit,  # the user's own options come last, so they win
    ]
    # run from the checkout so the app's .streamlit/config.toml (theme, limits) applies
    return subprocess.call(cmd, cwd=app.parent.parent, env=env)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="rnnviz",
        description="See inside a recurrent network while it reads. Trace RNN/LSTM/GRU "
        "models token by token, train small models, run the app.",
    )
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("list", help="list the shipped models with their held-out accuracy")
    p.set_defaults(func=_cmd_list)

    p = sub.add_parser(
        "trace",
        help="trace a text through a model and write every state, gate and prediction",
        description="Trace TEXT through a model: hidden state, cell state, every gate per "
        "token, and the head's output after every prefix.",
    )
    p.add_argument("text", help="the text to read ('-' reads standard input)")
    p.add_argument(
        "--model",
        "-m",
        required=True,
        help="a shipped model's name (see `rnnviz list`) or a checkpoint folder/file",
    )
    p.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default="json",
        help="json: nested arrays; csv: one row per value; npz: NumPy arrays",
    )
    p.add_argument("--out", "-o", help="write to this file instead of standard output")
    p.set_defaults(func=_cmd_trace)

    p = sub.add_parser(
        "train",
        help="train a model on a built-in task or on your own text/CSV file",
        description="Train a model on a built-in task (TASK), on a text file (--text: "
        "a language model) or on a CSV file (--csv: a classifier).",
    )
    add_train_arguments(p)
    p.set_defaults(func=run_train)

    p = sub.add_parser(
        "app",
        help="start the Streamlit app",
        description="Start the app (streamlit run) and print the address to open in a browser. "
        "Any other option, or anything after --, goes to `streamlit run` unchanged, e.g. "
        "`rnnviz app -- --server.headless false` (open a browser tab) or "
        "`rnnviz app --theme.base dark`.",
    )
    p.add_argument("--port", type=int, default=8501, help="port to serve on (default 8501)")
    p.add_argument(
        "--address",
        default="localhost",
        help="address to listen on (default localhost; 0.0.0.0 to serve a classroom network)",
    )
    p.add_argument(
        "--models",
        nargs="+",
        metavar="DIR",
        help="folders of your own checkpoints (e.g. runs/) to offer next to the shipped ones",
    )
    p.set_defaults(func=_cmd_app)
    return ap


def main(argv: list[str] | None = None) -> int:
    ap = build_parser()
    args, extra = ap.parse_known_args(argv)
    if args.command == "app":
        args.streamlit = [a for a in extra if a != "--"]
    elif extra:
        ap.error(f"unrecognized arguments: {' '.join(extra)}")  # exit 2, one line
    try:
        return int(args.func(args) or 0)
    except USER_ERRORS as e:
        print(f"rnnviz {args.command}: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
