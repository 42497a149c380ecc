"""The network explorer page: results, charts, presets, inline errors."""

import json
import re

import pytest

from app.web.explorers.presets import NETWORK_PRESETS


def test_default_page(client):
    html = client.get("/network").text
    assert 'data-testid="accuracy-gradient_of_mean_loss">100.0 %<' in html
    assert "Why batched backpropagation" in html
    for name in ("layers", "boundaries", "loss", "accuracy"):
        figure = json.loads(re.search(rf'id="figure-{name}">(.*?)</script>', html, re.S).group(1))
        assert figure["data"]


@pytest.mark.parametrize("preset", NETWORK_PRESETS, ids=lambda p: p.label)
def test_presets_render(client, preset):
    response = client.get(f"/network?{preset.query}")
    assert response.status_code == 200
    assert 'id="figure-boundaries"' in response.text


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
    assert set(body["figures"]) == {"layers", "boundaries", "loss", "accuracy"}
    assert "accuracy-mean_error_backprop" in body["panels"]["results"]
