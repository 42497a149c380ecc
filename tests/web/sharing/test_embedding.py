"""Embeds, oEmbed (through a real consumer library over real HTTP), framing rules, exports."""

import csv
import io
import json
import re

import pytest
from micawber import Provider

from app.core.printing import format_number
from app.web.sharing.exports import inline_plotly


@pytest.mark.parametrize(
    ("path", "charts"),
    [
        ("/embed/scalar", ["function", "derivative"]),
        ("/embed/model", ["landscape", "fits", "losses"]),
        ("/embed/network?epochs=5", ["layers", "boundaries", "loss", "accuracy"]),
        ("/embed/model?chart=fits", ["fits"]),
    ],
)
def test_embed_shows_only_its_charts(client, path, charts):
    response = client.get(path)
    assert response.status_code == 200
    html = response.text
    assert re.findall(r'id="chart-(\w+)" data-figure', html) == charts
    assert 'class="site-header"' not in html
    assert 'id="embed-caption"' in html
    assert "Open in Gradient Lens" in html


def test_embed_caption_has_the_key_numbers(client):
    html = client.get("/embed/scalar?f=sigmoid(x)&x=0,1").text
    assert "mean of the gradients 0.2233, gradient at the mean 0.2350" in html


def test_embed_controls_and_theme(client):
    html = client.get("/embed/scalar?controls=1&theme=dark&chart=derivative").text
    assert 'id="scalar-form"' in html
    assert 'class="theme-dark"' in html
    figure = json.loads(re.search(r'id="figure-derivative">(.*?)</script>', html, re.S).group(1))
    assert figure["layout"]["plot_bgcolor"] == "#1b2229"
    assert "height" not in figure["layout"]  # a lone chart fills the iframe
    assert 'id="scalar-form"' not in client.get("/embed/scalar").text


def test_dark_theme_keeps_ink_marks_visible(client):
    def named(figure, name):
        return next(t for t in figure["data"] if t["name"] == name)

    dark = client.get("/model/live?theme=dark").json()
    assert (
        dark["figures_url"] == "/model/figures?" + dark["permalink"].split("?")[1] + "&theme=dark"
    )
    dark["figures"] = client.get(dark["figures_url"]).json()
    # On the plain dark plot the minimum's fitted line turns light ...
    assert named(dark["figures"]["fits"], "at the minimum of J")["line"]["color"] == "#dde5ea"
    # ... and so does the star, with a dark outline: it shows on the dark plot and on the
    # landscape's light contours alike (it was dark on dark where the contours end).
    star = named(dark["figures"]["landscape"], "minimum of J")["marker"]
    assert (star["color"], star["line"]["color"]) == ("#dde5ea", "#1c2a33")
    assert "#1c2a33" not in dark["legends"]["landscape"]
    light = {"figures": client.get("/model/figures").json()}
    assert named(light["figures"]["fits"], "at the minimum of J")["line"]["color"] == "#1c2a33"


def test_unknown_embeds_are_404(client):
    assert client.get("/embed/scalar?chart=nope").status_code == 404
    assert client.get("/embed/nothing").status_code == 404


def test_framing_rules(client):
    embed = client.get("/embed/scalar").headers
    assert "frame-ancestors *" in embed["content-security-policy"]
    assert "x-frame-options" not in embed
    page = client.get("/scalar").headers
    assert "frame-ancestors 'self'" in page["content-security-policy"]
    assert page["x-frame-options"] == "SAMEORIGIN"
    assert "script-src 'self';" in embed["content-security-policy"]  # no inline script at all
    assert "script-src 'self' 'sha256-" in page["content-security-policy"]  # the theme's only


def test_every_page_has_oembed_discovery(client):
    for path in ["/", "/scalar", "/model", "/network?epochs=5"]:
        html = client.get(path).text
        assert re.search(
            r'<link rel="alternate" type="application/json\+oembed" href="[^"]+/oembed\?url=', html
        ), path


