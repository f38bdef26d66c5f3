"""Fixtures shared by the real-browser tests (see harness.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The app's own modules (payload, walkthrough, browser, tour_stops) import flat, as
# Streamlit runs them with app/ on the path; the tests read them the same way.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))
from harness import have_chromium, launch, streamlit_server


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one per test module."""
    if not have_chromium():
        pytest.skip("needs /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture(scope="session")
def shipped_app():
    """One app server on the shipped models, shared by every browser test module that needs
    nothing else (starting one costs seconds of a cold `import torch` each time)."""
    if not have_chromium():
        pytest.skip("needs /usr/bin/chromium")
    with streamlit_server("app/streamlit_app.py") as url:
        yield url
