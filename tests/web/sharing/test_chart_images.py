"""``/chart/{kind}/{chart}.svg|png``: every chart as an image, decoded and checked here."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest
from PIL import Image

from app.web.charts.palette import BLUE
from app.web.charts.svg.standalone import COLOURS
from app.web.explorers.registry import EXPLORERS

SVG = "{http://www.w3.org/2000/svg}"
HEADLINE = "f=sigmoid(x)&x=0,1"
EVERY_CHART = [(kind, name) for kind, e in EXPLORERS.items() for name, _ in e.charts]


def decoded(response) -> Image.Image:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/png"
    return Image.open(io.BytesIO(response.content)).convert("RGB")


def colours_of(image: Image.Image) -> set[tuple[int, int, int]]:
    return {colour for _, colour in image.getcolors(maxcolors=1 << 20)}


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


@pytest.mark.parametrize(("kind", "chart"), EVERY_CHART)
def test_every_chart_is_a_png_with_a_drawing_on_its_background(client, kind, chart):
    image = decoded(client.get(f"/chart/{kind}/{chart}.png"))
    assert image.width == 800
    assert 300 < image.height < 900
    assert image.getpixel((0, 0)) == rgb(COLOURS["light"].background)
    assert len(colours_of(image)) > 50  # lines, markers and text, anti-aliased: not blank


@pytest.mark.parametrize(("kind", "chart"), EVERY_CHART)
def test_the_dark_theme_draws_on_a_dark_background(client, kind, chart):
    image = decoded(client.get(f"/chart/{kind}/{chart}.png?theme=dark"))
    assert image.getpixel((0, 0)) == rgb(COLOURS["dark"].background)
    grey = image.convert("L")
    assert sum(grey.getpixel((x, 2)) for x in range(0, image.width, 10)) / (image.width / 10) < 40
    assert grey.getextrema()[1] > 200  # light text and marks on it


def test_the_headline_png_shows_the_curve_in_its_colour_at_one_and_two_times(client):
    one = decoded(client.get(f"/chart/scalar/derivative.png?{HEADLINE}"))
    two = decoded(client.get(f"/chart/scalar/derivative.png?{HEADLINE}&scale=2"))
    assert two.size == (one.width * 2, one.height * 2)
    assert rgb(BLUE) in colours_of(one)  # the f'(x) curve


def test_width_sets_the_drawing_width(client):
    image = decoded(client.get(f"/chart/scalar/function.png?{HEADLINE}&width=1200"))
    assert image.width == 1200


def test_the_svg_carries_title_y_label_legend_and_the_two_numbers(client):
    response = client.get(f"/chart/scalar/derivative.svg?{HEADLINE}")
    assert response.headers["content-type"] == "image/svg+xml; charset=utf-8"
    root = ET.fromstring(response.text)
    assert root.tag == f"{SVG}svg"
    assert root.get("width") == "800"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert root.find(f"{SVG}title").text.startswith("The derivative")
    assert "f′(x)" in texts  # the y label, above the plot
    assert "mean of the gradients = 0.2233" in texts  # a legend entry
    caption = next(t for t in texts if t.startswith("f(x) = sigmoid(x)"))
    assert "0.2233" in caption and "0.2350" in caption


def test_the_svg_takes_scale_as_its_intrinsic_size_and_keeps_its_units(client):
    one = ET.fromstring(client.get(f"/chart/scalar/function.svg?{HEADLINE}").text)
    two = ET.fromstring(client.get(f"/chart/scalar/function.svg?{HEADLINE}&scale=2").text)
    assert two.get("viewBox") == one.get("viewBox")
    assert int(two.get("width")) == 2 * int(one.get("width"))
    assert int(two.get("height")) == 2 * int(one.get("height"))


def test_the_query_is_the_pages_query(client):
    texts = "|".join(
        ET.fromstring(client.get("/chart/scalar/derivative.svg?f=x^2&x=1,3").text).itertext()
    )
    assert "mean of the gradients = 4.0000" in texts  # 2x at 1 and 3
    step = client.get("/chart/model/losses.svg?step=3").text
    assert "Step 3 of 100." in step


def test_an_unknown_chart_is_a_404_that_lists_the_charts(client):
    response = client.get("/chart/model/nope.png")
    assert response.status_code == 404
    assert (
        response.json()["detail"]
        == "no chart 'nope' for the model explorer: landscape, fits, losses"
    )
    assert client.get("/chart/nope/function.svg").status_code == 404


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("theme=blue", "theme"),
        ("width=100", "width"),
        ("width=9000", "width"),
        ("scale=4", "scale"),
    ],
)
def test_bad_image_options_are_422s_that_name_the_option(client, query, field):
    response = client.get(f"/chart/scalar/function.png?{query}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", field]


def test_bad_input_is_the_pages_422_with_the_column(client):
    response = client.get("/chart/scalar/function.png?f=sin(x&x=1")
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["query", "f"]
    assert error["ctx"]["column"] == 6


def test_images_are_cached_with_an_etag(client):
    url = f"/chart/scalar/function.png?{HEADLINE}"
    first = client.get(url)
    assert first.headers["cache-control"].startswith("public")
    again = client.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


def test_the_img_snippet_has_the_images_size_and_the_summary_as_alt_text(client):
    page = client.get(f"/scalar?{HEADLINE}").text
    snippet = unescape(re.search(r'id="img-derivative"[^>]*>([^<]*)<', page).group(1))
    width, height = (int(v) for v in re.search(r'width="(\d+)" height="(\d+)"', snippet).groups())
    src = unescape(re.search(r'src="([^"]+)"', snippet).group(1))  # attributes escape & too
    srcset = unescape(re.search(r'srcset="([^"]+)"', snippet).group(1))
    assert srcset == f"{src} 1x, {src}&scale=2 2x"
    image = decoded(client.get(src.removeprefix("http://testserver")))
    assert image.size == (width, height)
    assert snippet.isascii()  # ′ is &#8242;: right on a course page in any character set
    assert 'alt="Chart of f&#8242;(x) with the gradient at each of the 2 points.' in snippet
    markdown = unescape(re.search(r'id="markdown-derivative"[^>]*>([^<]*)<', page).group(1))
    alt = unescape(re.search(r'alt="([^"]+)"', snippet).group(1))
    assert markdown == "![" + alt + "](" + src + ")"


def test_every_page_has_a_link_preview_of_its_headline_chart(client):
    for path, chart in [
        (f"/?{HEADLINE}", "scalar/derivative"),
        ("/scalar", "scalar/derivative"),
        ("/model", "model/landscape"),
        ("/network", "network/layers"),
        ("/batches", "batches/sweep"),
        ("/api/docs", "scalar/derivative"),
    ]:
        page = client.get(path).text
        meta = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', page))
        image = unescape(meta["og:image"])
        assert f"/chart/{chart}.png?" in image
        assert meta["twitter:card"] == "summary_large_image"
        assert meta["twitter:image"] == meta["og:image"]
        png = decoded(client.get(image.removeprefix("http://testserver")))
        assert png.size == (int(meta["og:image:width"]), int(meta["og:image:height"]))
        assert meta["og:image:alt"]
    headline = client.get("/").text
    numbers = "mean of the gradients 0.2233, gradient at the mean 0.2350"
    assert f'og:description" content="f(x) = sigmoid(x) at x = 0, 1: {numbers}' in headline


def test_a_page_with_bad_input_has_a_preview_without_an_image(client):
    page = client.get("/scalar?f=sin(").text
    assert 'name="twitter:card" content="summary"' in page
    assert "og:image" not in page
