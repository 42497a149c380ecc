"""The served Plotly.js bundle can draw every figure the site builds: the trace types it
registers, read from the bundle evaluated in real Chromium, include every trace type of every
figure of every explorer (all presets, a frame of each player, both themes, pages, embeds and
exported files); an exported file draws offline with the same bundle inlined."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape

import pytest

from app.web.assets import plotly_url
from app.web.explorers.presets import (
    BATCHES_PRESETS,
    MODEL_PRESETS,
    NETWORK_PRESETS,
    SCALAR_PRESETS,
)
from app.web.explorers.registry import EXPLORERS

QUERIES = {
    "scalar": [p.query for p in SCALAR_PRESETS],
    "model": [p.query for p in MODEL_PRESETS] + ["step=3"],
    "network": [p.query for p in NETWORK_PRESETS] + ["epoch=6"],
    "batches": [p.query for p in BATCHES_PRESETS],
}
THEMES = ("light", "dark")
INLINE_FIGURE = re.compile(
    r'<script type="application/json" id="figure-[^"]+">(.*?)</script>', re.S
)


def test_every_explorer_has_its_presets_walked():
    assert set(QUERIES) == set(EXPLORERS)


def page_figures(client, path: str) -> Iterator[tuple[str, dict]]:
    """The figures a page's charts get when pointed at, in either theme."""
    html = client.get(path).text
    [url] = set(re.findall(r'data-figures-url="([^"]+)"', html))
    for theme in THEMES:
        figures = client.get(f"{unescape(url)}&theme={theme}").json()
        yield from ((f"{path} {name} {theme}", figure) for name, figure in figures.items())


def embed_figures(client, kind: str, query: str) -> Iterator[tuple[str, dict]]:
    first = EXPLORERS[kind].charts[0][0]
    for theme in THEMES:
        for chart in ("", first):  # every chart, and one alone (filling the iframe)
            path = f"/embed/{kind}?{query}&theme={theme}&chart={chart}"
            html = client.get(path).text
            yield from ((path, json.loads(block)) for block in INLINE_FIGURE.findall(html))


def export_figures(client, kind: str, query: str) -> Iterator[tuple[str, dict]]:
    for chart, _ in EXPLORERS[kind].charts:
        path = f"/export/{kind}/{chart}.html?{query}"
        html = client.get(path).text
        call = html.index("Plotly.newPlot(")
        data, end = json.JSONDecoder().raw_decode(html, html.index("[", call))
        layout, _ = json.JSONDecoder().raw_decode(html, html.index("{", end))
        yield path, {"data": data, "layout": layout}


def every_figure(client) -> Iterator[tuple[str, dict]]:
    yield from page_figures(client, "/")
    for kind, queries in QUERIES.items():
        for query in queries:
            yield from page_figures(client, f"/{kind}?{query}")
            yield from embed_figures(client, kind, query)
        yield from export_figures(client, kind, queries[0])


@pytest.fixture(scope="module")
def figures(client) -> list[tuple[str, dict]]:
    return list(every_figure(client))


@pytest.fixture(scope="module")
def bundle_page(browser, server_url):
    """A page of the site with the served bundle evaluated in it."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(server_url + "/api/docs")  # a page of the site: its CSP admits its own scripts
    page.add_script_tag(url=server_url + plotly_url())
    page.wait_for_function("() => window.Plotly !== undefined")
    yield page
    context.close()


def test_the_served_bundle_registers_every_trace_type_the_figures_use(figures, bundle_page):
    registered = set(bundle_page.evaluate("() => Object.keys(Plotly.PlotSchema.get().traces)"))
    used: dict[str, str] = {}
    for where, figure in figures:
        for trace in figure["data"]:
            used.setdefault(trace.get("type", "scatter"), where)
    assert len(figures) > 200
    assert {"scatter", "bar", "heatmap", "contour"} <= set(used)  # the walk reached every chart
    missing = {kind: where for kind, where in used.items() if kind not in registered}
    assert missing == {}, (
        f"trace types the served Plotly.js lacks (and a figure using each): {missing}"
    )
    assert "scattergl" not in registered and "surface" not in registered  # a partial bundle
    assert bundle_page.evaluate("() => Plotly.version") == "4.1.1"


def test_an_exported_file_draws_offline_with_the_same_bundle(browser, client, tmp_path):
    response = client.get("/export/model/landscape.html")
    assert response.status_code == 200
    html = response.text
    path = tmp_path / "landscape.html"
    path.write_text(html)
    context = browser.new_context(offline=True)
    try:
        page = context.new_page()
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        page.wait_for_function("() => document.querySelector('.plotly-graph-div .contour')")
        drawn = page.evaluate(
            "() => [Plotly.version, document.querySelector('.plotly-graph-div')._fullData"
            ".map(t => t.type)]"
        )
    finally:
        context.close()
    expected = [t["type"] for t in client.get("/model/figures").json()["landscape"]["data"]]
    assert expected[:2] == ["contour", "scatter"] and len(expected) > 5
    assert drawn == ["4.1.1", expected]  # every trace drawn, by the inlined cartesian bundle
    assert requests == [path.as_uri()] and errors == []
