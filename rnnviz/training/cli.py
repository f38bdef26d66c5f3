"""The ``rnnviz train`` command: a built-in task, a text file (``--text``) or a CSV (``--csv``).

``rnnviz.cli`` registers it with ``train.add_train_arguments`` and ``train.run_train``
(``rnnviz.training.loop`` hands both on from here).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rnnviz.training.tasks import train_task
from rnnviz.training.userdata import train_csv, train_text


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


def run_train(args: argparse.Namespace) -> int:
    """``rnnviz train``: exactly one of TASK, --text, --csv. Bad input raises ValueError."""
    chosen = [x for x in (args.task, args.text, args.csv) if x]
    if len(chosen) != 1:
        raise ValueError("give exactly one of: a TASK name, --text FILE, or --csv FILE")
    for flag in ("layers", "hidden", "epochs", "examples", "heldout"):
        v = getattr(args, flag)
        if v is not None and v < 1:
            raise ValueError(f"--{flag} must be at least 1, got {v}")
    common = dict(
        cell=args.cell,
        hidden_size=args.hidden,
        layers=args.layers,
        seed=args.seed,
        epochs=args.epochs,
        embed_size=args.embed,
        progress=not args.quiet,
    )
    if args.csv:
        if not (args.text_column and args.label_column):
            raise ValueError("--csv needs --text-column NAME and --label-column NAME")
        out = args.out or f"runs/{Path(args.csv).stem}-{args.cell}"
        r = train_csv(
            args.csv,
            args.text_column,
            args.label_column,
            out=out,
            bidirectional=args.bidirectional,
            no_header=args.no_header,
            label_names=args.label_names.split(",") if args.label_names else None,
            **common,
        )
    elif args.text:
        out = args.out or f"runs/{Path(args.text).stem}-{args.cell}"
        r = train_text(args.text, level=args.level, out=out, **common)
    else:
        out = args.out or f"runs/{args.task}-{args.cell}"
        r = train_task(
            args.task,
            out=out,
            bidirectional=args.bidirectional,
            n_train=args.examples,
            n_heldout=args.heldout,
            weight_decay=args.weight_decay,
            **common,
        )
    print(
        f"saved {r.folder}: held-out accuracy {r.card.get('accuracy', float('nan')):.1%} "
        f"({r.card.get('train_seconds')} s training)",
        file=sys.stderr,
    )
    return 0
