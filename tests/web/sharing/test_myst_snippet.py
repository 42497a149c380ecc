"""The share panel's MyST snippet (Jupyter Book 2, mystmd): an ``iframe`` directive whose address
is the page's embed and whose placeholder is the headline chart's PNG, for static exports."""

from __future__ import annotations

import re
from html import unescape

from app.web.sharing.links import myst_iframe


def test_the_share_panel_offers_a_myst_iframe_with_a_png_placeholder(client):
    page = client.get("/scalar?f=x%5E3&x=-1,2").text
    snippet = unescape(re.search(r'id="share-myst"[^>]*>([^<]*)<', page).group(1))
    lines = snippet.splitlines()
    assert lines[0] == ":::{iframe} http://testserver/embed/scalar?f=x%5E3&x=-1%2C2"
    assert lines[1] == ":width: 100%"
    assert (
        lines[2] == ":placeholder: http://testserver/chart/scalar/derivative.png?f=x%5E3&x=-1%2C2"
    )
    # the caption: 3x² at -1 and 2 is 3 and 12, mean 7.5; at the mean 0.5 it is 0.75
    assert "mean of the gradients 7.5000, gradient at the mean 0.7500 (gap 6.7500)" in lines[3]
    assert lines[4] == ":::"
    image = client.get(lines[2].split(" ", 1)[1].removeprefix("http://testserver"))
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert 'data-copy-from="share-myst"' in page


def test_a_view_without_charts_has_no_placeholder():
    assert myst_iframe("https://x/embed/scalar?f=(", "Broken", None).splitlines() == [
        ":::{iframe} https://x/embed/scalar?f=(",
        ":width: 100%",
        "Broken",
        ":::",
    ]
