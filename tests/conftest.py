"""Fixtures shared by the real-browser tests (see harness.py)."""

from __future__ import annotations

import pytest
from harness import have_chromium, launch


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
