"""What every real-browser test needs: a Streamlit server on a free loopback port, and
Debian's Chromium launched with the flags this closed network wants; and, for scale-out
tests and the load benchmark, replicas behind a real nginx running deploy/'s config.

    with streamlit_server("app/streamlit_app.py", env={...}) as url: ...
    browser = launch(playwright)
    with nginx_cluster(2) as c: ...   # c.url (nginx), c.replicas {port: process}

Never downloads a browser; callers skip when ``CHROMIUM`` is missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# without the networking flags Chromium floods the closed network with connection attempts
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TIMEOUT_MS = 45_000  # the 5 s default flakes on a busy 2-core machine; 20 s did too, shared
HOSTILE = '<b>x</b> "quotes" & emoji 🙂 [link](http://x)'


def assert_no_error_box(page) -> None:
    """A page that crashed shows an exception or an error alert (ui.guard): fail on either."""
    bad = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
    assert bad.count() == 0, bad.first.inner_text()


def have_chromium() -> bool:
    return Path(CHROMIUM).exists()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def streamlit_command(script: str | Path, port: int, *extra: str) -> list[str]:
    """``streamlit run script`` headless on a loopback port, as every test and benchmark
    starts the app (no usage statistics, no file watcher); ``extra``: more options."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless=true",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
        *extra,
    ]


@contextmanager
def streamlit_server(
    script: str | Path, env: dict | None = None, cwd: Path = ROOT
) -> Iterator[str]:
    """``streamlit run script`` on a free loopback port; yields its URL once healthy.

    ``cwd``: the checkout to serve (``python -m`` puts it first on the path)."""
    port = free_port()
    cmd = streamlit_command(script, port)
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            cmd, cwd=cwd, stdout=log, stderr=log, env={**os.environ, **(env or {})}
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(proc, url, log)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _wait_healthy(proc: subprocess.Popen, url: str, log) -> None:
    deadline = time.time() + 90
    while True:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            log.seek(0)
            raise RuntimeError("streamlit did not start:\n" + log.read().decode()[-2000:])
        time.sleep(0.3)


def launch(playwright):
    """Debian's Chromium, headless, through Playwright."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


TEMPLATE = ROOT / "deploy" / "nginx" / "rnnviz.conf.template"
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
)
# nginx listens on another loopback address: Streamlit waves through any Origin on
# 127.0.0.1 or localhost, so only there does a proxy that drops the port from Host
# (Origin http://127.0.0.2:PORT, Host 127.0.0.2) get the refusal a school's server would.
FRONT_HOST = "127.0.0.2"

NGINX_MAIN = """
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/rnnviz.conf;
}}
"""


def render_nginx(listen: str, servers: list[int]) -> str:
    """The shipped template with its placeholders filled, as envsubst fills them."""
    text = TEMPLATE.read_text()
    upstreams = " ".join(f"server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in servers)
    assert "${RNNVIZ_LISTEN}" in text and "${RNNVIZ_SERVERS}" in text
    return text.replace("${RNNVIZ_LISTEN}", listen).replace("${RNNVIZ_SERVERS}", upstreams)


@dataclass
class Cluster:
    url: str  # nginx's
    replicas: dict[int, subprocess.Popen]  # port -> the replica's process
    access_log: Path  # nginx's: the route and the replica of every request
    nginx: subprocess.Popen


@contextmanager
def nginx_cluster(
    n: int = 2, root: Path = ROOT, extra: tuple[str, ...] = (), env: dict | None = None
) -> Iterator[Cluster]:
    """``n`` replicas of the app from checkout ``root`` and nginx in front (the shipped
    config), on loopback ports; yields once all are healthy, stops them all after.
    ``extra``: more ``streamlit run`` options for every replica. Needs ``NGINX``."""
    if NGINX is None:
        raise RuntimeError("needs nginx (Debian package `nginx`; .ci/run installs it)")
    tmp = Path(tempfile.mkdtemp(prefix="rnnviz-cluster-"))
    procs: list[subprocess.Popen] = []
    logs = []
    try:
        ports = [free_port() for _ in range(n)]
        replicas = {}
        for p in ports:
            log = open(tmp / f"replica-{p}.log", "wb")  # noqa: SIM115 (closed below)
            logs.append(log)
            replicas[p] = subprocess.Popen(
                streamlit_command("app/streamlit_app.py", p, *extra),
                cwd=root,
                stdout=log,
                stderr=log,
                env={**os.environ, **(env or {})},
            )
            procs.append(replicas[p])
        front = free_port()
        (tmp / "rnnviz.conf").write_text(render_nginx(f"{FRONT_HOST}:{front}", ports))
        (tmp / "nginx.conf").write_text(NGINX_MAIN.format(tmp=tmp))
        cmd = [NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "e.log")]
        check = subprocess.run([*cmd[:1], "-t", *cmd[1:]], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"the shipped nginx config does not load:\n{check.stderr}")
        access = open(tmp / "access.log", "wb")  # noqa: SIM115 (nginx writes its stdout here)
        logs.append(access)
        nginx = subprocess.Popen(cmd, stdout=access, stderr=subprocess.STDOUT)
        procs.append(nginx)
        for p, proc in replicas.items():
            with open(tmp / f"replica-{p}.log", "rb") as f:
                _wait_healthy(proc, f"http://127.0.0.1:{p}", f)
        url = f"http://{FRONT_HOST}:{front}"
        with open(tmp / "e.log", "a+b") as f:
            _wait_healthy(nginx, url, f)
        yield Cluster(url, replicas, tmp / "access.log", nginx)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        for log in logs:
            log.close()
        shutil.rmtree(tmp, ignore_errors=True)
