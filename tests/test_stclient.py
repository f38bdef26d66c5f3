"""The protocol client of the load benchmark and the scale-out test talks to loopback only."""

from __future__ import annotations

import sys

import pytest
from harness import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from stclient import NotLoopback, StSession, check_loopback


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8501", "http://127.0.0.2:9/", "http://localhost:3", "http://[::1]:4"]
)
def test_loopback_urls_are_accepted(url):
    assert check_loopback(url).hostname


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1:8501",
        "http://example.org",
        "http://127.0.0.1.example.org/",
        "ftp://127.0.0.1/",
        "127.0.0.1:8501",
    ],
)
def test_anything_else_is_refused_before_connecting(url):
    with pytest.raises(NotLoopback):
        StSession(url)
