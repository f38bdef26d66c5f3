"""How fast is the unit explorer on a big corpus? Prints medians, measured side by side.

    python benchmarks/corpus_speed.py [--tokens 200000] [--repeats 3] [--threads 2] [--trace-only]

1. Tracing a corpus (generated sentiment texts) with the shipped 32-unit ``sentiment-lstm``:
   ``trace_corpus`` end to end (tokenize, trace every state, store float16, the answer
   after every prefix) next to a plain batched forward of ``model.rnn`` over the same padded
   batches (ids already made), in tokens per second. Goal: >= 50,000 tokens/s.
2. Match and top contexts over a 1,000,000-token corpus, 32 and 128 units, after tracing:
   a traced corpus is tiled to 1M tokens (real state values, so realistic match counts).
   Goal: under 5 s for select + match + top/bottom contexts.
3. Memory of a 1M-token, 128-unit LSTM corpus (both states, float16).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np
import torch

import rnnviz
from rnnviz import tasks
from rnnviz.analysis import (
    histogram,
    match,
    mean_by_token,
    top_contexts,
    trace_corpus,
    units_on,
)
from rnnviz.analysis.corpus import Corpus
from rnnviz.model import ModelConfig, RNNModel
from rnnviz.tokenize import Vocab, token_columns, tokenizer_from_config


def _median(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _median_cpu(fn, repeats: int) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds of this process (all its threads): on a
    shared machine the CPU time moves less with other jobs' load than the wall time."""
    wall, cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu)


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def texts_of(n_tokens: int) -> list[str]:
    out, n, k = [], 0, 0
    while n < n_tokens:
        batch = tasks.generate("sentiment", 2000, seed=k)
        for ex in batch:
            out.append(ex.text)
            n += len(ex.tokens)
            if n >= n_tokens:
                break
        k += 1
    return out


def encoded(model: RNNModel, texts: list[str]) -> list[list[int]]:
    """Token ids of every text, sorted by length (the plain forward gets them for free)."""
    tok, voc = tokenizer_from_config(model.config.tokenizer), Vocab(model.config.vocab)
    return sorted((voc.encode(tok.tokenize(t))[0] for t in texts), key=len)


@torch.no_grad()
def run_forward(model: RNNModel, seqs: list[list[int]], batch_tokens: int = 16384) -> None:
    """The module's own batched forward over the same length-sorted padded batches."""
    i = 0
    while i < len(seqs):
        j = i
        while j < len(seqs) and len(seqs[j]) * (j - i + 1) <= batch_tokens:
            j += 1
        j = max(j, i + 1)
        T = len(seqs[j - 1])
        ids = torch.zeros(j - i, T, dtype=torch.long)
        for r, s in enumerate(seqs[i:j]):
            ids[r, : len(s)] = torch.tensor(s)
        model.fc(model.rnn(model.inputs(ids))[0])
        i = j


