"""Many students on one server, without browsers: the server's own latency, CPU and memory.

    python benchmarks/load.py [--sessions 30 100 300] [--ramp 10] [--changes 3] [--think 1]
                              [--url http://127.0.0.1:8501] [--baseline DIR] [--replicas 2]

Each simulated student is one Streamlit session spoken to over the websocket protocol
(``stclient.py``; no browser, so every figure is the server's). Two phases per N:

1. ramp: N sessions open the explorer, spread evenly over ``--ramp`` seconds, each on its
   own sentence in the URL (``?text=...``); latency = connect until ``script_finished``;
2. steady: all N sessions are open; each changes its sentence ``--changes`` times (a new
   query string in ``rerun_script``, as a URL-driven page sees a new sentence), waiting a
   random 0–2×``--think`` seconds before each change.

Every sentence is new to the server (generated, never repeated across sessions or runs), so
each action is a cache miss: the worst case for the server. Prints per phase p50/p95/max,
errors (exception elements, error alerts, timeouts, dropped connections), the server's CPU
seconds per action (from /proc, so only for a server this script started or ``--pid``), its
resident memory before, at the peak and after the sessions closed (the server is started
with ``server.disconnectedSessionTTL`` = ``--ttl`` so closed sessions are dropped soon), and
this client's own CPU (it shares the machine with the server).

``--replicas R``: serve each checkout as R replicas behind a real nginx running the shipped
config (``deploy/nginx``, sticky by cookie; ``tests/harness.py`` starts it, as the scale-out
test does): on a 2-core server, one replica per core, since one Streamlit process runs its
scripts on one core at a time (one interpreter lock). CPU and memory are then the replicas'
summed (nginx's own is left out: a few per cent of one core).

``--baseline DIR``: start a second server from another checkout (``git worktree add DIR
REF``) and run every N against both, in turns, in one run: on a shared machine only a
side-by-side comparison says whether a change made the server faster.

Only loopback URLs; every loop is bounded in count and time (``--timeout`` per action,
``--deadline`` per phase).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from stclient import StSession, check_loopback

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from harness import free_port, nginx_cluster, streamlit_command  # noqa: E402  (one way to start the app)

TICK = os.sysconf("SC_CLK_TCK")


def proc_cpu(pids: list[int]) -> float:
    """User + system CPU seconds the processes have used so far, summed (0 for none)."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / TICK


def proc_rss_mib(pids: list[int]) -> float:
    """Resident memory of the processes, summed (MiB)."""
    total = 0.0
    for pid in pids:
        with open(f"/proc/{pid}/status") as f:
            total += next(int(ln.split()[1]) for ln in f if ln.startswith("VmRSS:")) / 1024
    return total


def server_env(root: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(root)}  # that checkout's rnnviz
    if not (root / "assets").is_dir() and "RNNVIZ_ASSETS" not in env:
        env["RNNVIZ_ASSETS"] = str(ROOT / "assets")
    return env


def start_server(root: Path, ttl: int, log) -> tuple[subprocess.Popen, str]:
    """``streamlit run`` the app from checkout ``root`` on a free loopback port, once healthy."""
    port = free_port()
    env = server_env(root)
    proc = subprocess.Popen(
        streamlit_command("app/streamlit_app.py", port, f"--server.disconnectedSessionTTL={ttl}"),
        cwd=root,
        env=env,
        stdout=log,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):  # bounded: two minutes
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                return proc, url
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.5)
    proc.kill()
    raise SystemExit(f"the app in {root} did not start (log: {log.name})")


def sentence_pool(n: int, seed: int) -> list[str]:
    """``n`` distinct generated review sentences (none from a real data set)."""
    from rnnviz import tasks

    seen: dict[str, None] = {}
    for ex in tasks.generate("sentiment", 3 * n + 100, seed=seed):
        seen.setdefault(ex.text, None)
    out = list(seen)
    if len(out) < n:
        raise SystemExit(f"only {len(out)} distinct sentences for {n} needed")
    return out[:n]


def query(text: str) -> str:
    return urllib.parse.urlencode({"text": text})


