"""The ``rnnviz train`` command: a built-in task, a text file (``--text``) or a CSV (``--csv``).

``rnnviz.cli`` declares its arguments (without importing torch) and calls ``run_train``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rnnviz.training.tasks import train_task
from rnnviz.training.userdata import train_csv, train_text


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