def tiled(c: Corpus, n: int) -> Corpus:
    """``c`` repeated to ``n`` tokens (texts repeated whole, so runs stay inside texts)."""
    reps = -(-n // len(c))
    N = len(c) * reps
    lengths = np.diff(c.offsets)
    offsets = np.zeros(len(c.texts) * reps + 1, dtype=np.int64)
    np.cumsum(np.tile(lengths, reps), out=offsets[1:])
    return Corpus(
        texts=c.texts * reps,
        vocab=c.vocab,
        ids=np.tile(c.ids, reps),
        doc=(np.tile(c.doc, reps) + np.repeat(np.arange(reps), len(c)) * len(c.texts)).astype(
            np.int32
        ),
        pos=np.tile(c.pos, reps),
        start=np.tile(c.start, reps),
        end=np.tile(c.end, reps),
        offsets=offsets,
        states={k: np.tile(v, (reps, 1)) for k, v in c.states.items()},
        layers=c.layers,
        directions=c.directions,
        units=c.units,
        kind=c.kind,
        outputs=c.outputs,
    ), N


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tokens", type=int, default=200_000, help="corpus size for tracing")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--trace-only", action="store_true", help="part 1 only")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {args.threads} threads, median of {args.repeats}")

    model = rnnviz.load("sentiment-lstm")
    texts = texts_of(args.tokens)
    seqs = encoded(model, texts)
    n = sum(len(s) for s in seqs)
    print(_load())
    # interleaved, so both see the same load: forward, trace, forward, trace, ...
    runs = {"fwd": [], "trace": []}
    for _ in range(args.repeats):
        runs["fwd"].append(_median_cpu(lambda: run_forward(model, seqs), 1))
        runs["trace"].append(_median_cpu(lambda: trace_corpus(model, texts), 1))
    (w_fwd, c_fwd), (w_tr, c_tr) = (
        tuple(statistics.median(x) for x in zip(*runs[k])) for k in ("fwd", "trace")
    )
    tok = tokenizer_from_config(model.config.tokenizer)
    w_tok, c_tok = _median_cpu(lambda: token_columns(tok, texts), args.repeats)
    print(f"\n1. tracing {n:,} tokens ({len(texts):,} texts), sentiment-lstm (32 units)")
    print(f"   {'':34}{'wall s':>8}{'tokens/s':>11}{'CPU s':>8}{'tokens/CPU s':>14}")
    for name, w, c in (
        ("plain batched forward (rnn + fc)", w_fwd, c_fwd),
        ("trace_corpus, end to end", w_tr, c_tr),
        ("  of which tokenizing", w_tok, c_tok),
    ):
        print(f"   {name:34}{w:8.2f}{n / w:11,.0f}{c:8.2f}{n / c:14,.0f}")
    print(f"   trace / forward: {w_tr / w_fwd:.2f}x wall, {c_tr / c_fwd:.2f}x CPU")
    print(f"   {_load()}")
    if args.trace_only:
        return

    print("\n2. after tracing, 1,000,000 tokens")
    print(
        f"   {'units':>5}{'select':>9}{'match':>9}{'top+low':>9}{'hist':>8}{'means':>8}"
        f"{'total s':>9}{'matches':>9}"
    )
    for H in (32, 128):
        torch.manual_seed(0)
        cfg = ModelConfig(
            cell="lstm", vocab=model.config.vocab, hidden_size=H, labels=model.config.labels
        )
        after_tracing(model if H == 32 else RNNModel(cfg).eval(), args.repeats)


def after_tracing(m: RNNModel, repeats: int) -> None:
    """Select + match + contexts + histogram + means on 1M tokens; one row of the table."""
    H = m.config.hidden_size
    big, N = tiled(trace_corpus(m, texts_of(100_000)), 1_000_000)
    sentence = rnnviz.trace(m, "the film was not good , but the music was great .")
    cell = sentence.cell[0, 0]
    thr = float(np.quantile(cell[5:7], 0.7))
    sel = units_on(cell, (5, 7), thr)
    if sel.size in (0, H):
        sel = np.array([int(np.argmax(cell[5:7].min(0)))])
    t_sel = _median(lambda: units_on(cell, (5, 7), thr), repeats)
    t_match = _median(lambda: match(big, sel, thr, k=50), repeats)
    t_top = _median(
        lambda: (top_contexts(big, 3, k=10), top_contexts(big, 3, k=10, lowest=True)), repeats
    )
    t_hist = _median(lambda: histogram(big, 3), repeats)
    t_mean = _median(lambda: mean_by_token(big, 3, min_count=5), repeats)
    found = len(match(big, sel, thr, k=1000))
    total = t_sel + t_match + t_top + t_hist + t_mean
    print(
        f"   {H:5}{t_sel:9.3f}{t_match:9.3f}{t_top:9.3f}{t_hist:8.3f}{t_mean:8.3f}"
        f"{total:9.2f}{found:9}"
    )
    if H == 128:
        print(
            f"\n3. memory, {N:,} tokens x 128 units, LSTM (hidden + cell, float16): "
            f"{big.nbytes / 1e6:,.0f} MB in all ({N * H * 2 / 1e6:,.0f} MB per state; "
            "float32 would double it)"
        )


if __name__ == "__main__":
    main()
