"""A non-editable install works from any folder: the wheel carries the app and the models.

Builds the wheel from this checkout, unpacks it into a folder of its own (``pip install
--target``; the dependencies are this environment's), and from an unrelated folder runs
``rnnviz list``, ``rnnviz trace`` and ``rnnviz app`` against the installed copy alone.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from harness import free_port

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp / "dist"), str(ROOT)],
        check=True,
        cwd=tmp,
    )
    (wheel,) = (tmp / "dist").glob("rnnviz-*.whl")
    target = tmp / "site"
    subprocess.run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)], check=True)
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("RNNVIZ_ASSETS", "RNNVIZ_MODELS")}
    env["PYTHONPATH"] = str(target)  # ahead of the editable install of this checkout
    return target, elsewhere, env


def rnnviz_cli(installed, *args: str) -> subprocess.CompletedProcess:
    _target, elsewhere, env = installed
    return subprocess.run(
        [sys.executable, "-m", "rnnviz", *args],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_installed_copy_is_used(installed):
    target, elsewhere, env = installed
    out = subprocess.run(
        [sys.executable, "-c", "import rnnviz, rnnviz.resources as r; print(rnnviz.__file__); "
         "print(r.assets_dir()); print(r.app_dir())"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert all(line.startswith(str(target)) for line in out), out


def test_list_and_trace_from_another_folder(installed):
    listed = rnnviz_cli(installed, "list")
    assert listed.returncode == 0, listed.stderr
    assert "sentiment-lstm" in listed.stdout
    traced = rnnviz_cli(installed, "trace", "-m", "sentiment-lstm", "the film was not good")
    assert traced.returncode == 0, traced.stderr
    data = json.loads(traced.stdout)
    assert data["tokens"] == ["the", "film", "was", "not", "good"]


def test_app_starts_from_another_folder(installed):
    _target, elsewhere, env = installed
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "rnnviz", "app", "--port", str(port), "--address", "127.0.0.1"],
        cwd=elsewhere,
        env={**env, "STREAMLIT_SERVER_HEADLESS": "true"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.time() + 90
        while True:
            try:
                url = f"http://127.0.0.1:{port}/_stcore/health"
                if urllib.request.urlopen(url, timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            assert proc.poll() is None, proc.stdout.read().decode()[-2000:]
            assert time.time() < deadline, "rnnviz app did not start"
            time.sleep(0.5)
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read()
        assert b"<html" in page.lower()
    finally:
        proc.terminate()
        proc.wait(10)
    # the server went with it (SIGTERM passed on): nothing answers on its port any more
    deadline = time.time() + 15
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
        except OSError:
            break
        assert time.time() < deadline, "the Streamlit server outlived `rnnviz app`"
        time.sleep(0.5)


def test_the_wheel_carries_every_language_catalog(installed):
    target, _elsewhere, _env = installed
    catalogs = sorted(ROOT.glob("app/locale/*/LC_MESSAGES/*.po"))
    assert len(catalogs) == 5  # uk, sr, bg, ro, lt (English is the source)
    for po in catalogs:
        shipped = target / "rnnviz" / "_app" / po.relative_to(ROOT / "app")
        assert shipped.read_bytes() == po.read_bytes(), shipped
    assert (target / "rnnviz" / "_app" / "locale" / "terms.json").is_file()
