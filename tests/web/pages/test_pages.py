"""Server-rendered pages: numbers, JSON twins, escaping, assets and headers."""

import base64
import gzip
import hashlib
import re
from html import unescape

import brotli
import pytest
from fastapi.testclient import TestClient

from app.core.model import VARIANT_NAMES
from app.main import app
from app.web.assets import PLOTLY_JS, plotly_url
from app.web.formatting import full
from app.web.plotly_bundle import COMPILE_HINT
from tests.web.pages.figures import page_figure

PAGES = ["/", "/scalar", "/scalar?f=tanh(x)&x=-1,2"]


def figure_json(html: str, name: str) -> dict:
    return page_figure(TestClient(app), html, name)


def test_index_shows_the_headline_numbers(client):
    html = client.get("/").text
    assert 'data-testid="mean-of-gradients">0.2233<' in html
    assert 'data-testid="gradient-at-mean">0.2350<' in html
    assert 'data-testid="mean-of-gradients-full">0.22330596662074093<' in html
    assert "<math" in html
    assert 'href="/scalar"' in html


def test_index_charts_carry_the_numbers(client):
    html = client.get("/").text
    derivative = figure_json(html, "derivative")
    names = [trace["name"] for trace in derivative["data"]]
    assert "mean of the gradients = 0.2233" in names
    assert "gradient at the mean = 0.2350" in names
    points = next(t for t in derivative["data"] if t["name"].startswith("gradients"))
    assert points["x"] == [0.0, 1.0]
    assert points["y"][0] == 0.25


def test_index_worked_out_once_still_shares_links_to_the_host_asked(client):
    # The headline's numbers and charts are kept from the first visit; the share panel is not.
    for host in ("gradients.example", "mirror.example:8443"):
        html = client.get("/", headers={"host": host}).text
        assert f"http://{host}/embed/scalar?" in unescape(html)
        assert 'data-testid="mean-of-gradients">0.2233<' in html


@pytest.mark.parametrize("path", PAGES)
def test_every_page_advertises_its_json_twin(client, path):
    html = client.get(path).text
    match = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)"', html)
    assert match
    twin = client.get(unescape(match.group(1)))
    assert twin.status_code == 200
    assert "mean_of_gradients" in twin.json()


def test_scalar_page_and_twin_show_the_same_numbers(client):
    html = client.get("/scalar", params={"f": "x^3", "x": "1, 2, 4"}).text
    twin = client.get("/api/v1/scalar", params={"f": "x^3", "x": "1, 2, 4"}).json()
    for key in ("mean_of_gradients", "gradient_at_mean"):
        assert f'data-testid="{key.replace("_", "-")}-full">{full(twin[key])}<' in html
    assert twin["mean_of_gradients"] == 21.0  # mean of 3x^2 over 1, 2, 4
    assert twin["gradient_at_mean"] == pytest.approx(3 * (7 / 3) ** 2)


def test_affine_function_says_so(client):
    html = client.get("/scalar", params={"f": "3x + 1", "x": "0, 5"}).text
    assert 'data-testid="affine-note"' in html


def test_parse_error_is_shown_inline_with_its_column(client):
    html = client.get("/scalar", params={"f": "sigmoid(x))", "x": "0,1"}).text
    assert "unmatched &#39;)&#39;" in html
    assert "(column 11)" in html
    assert "sigmoid(x))\n          ^" in html  # the caret under column 11
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize("field", ["f", "x"])
def test_user_text_is_escaped(client, field):
    payload = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    params = {"f": "sigmoid(x)", "x": "0,1", field: payload}
    html = client.get("/scalar", params=params).text
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_figure_json_cannot_close_its_script_tag(client):
    from app.web.templating import script_json

    assert "</script>" not in str(script_json({"a": "</script><script>"}))


def test_live_endpoint_returns_panel_and_figures(client):
    body = client.get("/scalar/live", params={"f": "x^2", "x": "-1, 3"}).json()
    assert body["error"] is None
    assert 'data-testid="mean-of-gradients">2.0000<' in body["panels"]["results"]
    assert set(body["charts"]) == {"function", "derivative"}
    assert body["charts"]["derivative"].count('<svg class="static-chart') == 2  # wide, narrow
    assert 'data-trace="3"' in body["charts"]["derivative"]  # a legend entry can hide it
    assert "figures" not in body  # Plotly's figures only for a chart under the pointer:
    figures = client.get(body["figures_url"]).json()
    assert figures["derivative"]["data"][2]["x"] == [-1, 3]
    assert body["permalink"] == "/scalar?f=x%5E2&x=-1%2C+3"


def test_live_endpoint_reports_errors_without_failing(client):
    response = client.get("/scalar/live", params={"f": "x +", "x": "1"})
    assert response.status_code == 200
    assert response.json()["error"] == {
        "field": "f",
        "message": "the expression ends too early: expected a number, a name or '(' (column 4)",
        "column": 4,
    }


