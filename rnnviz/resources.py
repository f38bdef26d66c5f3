"""Where rnnviz's shipped files are: the small trained models and the Streamlit app.

In a source checkout (or an editable install) they sit next to the package, in ``assets/``
and ``app/``; an installed wheel carries them inside it as ``rnnviz/_assets`` and
``rnnviz/_app`` (see ``pyproject.toml``). ``RNNVIZ_ASSETS`` overrides the models' folder.
"""

from __future__ import annotations

import os
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _first(*candidates: Path) -> Path:
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[0]


def assets_dir() -> Path:
    """The folder of shipped models (one sub-folder per model)."""
    if os.environ.get("RNNVIZ_ASSETS"):
        return Path(os.environ["RNNVIZ_ASSETS"])
    return _first(_HERE.parent / "assets", _HERE / "_assets")


def app_dir() -> Path:
    """The folder holding ``streamlit_app.py`` and the app's ``.streamlit/config.toml``."""
    return _first(_HERE.parent / "app", _HERE / "_app")
