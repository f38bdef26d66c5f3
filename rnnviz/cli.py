"""The ``rnnviz`` command line: trace a text, list the shipped models, train a model, run the app.

    rnnviz list
    rnnviz trace --model sentiment-lstm "the film was not good" --format json
    rnnviz train sentiment --cell lstm --seed 0 --out runs/my-lstm
    rnnviz convert model.pt --vocab vocab.json --labels neg,pos --tokenizer basic_english \
        --readout mean --out runs/my-notebook-model
    rnnviz generate --model stories-lstm "once upon a time" --length 80 --seed 1
    rnnviz units --model sentiment-lstm reviews.txt --unit 8 --top 5
    rnnviz app --corpus my_texts/

Errors a user can fix (an unknown model, empty text, a bad checkpoint or data file) are
printed as one line on stderr with exit status 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

# Only modules that need no PyTorch at the top: torch takes seconds to import, and a bad
# model folder, a wrong flag or `rnnviz list` should answer in milliseconds. Each command
# imports what it needs.
from rnnviz import folders
from rnnviz.export import FORMATS
from rnnviz.folders import card, list_models
from rnnviz.resources import app_dir
from rnnviz.tokenize import TOKENIZER_NAMES

# CheckpointError, TraceInputError and DataFileError are ValueErrors: every one a user can fix
USER_ERRORS = (ValueError, OSError)
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


def _load(name: str):
    from rnnviz.checkpoint import load

    return load(name)


def _cmd_trace(args: argparse.Namespace) -> int:
    from rnnviz.export import export
    from rnnviz.tracing import trace

    model = _load(args.model)
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
    from rnnviz import checkpoint
    from rnnviz.model import RNNModel

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

    model = _load(args.model)
    g = generate(model, args.prompt, n=args.length, temperature=args.temperature, seed=args.seed)
    print(g.text)
    return 0


def _corpus_texts(path: str) -> tuple[list[str], str]:
    """The texts of a .txt file or of every usable .txt file of a folder, and what they are."""
    from rnnviz.analysis.corpus import read_file, read_folder

    p = Path(path).expanduser()
    if not p.exists():
        raise ValueError(f"no such file or folder: {path[:200]!r}")
    if p.is_file():
        return read_file(p), p.name
    good, bad = read_folder(p)
    for why in bad.values():
        print(f"rnnviz units: skipping {why[:MAX_ERROR]}", file=sys.stderr)
    texts = [t for ts in good.values() for t in ts]
    return texts, f"{len(good)} file(s) in {p.name or str(p)}"


def _cmd_units(args: argparse.Namespace) -> int:
    from rnnviz.analysis import top_contexts, trace_corpus

    if not 1 <= args.top <= 100:
        raise ValueError(f"--top must be between 1 and 100, got {args.top}")
    if args.width is not None and not 0 <= args.width <= 40:
        raise ValueError(f"--width must be between 0 and 40, got {args.width}")
    model = _load(args.model)
    c = model.config
    if model.rnn is None:
        raise ValueError(f"{args.model} is a bag of embeddings: it has no units that read in order")
    D = 2 if c.bidirectional else 1
    for name, v, n in (
        ("--unit", args.unit, c.hidden_size),
        ("--layer", args.layer, c.num_layers),
        ("--direction", args.direction, D),
    ):
        if not 0 <= v < n:
            raise ValueError(f"{name} {v} is out of range: this model has 0–{n - 1}")
    state = args.state or ("cell" if c.cell == "lstm" else "hidden")
    width = (
        args.width if args.width is not None else (16 if c.tokenizer.get("kind") == "char" else 4)
    )
    if state == "cell" and c.cell != "lstm":
        raise ValueError(f"a {c.cell.upper()} has no cell state: use --state hidden")
    texts, what = _corpus_texts(args.corpus)  # every check above comes before any reading

    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            from tqdm import tqdm

            bar = tqdm(
                total=total,
                desc="tracing",
                unit="tok",
                unit_scale=True,
                file=sys.stderr,
                disable=args.quiet,
                mininterval=0.2,
            )
        bar.update(done - bar.n)

    try:
        corpus = trace_corpus(model, texts, keep=(state,), progress=progress)
    finally:
        if bar is not None:
            bar.close()
    where = dict(layer=args.layer, direction=args.direction, state=state)
    sep = "" if c.tokenizer.get("kind") == "char" else " "
    print(
        f"{args.model}, unit {args.unit} of the {state} state (layer {args.layer}, direction "
        f"{args.direction}): {len(corpus):,} tokens in {len(corpus.texts):,} texts ({what})"
    )
    for lowest in (False, True):
        print("lowest" if lowest else "highest")
        for ctx in top_contexts(corpus, args.unit, k=args.top, width=width, lowest=lowest, **where):
            # the value printed is exact: the text traced again on its own, in float32
            exact = corpus.trace(ctx.doc).state(state)[
                args.layer, args.direction, ctx.pos, args.unit
            ]
            snip = sep.join([*ctx.left, f"[{ctx.token}]", *ctx.right])
            print(f"  {float(exact):+.4f}  text {ctx.doc + 1}, token {ctx.pos + 1}: {snip}")
    return 0


def _cmd_app(args: argparse.Namespace) -> int:
    from rnnviz.analysis.corpus import CORPUS_ENV, read_folder

    app = app_dir() / "streamlit_app.py"
    if not app.is_file():
        raise FileNotFoundError(f"the app is missing from this installation ({app})")
    env = dict(os.environ)
    if args.corpus:  # checked now, so a bad folder is one line here, not a page later
        folder = Path(args.corpus).expanduser().resolve()
        good, bad = read_folder(folder)
        for why in bad.values():
            print(f"rnnviz app: skipping {why[:MAX_ERROR]}", file=sys.stderr)
        print(
            f"rnnviz app: {len(good)} corpus file(s) from {folder} on the Units page",
            file=sys.stderr,
        )
        env[CORPUS_ENV] = str(folder)
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
    # A service manager (or a test) stops us with SIGTERM, which would leave the server
    # running on its port with no parent: turned into an exit here, subprocess.call then
    # kills the server before it returns. (Ctrl-C reaches both already.)
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        return subprocess.call(cmd, cwd=app.parent, env=env)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _exit_on_sigterm(signum, _frame) -> None:
    raise SystemExit(128 + signum)


def _cmd_train(args: argparse.Namespace) -> int:
    from rnnviz.training.cli import run_train

    return run_train(args)


def add_train_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "task",
        nargs="?",
        help="a built-in task: agreement, brackets, long_range, "
        "news, sentiment, stories, agreement_uk/_sr/_bg/_ro/_lt (or use --text / --csv)",
    )
    src = p.add_mutually_exclusive_group()
    src.add_argument("--text", metavar="FILE", help="train a language model on a UTF-8 text file")
    src.add_argument("--csv", metavar="FILE", help="train a classifier on a CSV file with a header")
    p.add_argument(
        "--level",
        choices=("char", "word"),
        default="char",
        help="--text: predict the next character or the next word (default char)",
    )
    p.add_argument(
        "--text-column",
        action="append",
        help="--csv: the column holding the text (repeat it to join several: "
        "--text-column title --text-column description)",
    )
    p.add_argument("--label-column", help="--csv: the column holding the label")
    p.add_argument(
        "--no-header",
        action="store_true",
        help="--csv: the first line is data; give columns by number (1 = first)",
    )
    p.add_argument(
        "--label-names",
        help="--csv: names for the label values in sorted order (numeric when they are "
        "numbers), comma-separated: --label-names World,Sports,Business,Sci/Tech",
    )
    p.add_argument("--cell", choices=("lstm", "gru", "rnn", "bag"), default="lstm")
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--bidirectional", action="store_true")
    p.add_argument("--hidden", type=int, help="hidden units (default: per task, else 32/64)")
    p.add_argument("--embed", type=int, help="embedding size (0 = one-hot characters)")
    p.add_argument("--epochs", type=int)
    p.add_argument("--examples", type=int, help="TASK: number of generated training examples")
    p.add_argument(
        "--weight-decay",
        type=float,
        help="AdamW weight decay (default: per task; it helps flag units emerge)",
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--heldout", type=int, default=1000, help="TASK: fresh held-out examples for the card"
    )
    p.add_argument("--out", help="checkpoint folder to write (default runs/NAME)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


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
    p.set_defaults(func=_cmd_train)

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
        choices=tuple(TOKENIZER_NAMES),
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
    p.add_argument(
        "--corpus",
        metavar="DIR",
        help="a folder of .txt files (one text per line, or free text), each offered as a "
        "corpus on the Units page; checked before the app starts",
    )
    p.set_defaults(func=_cmd_app)

    p = sub.add_parser(
        "units",
        help="what one unit tracks across a corpus: its highest and lowest contexts",
        description="Trace every text of CORPUS (a .txt file: one text per line, or free "
        "text; or a folder of them) with a model, with a progress bar, and print where one "
        "unit is highest and lowest, with a few tokens either side ([the token]) and its "
        "exact value. Caps: 20 MB and 20,000 characters per line per file, 2,000,000 tokens.",
    )
    p.add_argument("corpus", help="a .txt file, or a folder of .txt files")
    p.add_argument("--model", "-m", required=True, help="a model (see `rnnviz list`)")
    p.add_argument("--unit", "-u", type=int, required=True, help="the unit, from 0")
    p.add_argument("--top", "-k", type=int, default=10, help="contexts each way (default 10)")
    p.add_argument(
        "--state", choices=("cell", "hidden"), help="default: cell for an LSTM, else hidden"
    )
    p.add_argument("--layer", type=int, default=0, help="default 0 (the first)")
    p.add_argument("--direction", type=int, default=0, help="0 forward (default), 1 backward")
    p.add_argument(
        "--width", type=int, help="tokens either side (default 4 words, or 16 characters)"
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_units)
    return ap


def main(argv: list[str] | None = None) -> int:
    ap = build_parser()
    args, extra = ap.parse_known_args(argv)
    if args.command == "app":
        args.streamlit = [a for a in extra if a != "--"]
    elif extra:
        ap.error(f"unrecognized arguments: {' '.join(extra)}")  # exit 2, one line
    try:
        if getattr(args, "model", None):  # checked without torch: a bad folder fails at once
            folders.find(args.model)
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
