"""Models that live in one browser session (uploaded or trained here), never on disk.

A session model is named ``yours:<label>`` (the name the pages use in ``?model=``); it is
kept in ``st.session_state`` only, so no other user sees it and it is gone with the tab.
(Minimal version from the Train page's branch; the upload branch's version has the same API.)
"""

from __future__ import annotations

import re

import streamlit as st

import rnnviz

PREFIX = "yours:"
_KEY = "_session_models"
MAX_MODELS = 5  # per session: each is a whole model in the server's memory


def _store() -> dict:
    return st.session_state.setdefault(_KEY, {})


def add(model: rnnviz.RNNModel, label: str) -> str:
    """Keep ``model`` in this session; returns the name used in ``?model=``."""
    store = _store()
    base = PREFIX + (re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:40] or "model")
    name, k = base, 2
    while name in store:
        name, k = f"{base}-{k}", k + 1
    store[name] = model
    while len(store) > MAX_MODELS:  # the oldest goes first
        del store[next(iter(store))]
    return name


def get(name: str) -> rnnviz.RNNModel | None:
    return _store().get(name)


def names() -> list[str]:
    return list(_store())
