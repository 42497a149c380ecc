"""The network explorer page: results, charts, presets, inline errors."""

import pytest

from app.web.explorers.presets import NETWORK_PRESETS
from tests.web.pages.figures import page_figure


def test_default_page(client):
    html = client.get("/network").text
    assert 'data-testid="accuracy-gradient_of_mean_loss">100.0 %<' in html
    assert "Why batched backpropagation" in html
    for name in ("layers", "boundaries", "loss", "accuracy"):
        figure = page_figure(client, html, name)
        assert figure["data"]


@pytest.mark.parametrize("preset", NETWORK_PRESETS, ids=lambda p: p.label)
def test_presets_render(client, preset):
    response = client.get(f"/network?{preset.query}")
    assert response.status_code == 200
    assert page_figure(client, response.text, "boundaries")["data"]


def test_identity_preset_reports_exact_biases(client):
    preset = next(p for p in NETWORK_PRESETS if p.label == "Identity activations")
    html = client.get(f"/network?{preset.query}").text
    assert 'data-testid="identity-note"' in html
    assert "exact for\n2 of 2 bias gradients" in html


def test_inline_error(client):
    html = client.get("/network", params={"hidden": "8,,x"}).text
    assert "whole numbers" in html
    assert 'id="input-hidden" name="hidden" value="8,,x"' in html


def test_live_feed(client):
    body = client.get("/network/live", params={"epochs": "5"}).json()
    assert body["error"] is None
    assert set(body["charts"]) == {"layers", "boundaries", "loss", "accuracy"}
    assert "accuracy-mean_error_backprop" in body["panels"]["results"]


def test_an_epoch_in_the_address_draws_that_frame(client):
    html = client.get("/network?epochs=20&epoch=10").text
    loss = page_figure(client, html, "loss")
    assert all(len(trace["x"]) == 11 for trace in loss["data"])
    assert loss["layout"]["xaxis"]["range"][1] > 20  # framed for the whole run
    assert "The gradient after epoch 10, layer by layer" in html
    assert 'aria-valuetext="epoch 10 of 20"' in html
    twin = client.get("/api/v1/network?epochs=20&epoch=10").json()
    assert twin["frame"]["epoch"] == 10
    accuracy = twin["frame"]["accuracy"]["gradient_of_mean_loss"]
    assert f"{100 * accuracy:.1f} %" in html
    embed = client.get("/embed/network?epochs=20&epoch=0&chart=loss").text
    assert all(len(t["x"]) == 1 for t in page_figure(client, embed, "loss")["data"])


def test_an_epoch_between_frames_is_named_in_its_field(client):
    html = client.get("/network?epochs=120&epoch=7&batch_size=40").text
    assert (
        'id="error-epoch" role="alert">epoch 7 falls between frames: they are every 3 epochs'
        in html
    )
    response = client.get("/api/v1/network?epochs=120&epoch=121&batch_size=40")
    assert response.status_code == 422
    assert (
        response.json()["detail"][0]["msg"] == "epoch 121 is past the end: the run has 120 epochs"
    )


def test_the_api_keeps_its_layers_at_the_initial_weights(client):
    twin = client.get("/api/v1/network?epochs=20&epoch=0").json()
    assert twin["frame"]["layers"] == twin["layers"]
    assert twin["frames"] == list(range(21))
    assert (
        twin["frame"]["loss"]["mean_error_backprop"]
        == twin["training"]["mean_error_backprop"]["loss"][0]
    )
