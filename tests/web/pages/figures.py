"""The Plotly figure of a chart, as the page's script gets it: inline JSON in an embed, from
the page's ``data-figures-url`` (``GET /{kind}/figures``) on a page."""

from __future__ import annotations

import json
import re
from html import unescape


def page_figure(client, html: str, name: str) -> dict:
    inline = re.search(
        rf'<script type="application/json" id="figure-{name}">(.*?)</script>', html, re.S
    )
    if inline:
        return json.loads(inline.group(1))
    match = re.search(
        rf'id="chart-{name}" data-figure-name="{name}" data-figures-url="([^"]+)"', html
    )
    assert match, f"no figure {name}"
    response = client.get(unescape(match.group(1)))
    assert response.status_code == 200
    return response.json()[name]
