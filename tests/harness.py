"""What every real-browser test needs: a Streamlit server on a free loopback port, and
Debian's Chromium launched with the flags this closed network wants.

    with streamlit_server("app/streamlit_app.py", env={...}) as url: ...
    browser = launch(playwright)

Never downloads a browser; callers skip when ``CHROMIUM`` is missing.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
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