@pytest.mark.parametrize(
    ("accept", "decode"),
    [("gzip", gzip.decompress), ("gzip, deflate, br", brotli.decompress), ("identity", bytes)],
)
def test_plotly_is_served_compressed_and_immutable(client, accept, decode):
    html = client.get("/").text
    assert plotly_url() in html
    with client.stream("GET", plotly_url(), headers={"accept-encoding": accept}) as response:
        body = decode(b"".join(response.iter_raw()))
    assert response.status_code == 200
    assert response.headers.get("content-encoding", "identity") == accept.split(",")[-1].strip()
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["vary"] == "Accept-Encoding"  # once, in every encoding
    assert response.headers["content-type"].startswith("text/javascript")
    # the vendored cartesian bundle, byte for byte, after V8's compile hint
    assert body == COMPILE_HINT + PLOTLY_JS.read_bytes()
    assert plotly_url() == "/assets/plotly-cartesian-4.1.1.min.js"  # plotly.js's own version
    etag = response.headers["etag"]  # one per encoding: the bytes differ
    again = client.get(plotly_url(), headers={"if-none-match": etag, "accept-encoding": accept})
    assert again.status_code == 304
    other = client.get("/assets/plotly-cartesian-0.0.1.min.js")
    assert other.status_code == 404
    assert other.json() == {"detail": "this server bundles plotly.js 4.1.1"}


def test_pages_load_nothing_from_other_hosts(client):
    for path in [*PAGES, "/model", "/network?epochs=5", "/embed/scalar"]:
        html = client.get(path).text
        absolute = re.findall(r'(?:src|href)="((?:https?:)?//[^"]+)"', html)
        assert all(url.startswith("http://testserver/") for url in absolute), (path, absolute)


def test_the_api_reference_lists_every_operation_from_the_schema(client):
    html = client.get("/api/docs").text
    schema = client.get("/openapi.json").json()
    operations = [
        (method.upper(), path, spec)
        for path, item in schema["paths"].items()
        for method, spec in item.items()
    ]
    assert len(operations) == 14  # with /api/v1/{kind}/code for each of the four explorers
    for method, path, spec in operations:
        assert f'id="{spec["operationId"]}"' in html
        assert (
            f'<span class="method method-{method.lower()}">{method}</span> <code>{path}</code>'
            in html
        )
        for parameter in spec.get("parameters", []):
            assert f'name="{parameter["name"]}"' in html  # in the operation's try-it form
    assert "the query string is longer than 98304 bytes" in html.replace("The query", "the query")
    assert "at most 20000 characters" in html  # limits from the schema
    assert "curl -X POST 'http://testserver/api/v1/model'" in html
    assert "<script" not in html.split("</head>")[1]  # the reference needs no script
    assert client.get("/assets/swagger/swagger-ui-bundle.js").status_code == 404


def test_security_headers(client):
    headers = client.get("/").headers
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"]
    assert "server" not in headers


def test_the_one_inline_script_is_allowed_by_its_hash_and_nothing_else_is(client):
    response = client.get("/model")
    inline = re.findall(r"<script>(.*?)</script>", response.text, re.S)
    assert len(inline) == 1 and "localStorage" in inline[0]  # the theme, before the first paint
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    script_src = response.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    assert script_src.split() == ["'self'", f"'sha256-{digest}'"]


def test_static_assets_are_versioned(client):
    html = client.get("/").text
    match = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]{10})"', html)
    assert match
    assert client.get(match.group(1)).status_code == 200


def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"


def test_charts_arrive_as_static_svg_and_plotly_is_not_loaded_up_front(client):
    html = client.get("/scalar").text
    assert html.count('<svg class="static-chart static-wide"') == 2
    assert html.count('<svg class="static-chart static-narrow"') == 2
    assert f'<script src="{plotly_url()}"' not in html
    assert f'data-plotly="{plotly_url()}"' in html
    network = client.get("/network?epochs=5").text
    assert network.count('<svg class="static-chart static-wide"') == 4
    assert "data:image/png;base64," in network  # decision regions as a raster image


def test_pages_fetch_their_figures_on_demand_instead_of_carrying_them(client):
    page = client.get("/scalar?f=tanh(x)&x=-1,2").text
    assert 'type="application/json" id="figure-' not in page  # half a page's weight, left out
    embed = client.get("/embed/scalar?f=tanh(x)&x=-1,2").text  # an embed still carries them
    for name in ("function", "derivative"):
        assert figure_json(page, name) == figure_json(embed, name)
    dark = client.get("/scalar/figures?f=tanh(x)&x=-1,2&theme=dark").json()
    assert dark["derivative"]["layout"]["plot_bgcolor"] == "#1b2229"
    bad = client.get("/scalar/figures?f=tanh(x")  # the API's 422 (tests/web/live/test_figures.py)
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "f"]


@pytest.mark.parametrize("kind", ["scalar", "model", "network", "batches"])
def test_legends_and_hover_names_are_words_not_the_code_names(client, kind):
    figures = client.get(f"/{kind}/figures").json()
    names = [t.get("name", "") for f in figures.values() for t in f["data"]]
    assert names
    for name in names:
        assert not any(variant in name for variant in VARIANT_NAMES), name
