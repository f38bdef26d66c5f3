"""Scale-out as shipped: two app replicas behind a real nginx running deploy/'s config.

The nginx config is ``deploy/nginx/rnnviz.conf.template`` itself, its two placeholders filled
with loopback ports; the sessions are Streamlit's websocket protocol without a browser
(``benchmarks/stclient.py``: GET the page for the route cookie, websocket with Origin and
cookie, ``rerun_script`` with the URL's query string). Checked: 40 sessions through nginx
finish every run without an error; both replicas served sessions; every route (a browser's
cookie) stayed on one replica, and a reconnecting tab got its own session back; and when a
replica is killed under open sessions, they reconnect through nginx to the other one and
see the same view, rebuilt from the URL.

Needs nginx (Debian's package; ``.ci/run`` installs it); skipped without it.
"""

from __future__ import annotations

import asyncio
import re
import signal
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from harness import NGINX, ROOT, nginx_cluster

sys.path.insert(0, str(ROOT / "benchmarks"))
from stclient import StSession

pytestmark = pytest.mark.slow

SESSIONS = 40
TIMEOUT = 180.0  # per page run: two replicas, nginx and 40 sessions share a busy machine


def sentences(n: int) -> list[str]:
    from rnnviz import tasks

    seen = dict.fromkeys(ex.text for ex in tasks.generate("sentiment", 4 * n, seed=77))
    return list(seen)[:n]


@pytest.fixture(scope="module")
def cluster():
    """Two replicas and nginx in front; yields (nginx URL, {port: process}, access log)."""
    if NGINX is None:
        pytest.skip("needs nginx (Debian package `nginx`; .ci/run installs it)")
    with nginx_cluster(2) as c:
        yield c.url, c.replicas, c.access_log


def routes(access_log: Path) -> dict[str, set[str]]:
    """route cookie -> the replicas that served its websockets (logged when each closed)."""
    out: dict[str, set[str]] = {}
    for line in access_log.read_text().splitlines():
        m = re.search(r'"GET /_stcore/stream [^"]*" (\d+) route=(\S+) upstream=(.+) rt=', line)
        if m and m.group(1) == "101":  # upstream: every replica tried, the last one served
            out.setdefault(m.group(2), set()).add(m.group(3).split(", ")[-1])
    return out


def route_of(s: StSession) -> str:
    return dict(kv.split("=", 1) for kv in s.cookie.split("; ") if "=" in kv)["rnnviz_route"]


async def open_students(url: str, texts: list[str]) -> list[tuple[StSession, list]]:
    """Each student: open on its sentence, then a new sentence; the runs, sessions kept open."""

    async def one(i: int, text: str):
        await asyncio.sleep(0.1 * i)  # a class arriving over a few seconds
        s = StSession(url, timeout=TIMEOUT)
        await s.connect()
        runs = [await s.run(urllib.parse.urlencode({"text": text}))]
        runs.append(await s.run(urllib.parse.urlencode({"text": text + " but not good"})))
        return s, runs

    return await asyncio.gather(*(one(i, t) for i, t in enumerate(texts)))


def test_sessions_spread_over_replicas_and_stay_on_theirs(cluster):
    url, replicas, access_log = cluster

    async def scenario():
        students = await open_students(url, sentences(SESSIONS))
        # a tab whose websocket blips reconnects with its cookie and asks for its session
        resumed = []
        for s, _ in students[:8]:
            before = s.session_id
            await s.reconnect()
            run = await s.run()
            resumed.append((before, run.session_id, run.errors))
        for s, _ in students:
            await s.close()
        return students, resumed

    students, resumed = asyncio.run(scenario())
    errors = [e for _, runs in students for r in runs for e in r.errors]
    assert errors == []
    assert all(r.status == "FINISHED_SUCCESSFULLY" for _, runs in students for r in runs)
    assert all(r.view and r.seconds > 0 for _, runs in students for r in runs)
    # the second run shows the second sentence: the URL drove the page
    shown = [
        dict((v[1], v[2]) for v in runs[1].view if v[0] == "text_input") for _, runs in students
    ]
    assert all(next(iter(d.values())).endswith("but not good") for d in shown)
    assert [(a, b) for a, b, _ in resumed] == [(a, a) for a, _, _ in resumed]  # same session
    assert all(not e for _, _, e in resumed)

    time.sleep(1)  # nginx writes a websocket's log line when it closes
    seen = routes(access_log)
    mine = {route_of(s) for s, _ in students}
    assert mine <= set(seen), "every student's websocket went through nginx"
    assert len(mine) == SESSIONS, "every new browser got its own route"
    assert all(len(seen[r]) == 1 for r in mine), "a route stays on one replica"
    used = {u for r in mine for u in seen[r]}
    assert used == {f"127.0.0.1:{p}" for p in replicas}, "both replicas served sessions"


def test_a_killed_replica_sends_its_students_to_the_other_with_the_same_view(cluster):
    url, replicas, access_log = cluster

    async def before_kill():
        students = await open_students(url, sentences(12))
        return students

    students = asyncio.run(before_kill())
    # close and read where each went, then reopen the same tabs (same cookies) to hold them
    # open across the kill
    asyncio.run(_close_all([s for s, _ in students]))
    time.sleep(1)
    seen = routes(access_log)
    victim_port = next(iter(replicas))
    victim = f"127.0.0.1:{victim_port}"
    on_victim = [(s, runs) for s, runs in students if seen[route_of(s)] == {victim}]
    assert on_victim, "some of 12 routes hashed to the first replica"

    async def across_kill():
        for s, _ in on_victim:
            await s.connect()
            await s.run()  # on the victim again: the session is live there
        replicas[victim_port].send_signal(signal.SIGKILL)
        replicas[victim_port].wait(10)
        after = []
        for s, _ in on_victim:
            await s.reconnect()  # the tab notices the drop and reconnects through nginx
            after.append(await s.run())
            await s.close()
        return after

    after = asyncio.run(across_kill())
    for (_, runs), run in zip(on_victim, after):
        assert run.errors == []
        assert run.view == runs[1].view, "the other replica rebuilt the same view from the URL"
    time.sleep(1)
    seen = routes(access_log)
    survivor = next(f"127.0.0.1:{p}" for p in replicas if p != victim_port)
    assert all(survivor in seen[route_of(s)] for s, _ in on_victim)


async def _close_all(sessions: list[StSession]) -> None:
    for s in sessions:
        await s.close()
