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


@pytest.mark.slow
def test_a_new_sentence_sends_the_cell_views_numbers_not_its_code_again():
    """The cell view's drawing code (about 50 kB) is an element of its own, the same on every
    rerun: a client that kept it, as a browser does, gets a reference to it; the numbers of
    the new sentence still arrive."""
    import asyncio

    from harness import streamlit_server

    code = sum(len(p.read_bytes()) for p in (ROOT / "app/components/cell_view").glob("*.js"))

    async def two_sentences(url: str):
        async with StSession(url) as s:
            first = await s.run("model=sentiment-lstm&text=the+film+was+good")
            again = await s.run("model=sentiment-lstm&text=the+film+was+not+good")
        return first, again

    with streamlit_server(ROOT / "app/streamlit_app.py") as url:
        first, again = asyncio.run(two_sentences(url))
    assert not first.errors and not again.errors, (first.errors, again.errors)
    assert (first.refs, again.refs) == (0, 1)
    assert first.bytes - again.bytes > 0.9 * code, (first.bytes, again.bytes, code)
    views = [[v for v in r.view if v[0] == "bidi_component"] for r in (first, again)]
    assert len(views[1]) == 2 and views[0][0] == views[1][0]  # the code, then the numbers
    assert views[0][1] != views[1][1]
