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