class Phase:
    """Latencies and errors of one kind of action, and the server's CPU over the phase."""

    def __init__(self, name: str):
        self.name = name
        self.seconds: list[float] = []
        self.errors: list[str] = []
        self.cpu = 0.0
        self.wall = 0.0

    def row(self) -> str:
        n = len(self.seconds)
        if n:
            q = (
                statistics.quantiles(self.seconds, n=20, method="inclusive")
                if n > 1
                else self.seconds * 19
            )
            p50, p95, mx = statistics.median(self.seconds), q[18], max(self.seconds)
            lat = f"{p50:6.2f} {p95:6.2f} {mx:6.2f}"
        else:
            lat = f"{'-':>6} {'-':>6} {'-':>6}"
        per = self.cpu / n if n else float("nan")
        return (
            f"{self.name:<13} {n:>5} {lat}  {len(self.errors):>6}  {per:8.3f}  "
            f"{self.cpu:7.1f}  {self.wall:6.1f}"
        )


async def one_student(
    url: str,
    texts: list[str],
    start_at: float,
    timeout: float,
    opened: Phase,
    sessions: list,
) -> None:
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    s = StSession(url, timeout=timeout)
    t0 = time.perf_counter()
    try:
        await asyncio.wait_for(s.connect(), timeout)
        run = await s.run(query(texts[0]))
        opened.seconds.append(time.perf_counter() - t0)
        opened.errors += run.errors
        sessions.append((s, texts[1:]))
    except Exception as e:  # a timeout or a refused connection is a failed student
        opened.errors.append(f"{type(e).__name__}: {str(e)[:120]}")
        await s.close()


async def changes(s: StSession, texts: list[str], think: float, rng, changed: Phase) -> None:
    for text in texts:
        await asyncio.sleep(rng.uniform(0, 2 * think))
        try:
            run = await s.run(query(text))
            changed.seconds.append(run.seconds)
            changed.errors += run.errors
        except Exception as e:
            changed.errors.append(f"{type(e).__name__}: {str(e)[:120]}")
            return


async def rss_watch(pids: list[int], peak: list[float], stop: asyncio.Event) -> None:
    while pids and not stop.is_set():
        peak[0] = max(peak[0], proc_rss_mib(pids))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.5)


async def load(url: str, pids: list[int], n: int, texts: list[str], a) -> dict:
    """One run of N sessions: ramp, steady, close; the phases and memory figures."""
    opened, changed = Phase("open"), Phase("new sentence")
    sessions: list = []
    rng = random.Random(n)
    rss0 = proc_rss_mib(pids) if pids else float("nan")
    peak = [rss0]
    stop = asyncio.Event()
    watcher = asyncio.create_task(rss_watch(pids, peak, stop))
    client0 = time.process_time()

    cpu0, w0 = proc_cpu(pids), time.monotonic()
    per = a.changes + 1
    students = [
        one_student(
            url, texts[i * per : (i + 1) * per], w0 + a.ramp * i / n, a.timeout, opened, sessions
        )
        for i in range(n)
    ]
    try:
        await asyncio.wait_for(asyncio.gather(*students), a.deadline)
    except TimeoutError:
        opened.errors.append(f"ramp phase passed its {a.deadline} s deadline")
    opened.cpu, opened.wall = proc_cpu(pids) - cpu0, time.monotonic() - w0

    cpu0, w0 = proc_cpu(pids), time.monotonic()
    try:
        await asyncio.wait_for(
            asyncio.gather(*(changes(s, t, a.think, rng, changed) for s, t in sessions)),
            a.deadline,
        )
    except TimeoutError:
        changed.errors.append(f"steady phase passed its {a.deadline} s deadline")
    changed.cpu, changed.wall = proc_cpu(pids) - cpu0, time.monotonic() - w0

    client = time.process_time() - client0
    await asyncio.gather(*(s.close() for s, _ in sessions), return_exceptions=True)
    stop.set()
    await watcher
    after = float("nan")
    if pids:
        await asyncio.sleep(a.settle)  # the server drops closed sessions after its TTL
        after = proc_rss_mib(pids)
    return {
        "n": n,
        "phases": [opened, changed],
        "rss": (rss0, peak[0], after),
        "client_cpu": client,
    }


