"""What the AppTest page tests share: reading the charts a page sent."""

from __future__ import annotations

import json


def charts(at) -> list[dict]:
    """The page's charts; a title as one line (the app wraps long ones with <br> for phones)."""
    out = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    for spec in out:
        title = spec["layout"].get("title")
        if isinstance(title, dict) and isinstance(title.get("text"), str):
            title["text"] = title["text"].replace("<br>", " ")
    return out


def units_page(**query):
    """The Units page opened with ``query`` in its link."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file("../app/streamlit_app.py", default_timeout=120)
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page("views/units.py")
    return at.run()


def ok(at) -> None:
    """No exception and no error box on the page."""
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def texts(at) -> str:
    """The page's prose: markdown, notes, warnings and captions, as one string."""
    return " ".join(m.value for m in [*at.markdown, *at.info, *at.warning, *at.caption])
