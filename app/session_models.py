"""Models that live in one browser session (uploaded or trained here): kept in
``st.session_state``, never on disk, never in another session, never in a link.

A session model's name (``yours:<label>-<digest>``) is what the pickers and ``?model=``
carry. The digest is of everything that decides what the model computes (config with
vocabulary, tokenizer, readout and labels, and every weight), so the app's process-wide
caches, all keyed by model name (``cache.py``), can only ever share a trace between two
sessions that hold the very same model. The model itself is looked up in the session
asking (``cache.model``), so a name copied from another session's link resolves to
nothing here: the pages say so (``LINK_NOTE``) and show their default model.

At most ``CAP`` models per session, the oldest dropped first: an upload can be up to the
server's upload limit, and a classroom of sessions must not fill the server's memory.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict

import streamlit as st
import torch
from i18n import N_

import rnnviz

PREFIX = "yours:"
CAP = 3  # models kept per session; adding a fourth drops the oldest
_KEY = "_session_models"
LINK_NOTE = N_(  # shown with _(LINK_NOTE)
    "This link pointed to a model uploaded in another session; models are not included in "
    "links. Showing {default}."
)


def _store() -> OrderedDict:
    return st.session_state.setdefault(_KEY, OrderedDict())


def digest(model: rnnviz.RNNModel) -> str:
    """12 hex digits of SHA-256 over the config (JSON, sorted keys) and every tensor."""
    h = hashlib.sha256()
    h.update(json.dumps(model.config.to_dict(), sort_keys=True, ensure_ascii=False).encode())
    for k, v in sorted(model.state_dict().items()):
        t = v.detach().contiguous().cpu()
        h.update(f"\x00{k}\x00{t.dtype}\x00{tuple(t.shape)}\x00".encode())
        h.update(t.reshape(-1).view(torch.uint8).numpy().tobytes())  # any dtype, bf16 too
    return h.hexdigest()[:12]


def _slug(label: str) -> str:
    s = re.sub(r"[^a-z0-9_.]+", "-", str(label).lower()).strip("-.")[:30]
    return s or "model"


def add(model: rnnviz.RNNModel, label: str) -> str:
    """Keep ``model`` in this session; the name to use in ``?model=`` and pickers.

    Adding the same model again (same content) returns the same name and keeps one copy.
    """
    name = f"{PREFIX}{_slug(label)}-{digest(model)}"
    store = _store()
    store[name] = model
    store.move_to_end(name)
    while len(store) > CAP:
        store.popitem(last=False)
    return name


def get(name: str) -> rnnviz.RNNModel | None:
    """This session's model called ``name``; None if it is not one of this session's."""
    if not is_session_name(name):
        return None
    return _store().get(name)


def names() -> list[str]:
    """This session's models, newest first."""
    return list(reversed(_store()))


def is_session_name(name: object) -> bool:
    return isinstance(name, str) and name.startswith(PREFIX)


def foreign(name: object) -> bool:
    """A session model's name that is not this session's (from a shared link)."""
    return is_session_name(name) and name not in _store()


def label(name: str) -> str:
    """The label part of a session model's name (without prefix and digest)."""
    return name[len(PREFIX) :].rsplit("-", 1)[0] if is_session_name(name) else name