def test_oembed_with_a_real_consumer(server_url):
    provider = Provider(f"{server_url}/oembed")
    page = f"{server_url}/scalar?f=tanh(x)&x=-1,2"
    answer = provider.request(page, maxwidth=480, maxheight=300)
    assert answer["type"] == "rich"
    assert answer["width"] == 480 and answer["height"] == 300
    assert f'src="{server_url}/embed/scalar?f=tanh(x)&amp;x=-1,2"' in answer["html"]
    assert 'loading="lazy"' in answer["html"]
    default = provider.request(f"{server_url}/model")
    assert default["width"] == 720 and default["height"] == 1420  # the model's three charts


def test_oembed_errors(client):
    assert client.get("/oembed", params={"url": "http://testserver/elsewhere"}).status_code == 404
    assert client.get("/oembed", params={"url": "ftp://testserver/scalar"}).status_code == 404
    elsewhere = client.get("/oembed", params={"url": "http://evil.example/scalar"})
    assert (elsewhere.status_code, elsewhere.json()) == (
        404,
        {"detail": "not a URL this app serves: its host is evil.example, not testserver"},
    )
    xml = client.get("/oembed", params={"url": "http://testserver/scalar", "format": "xml"})
    assert xml.status_code == 501


def test_api_and_oembed_allow_cross_origin_reads(client):
    assert client.get("/api/v1/scalar").headers["access-control-allow-origin"] == "*"
    assert (
        client.get("/oembed?url=http://testserver/").headers["access-control-allow-origin"] == "*"
    )
    assert "access-control-allow-origin" not in client.get("/scalar").headers
    preflight = client.options("/api/v1/scalar")
    assert preflight.status_code == 204
    assert "POST" in preflight.headers["access-control-allow-methods"]


def test_scalar_csv_matches_the_api(client):
    query = {"f": "sigmoid(x)", "x": "0, 1, 2.5"}
    response = client.get("/export/scalar/points.csv", params=query)
    assert response.headers["content-disposition"] == (
        'attachment; filename="gradient-lens-scalar-points.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.text)))
    api = client.get("/api/v1/scalar", params=query).json()
    assert rows[0] == ["i", "x", "f(x)", "f'(x)"]
    assert [row[3] for row in rows[1:]] == [format_number(g) for g in api["gradients"]]


@pytest.mark.parametrize(
    ("path", "header"),
    [
        ("/export/model/per-example.csv", ["i", "x", "y", "dL_i/dm", "dL_i/db"]),
        ("/export/model/trajectories.csv", ["variant", "step", "m", "b", "J"]),
        ("/export/network/training.csv?epochs=5", ["variant", "epoch", "loss", "accuracy"]),
        (
            "/export/network/layers.csv?epochs=5",
            ["layer", "part", "shape", "true_norm", "variant", "rel_error", "cosine"],
        ),
    ],
)
def test_other_tables(client, path, header):
    rows = list(csv.reader(io.StringIO(client.get(path).text)))
    assert rows[0] == header
    assert len(rows) > 2


def test_export_errors(client):
    assert client.get("/export/scalar/points.csv", params={"f": "x +"}).status_code == 422
    assert client.get("/export/scalar/nope.csv").status_code == 404


def test_standalone_html_export_is_self_contained(client):
    response = client.get("/export/scalar/derivative.html", params={"f": "tanh(x)"})
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    html = response.text
    assert inline_plotly() in html  # the pages' own Plotly.js (the cartesian bundle) is inside
    assert len(html) < 1_600_000  # and nothing else of that size: not the full bundle
    assert not re.search(r'<script[^>]+src="https?://', html)
    assert "mean of the gradients" in html


def test_pages_offer_share_panel_and_chart_snippets(client):
    html = client.get("/scalar", params={"f": "x^2", "x": "1,2"}).text
    assert 'id="share-link" value="http://testserver/scalar?f=x%5E2&amp;x=1%2C2"' in html
    assert "&lt;iframe src=&#34;http://testserver/embed/scalar?f=x%5E2&amp;amp;x=1%2C2&#34;" in html
    assert "loading=&#34;lazy&#34;" in html
    assert "chart=derivative" in html
