"""The model explorer page: numbers, derivation, figures, presets and its JSON twin."""

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from app.main import app
from app.web.explorers.presets import MODEL_PRESETS
from tests.web.pages.figures import page_figure


def test_default_page_shows_the_line_fit(client):
    html = client.get("/model").text
    twin = client.get("/api/v1/model").json()
    assert (
        f'data-testid="gradient_of_mean_loss-m">{twin["variants"]["gradient_of_mean_loss"]["m"]:.6f}<'
        in html
    )
    assert 'data-testid="step-m-5"' in html  # collect terms
    assert 'data-testid="covariance-m"' in html
    assert "a product of means equals a product of means" not in html
    assert "mean of products equals a product of means" in html  # the b parameter's note
    assert html.count("<math") > 20


def test_page_advertises_a_twin_with_the_same_query(client):
    html = client.get("/model", params={"model": "sigmoid(w*x + b)", "params": "w=1, b=0"}).text
    twin = unescape(
        re.search(r'<link rel="alternate" type="application/json" href="([^"]+)"', html).group(1)
    )
    body = client.get(twin).json()
    assert body["model"] == "sigmoid(w*x + b)"
    assert body["parameters"] == ["w", "b"]


@pytest.mark.parametrize("preset", MODEL_PRESETS, ids=lambda p: p.label)
def test_every_preset_renders_with_charts(client, preset):
    html = client.get(f"/model?{preset.query}").text
    for name in ("landscape", "fits", "losses"):
        figure = page_figure(client, html, name)
        assert figure["data"], name
    assert 'class="field-error" id="error-model" role="alert"></div>' in html


def test_linear_cost_preset_says_descent_runs_off(client):
    preset = next(p for p in MODEL_PRESETS if p.label == "Linear cost")
    html = client.get(f"/model?{preset.query}").text
    assert 'data-testid="constant-gradient"' in html
    assert "runs off without end" in html


def test_errors_are_inline(client):
    html = client.get("/model", params={"model": "m*x + y"}).text
    assert "y and f belong in the loss" in html
    assert 'id="input-model" name="model" value="m*x + y"' in html


def test_live_feed_has_both_panels(client):
    body = client.get("/model/live").json()
    assert set(body["panels"]) == {"results", "derivation", "share"}
    assert set(body["charts"]) == {"landscape", "fits", "losses"}
    assert body["error"] is None


def test_plot_choice_picks_the_landscape_axes(client):
    query = {"model": "a*x^2 + b*x + c", "params": "a=0, b=0, c=0", "plot": "a,c"}
    html = client.get("/model", params=query).text
    landscape = page_figure(client, html, "landscape")
    assert landscape["layout"]["xaxis"]["title"]["text"] == "a"
    assert landscape["layout"]["yaxis"]["title"]["text"] == "c"
    assert '<option value="a,c" selected>' in html


def test_variants_table_shows_absolute_relative_and_angle(client):
    html = client.get("/model").text
    twin = client.get("/api/v1/model").json()
    absolute = twin["comparisons"]["mean_error_backprop"]["absolute"]
    assert f'data-testid="mean_error_backprop-absolute">{absolute:.3g}<' in html
    landscape = page_figure(client, html, "landscape")
    path = next(t for t in landscape["data"] if t["name"] == "averaged error, one backward pass")
    assert path["marker"]["size"][-1] > 0 and path["marker"]["size"][0] == 0


def test_sum_or_mean_is_explained_with_the_numbers(client):
    mean = client.get("/model").text
    assert 'data-testid="verdict-mean">on the mean settles, while on the sum it overshoots<' in mean
    assert 'data-testid="equivalent-sum">0.02<' in mean
    summed = client.get("/model?reduction=sum").text
    assert '<option value="sum" selected>sum</option>' in summed
    verdict = 'data-testid="verdict-sum">on the sum overshoots, while on the mean it settles<'
    assert verdict in summed
    assert 'data-testid="equivalent-mean">0.5<' in summed
    assert "linear scaling rule" in summed
    landscape = page_figure(client, summed, "landscape")
    assert any(t["name"] == "true gradient on the mean, same η" for t in landscape["data"])


def test_the_mean_is_left_out_of_permalinks(client):
    html = client.get("/model?reduction=mean").text
    permalink = re.search(r'id="permalink" href="([^"]+)"', html)[1]
    assert "reduction" not in permalink
    assert (
        "reduction=sum"
        in re.search(r'id="permalink" href="([^"]+)"', client.get("/model?reduction=sum").text)[1]
    )


def figure_in(html: str, name: str) -> dict:
    return page_figure(TestClient(app), html, name)


def test_a_step_in_the_address_draws_that_frame(client):
    html = client.get("/model?steps=20&step=3").text
    losses = figure_in(html, "losses")
    assert all(len(trace["x"]) == 4 for trace in losses["data"])
    assert losses["layout"]["xaxis"]["range"][1] > 20  # framed for the whole run
    landscape = figure_in(html, "landscape")
    path = next(t for t in landscape["data"] if t.get("legendgroup") == "gradient_of_mean_loss")
    assert len(path["x"]) == 4
    assert 'aria-valuetext="step 3 of 20"' in html
    assert re.search(r'id="permalink" href="[^"]*step=3"', html)
    whole = figure_in(client.get("/model?steps=20").text, "losses")
    assert all(len(trace["x"]) == 21 for trace in whole["data"])


def test_an_embed_and_an_oembed_card_keep_the_frame(client):
    embed = client.get("/embed/model?steps=20&step=3&chart=losses").text
    assert all(len(trace["x"]) == 4 for trace in figure_in(embed, "losses")["data"])
    card = client.get("/oembed", params={"url": "http://testserver/model?steps=20&step=3"}).json()
    assert "step=3" in card["html"]


def test_a_step_past_the_end_is_shown_in_the_player(client):
    html = client.get("/model?steps=20&step=21").text
    assert 'id="error-step" role="alert">step 21 is past the end: the run has 20 steps<' in html
    live = client.get("/model/live?steps=20&step=21").json()
    assert live["error"]["field"] == "step"