def report(label: str, r: dict, a) -> None:
    print(
        f"\n{label}: {r['n']} sessions, ramp {a.ramp:g} s, {a.changes} new sentences each, "
        f"think 0–{2 * a.think:g} s"
    )
    print(
        f"{'action':<13} {'count':>5} {'p50 s':>6} {'p95 s':>6} {'max s':>6}  {'errors':>6}  "
        f"{'CPU s/act':>8}  {'CPU s':>7}  {'wall s':>6}"
    )
    for ph in r["phases"]:
        print(ph.row())
    rss0, peak, after = r["rss"]
    print(
        f"server RSS: {rss0:.0f} MiB before, {peak:.0f} peak, {after:.0f} after closing "
        f"(+{a.settle:g} s); this client used {r['client_cpu']:.1f} CPU s"
    )
    errs = [e for ph in r["phases"] for e in ph.errors]
    for e in sorted(set(errs))[:10]:
        print(f"  error ×{errs.count(e)}: {e}")


async def main_async(a) -> None:
    servers: list[tuple[str, str, list[int]]] = []  # (label, url, process ids)
    procs: list[subprocess.Popen] = []
    with contextlib.ExitStack() as logs:
        await _run(a, servers, procs, logs)


async def _run(a, servers, procs, logs) -> None:
    try:
        if a.url:
            check_loopback(a.url)
            servers.append(("server", a.url, [a.pid] if a.pid else []))
        else:
            roots = [("this checkout", ROOT)]
            if a.baseline:
                roots.append(("baseline", Path(a.baseline).resolve()))
            for label, root in roots:
                if a.replicas > 1:
                    extra = (f"--server.disconnectedSessionTTL={a.ttl}",)
                    c = logs.enter_context(nginx_cluster(a.replicas, root, extra, server_env(root)))
                    pids = [proc.pid for proc in c.replicas.values()]
                    servers.append((f"{label}, {a.replicas} replicas", c.url, pids))
                    for port in c.replicas:  # each replica warmed, not just the one nginx picks
                        async with StSession(f"http://127.0.0.1:{port}", timeout=a.timeout) as s:
                            await s.run(query("warm up the server"))
                    continue
                log = logs.enter_context(
                    tempfile.NamedTemporaryFile(prefix="rnnviz-load-", suffix=".log", delete=False)  # noqa: SIM115
                )
                proc, url = start_server(root, a.ttl, log)
                procs.append(proc)
                servers.append((label, url, [proc.pid]))
        for label, url, _ in servers:  # first page: imports, the models, the example traces
            async with StSession(url, timeout=a.timeout) as s:
                await s.run(query("warm up the server"))
            print(f"{label}: {url} warm")
        pool = sentence_pool(sum(a.sessions) * (a.changes + 1) * len(servers), seed=a.seed)
        k = 0
        for n in a.sessions:
            for label, url, pids in servers:
                texts = pool[k : k + n * (a.changes + 1)]
                k += len(texts)
                report(label, await load(url, pids, n, texts, a), a)
    finally:
        for p in procs:
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sessions", type=int, nargs="+", default=[30, 100], metavar="N")
    p.add_argument("--ramp", type=float, default=10.0, help="seconds over which N sessions open")
    p.add_argument("--changes", type=int, default=3, help="new sentences per session")
    p.add_argument("--think", type=float, default=1.0, help="mean pause before a change (s)")
    p.add_argument("--url", help="an already running server (loopback only)")
    p.add_argument("--pid", type=int, help="that server's process id, for CPU and memory")
    p.add_argument("--baseline", help="another checkout to start and measure in turns")
    p.add_argument("--replicas", type=int, default=1, help="replicas behind nginx (1: no nginx)")
    p.add_argument("--timeout", type=float, default=120.0, help="per action (s)")
    p.add_argument("--deadline", type=float, default=900.0, help="per phase (s)")
    p.add_argument("--ttl", type=int, default=5, help="server's disconnectedSessionTTL (s)")
    p.add_argument("--settle", type=float, default=15.0, help="wait before RSS after close")
    p.add_argument("--seed", type=int, default=4242)
    a = p.parse_args(argv)
    if any(n < 1 or n > 2000 for n in a.sessions):
        p.error("--sessions: each N must be 1..2000")
    if not 1 <= a.replicas <= 16 or (a.replicas > 1 and a.url):
        p.error("--replicas: 1..16, and not with --url")
    if a.ramp < 0 or a.think < 0 or a.changes < 0 or a.changes > 50:
        p.error("--ramp and --think must be >= 0, --changes 0..50")
    asyncio.run(main_async(a))


if __name__ == "__main__":
    main()
