"""How much slower is tracing than a plain forward pass? Prints ratios, measured side by side.

    python benchmarks/trace_speed.py [--repeats 30]

For LSTM and GRU (batch 1, 128 units, input 128, CPU) at T = 100 and 1000: the median
time of ``rnnviz.tracing.rnn``, of the readable step-by-step reference, and of the
module's own forward, interleaved in one run so machine noise hits all three alike.
"""

from __future__ import annotations

import argparse
import statistics
import time
from functools import partial

import torch

from rnnviz import trace_rnn
from rnnviz.tracing.reference import trace_rnn_reference


@torch.no_grad()
def _forward(rnn: torch.nn.Module, x: torch.Tensor) -> None:
    rnn(x)


def _median_times(fns, repeats: int) -> list[float]:
    times = [[] for _ in fns]
    for _ in range(repeats):
        for k, fn in enumerate(fns):  # interleaved: noise falls on every contender
            t0 = time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - t0)
    return [statistics.median(t) for t in times]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=30)
    ap.add_argument("--threads", type=int, default=torch.get_num_threads())
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    print(
        f"torch {torch.__version__}, {args.threads} threads, batch 1, 128 units, "
        f"median of {args.repeats}"
    )
    print(
        f"{'cell':5} {'T':>5} {'forward ms':>11} {'trace ms':>9} {'trace/fwd':>10} {'loop/fwd':>9}"
    )
    for cls in (torch.nn.LSTM, torch.nn.GRU):
        rnn = cls(128, 128, batch_first=True).eval()
        for T in (100, 1000):
            x = torch.randn(1, T, 128)

            fns = [partial(_forward, rnn, x), partial(trace_rnn, rnn, x)]
            if T <= 100:  # the step-by-step loop is too slow to wait for at T = 1000
                fns.append(partial(trace_rnn_reference, rnn, x))
            for fn in fns:  # warm up
                fn()
            med = _median_times(fns, args.repeats)
            loop = f"{med[2] / med[0]:9.2f}" if len(med) > 2 else f"{'-':>9}"
            print(
                f"{cls.__name__:5} {T:5d} {med[0] * 1e3:11.2f} {med[1] * 1e3:9.2f} "
                f"{med[1] / med[0]:10.2f} {loop}"
            )


if __name__ == "__main__":
    main()
