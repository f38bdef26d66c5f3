"""The ``rnnviz`` command line: trace a text, list the shipped models, train a model, run the app.

    rnnviz list
    rnnviz trace --model sentiment-lstm "the film was not good" --format json
    rnnviz train sentiment --cell lstm --seed 0 --out runs/my-lstm
    rnnviz convert model.pt --vocab vocab.json --labels neg,pos --tokenizer basic_english \
        --readout mean --out runs/my-notebook-model
    rnnviz generate --model stories-lstm "once upon a time" --length 80 --seed 1
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

from rnnviz import checkpoint
from rnnviz.checkpoint import CheckpointError, card, list_models, load
from rnnviz.export import FORMATS, export
from rnnviz.model import RNNModel
from rnnviz.resources import app_dir
from rnnviz.tracing import TraceInputError, trace
from rnnviz.training.cli import add_train_arguments, run_train

USER_ERRORS = (CheckpointError, TraceInputError, ValueError, OSError)
MAX_ERROR = 400  # characters: messages are written short; this only guards the terminal


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


def _cmd_convert(args: argparse.Namespace) -> int:
    sd = checkpoint.read_weights(args.state_dict)
    vocab = checkpoint.read_vocab(args.vocab)
    labels = [x.strip() for x in args.labels.split(",")] if args.labels else None
    if labels is not None and not all(labels):
        raise ValueError(f"--labels has an empty name: {args.labels[:100]!r}")
    cfg = checkpoint.infer_config(
        sd, vocab, labels=labels, tokenizer=args.tokenizer, readout=args.readout
    )
    model = RNNModel(cfg)
    model.load_state_dict({k: v.to(model.fc.weight.dtype) for k, v in sd.items()})
    folder = checkpoint.save(model, args.out)
    what = "language model" if cfg.head == "lm" else f"classifier ({', '.join(cfg.labels)[:80]})"
    print(
        f"wrote {folder}: {cfg.cell.upper()} {what}, {cfg.num_layers} layer(s)"
        f"{', bidirectional' if cfg.bidirectional else ''}, hidden {cfg.hidden_size}, "
        f"vocabulary {len(cfg.vocab):,}, tokenizer {cfg.tokenizer['kind']}"
        + (f", readout {cfg.readout}" if cfg.head == "classifier" else ""),
        file=sys.stderr,
    )
    return 0


def _cmd_generate(args: argparse.Namespace) -> int:
    from rnnviz.analysis.generation import generate

    model = load(args.model)
    g = generate(model, args.prompt, n=args.length, temperature=args.temperature, seed=args.seed)
    print(g.text)
    return 0


def _cmd_app(args: argparse.Namespace) -> int:
    app = app_dir() / "streamlit_app.py"
    if not app.is_file():
        raise FileNotFoundError(f"the app is missing from this installation ({app})")
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
    # run in the app's folder so its .streamlit/config.toml (theme, limits) applies
    return subprocess.call(cmd, cwd=app.parent, env=env)


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
        "convert",
        help="turn a notebook's state_dict (.pt/.pth) + vocabulary into a checkpoint folder",
        description="Read a state_dict saved with torch.save(model.state_dict(), PATH) from a "
        "module built as embedding -> rnn -> fc, infer cell, sizes, layers and directions, "
        "and write a checkpoint folder (config.json + weights.safetensors) that every rnnviz "
        "command and the app can open. Nothing in the file is run (weights_only=True).",
    )
    p.add_argument("state_dict", help="the .pt/.pth file (a state_dict, or a dict holding one)")
    p.add_argument(
        "--vocab",
        required=True,
        metavar="FILE",
        help="JSON list (index -> token), JSON dict (token -> index), or one token per line",
    )
    p.add_argument("--labels", help="class names in output order, comma-separated: neg,pos")
    p.add_argument(
        "--tokenizer",
        required=True,
        choices=tuple(checkpoint.TOKENIZER_NAMES),
        help="how the notebook split text: basic_english (torchtext's), whitespace "
        "(text.split()), word (rnnviz's words), char (characters)",
    )
    p.add_argument(
        "--readout",
        choices=("last", "mean"),
        help="classifier: last = the final hidden state (fc(h_n[-1]), fc(out[:, -1]), or h_n "
        "of packed sequences); "
        "mean = the mean of every step's output (fc(out.mean(1)))",
    )
    p.add_argument("--out", "-o", required=True, help="checkpoint folder to write")
    p.set_defaults(func=_cmd_convert)

    p = sub.add_parser(
        "generate",
        help="write text with a language model",
        description="Continue PROMPT with a language model, one sampled token at a time.",
    )
    p.add_argument("prompt", help="the text to continue")
    p.add_argument("--model", "-m", required=True, help="a language model (see `rnnviz list`)")
    p.add_argument("--length", "-n", type=int, default=80, help="tokens to write (default 80)")
    p.add_argument(
        "--temperature",
        "-t",
        type=float,
        default=0.8,
        help="below 1: safer, more repetitive; above 1: more adventurous (default 0.8)",
    )
    p.add_argument("--seed", "-s", type=int, default=0, help="same seed, same text")
    p.set_defaults(func=_cmd_generate)

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
        rc = int(args.func(args) or 0)
        sys.stdout.flush()  # inside the try: a closed pipe is reported here, not at exit
        return rc
    except BrokenPipeError:
        # `rnnviz trace ... | head`: the reader left. Point stdout at /dev/null so the
        # interpreter's final flush does not print a traceback either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except USER_ERRORS as e:
        msg = " ".join(str(e).split())  # one line, whatever the message held
        print(f"rnnviz {args.command}: {msg[:MAX_ERROR]}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
