"""The batches explorer page: numbers from the JSON twin, figures, presets, words, errors."""

import csv
import io

import pytest
from fastapi.testclient import TestClient

from app.main import app
from app.web.explorers.presets import BATCHES_PRESETS
from tests.web.pages.figures import page_figure


def figure(html: str, name: str) -> dict:
    return page_figure(TestClient(app), html, name)


def test_default_page_shows_the_twin_numbers(client):
    html = client.get("/batches").text
    twin = client.get("/api/v1/batches").json()
    truth = twin["full_batch"]["gradient_of_mean_loss"]
    assert f"{truth['m']:.4f}, {truth['b']:.4f}" in html
    spread = twin["chosen"]["variants"]["mean_of_gradients"]["spread"]
    assert f'data-testid="correct-spread">± {spread:.4f}<' in html
    bias = twin["chosen"]["variants"]["mean_error_backprop"]["bias"]
    assert f'data-testid="shortcut-bias">{bias:.4f}<' in html
    assert "floating-point rounding, nothing more" in html  # every batch is listed by default
    assert html.count("<math") > 15


def test_the_cloud_holds_every_listed_batch_and_the_sweep_every_size(client):
    html = client.get("/batches").text
    twin = client.get("/api/v1/batches").json()
    cloud = figure(html, "cloud")
    correct = next(t for t in cloud["data"] if t["name"].startswith("correct"))
    listed = twin["estimates"]["mean_of_gradients"]
    assert correct["x"] == pytest.approx([e["m"] for e in listed], rel=1e-6)
    assert correct["y"] == pytest.approx([e["b"] for e in listed], rel=1e-6)
    sweep = figure(html, "sweep")
    assert sweep["layout"]["xaxis"]["type"] == sweep["layout"]["yaxis"]["type"] == "log"
    spread = next(t for t in sweep["data"] if t["name"] == "spread: correct")
    expected = [entry["variants"]["mean_of_gradients"]["spread"] for entry in twin["sweep"]]
    assert spread["x"] == [entry["batch_size"] for entry in twin["sweep"]]
    assert spread["y"][:-1] == pytest.approx(expected[:-1], rel=1e-6)
    assert spread["y"][-1] is None  # zero at B = N: a gap on a log axis


@pytest.mark.parametrize("preset", BATCHES_PRESETS, ids=lambda p: p.label)
def test_every_preset_renders_with_charts(client, preset):
    html = client.get(f"/batches?{preset.query}").text
    for name in ("cloud", "sweep"):
        assert figure(html, name)["data"], name
    assert 'class="field-error" id="error-batches" role="alert"></div>' in html
    assert "Why SGD averages per-example gradients" in html


def test_the_sampled_preset_has_200_examples(client):
    preset = next(p for p in BATCHES_PRESETS if "200" in p.label)
    twin = client.get(f"/api/v1/batches?{preset.query}").json()
    assert twin["examples"] == 200
    assert twin["chosen"]["batches"] == 300 and not twin["chosen"]["enumerated"]
    assert [e["batch_size"] for e in twin["sweep"]] == [1, 2, 4, 8, 16, 32, 64, 128, 200]


def test_a_batch_larger_than_the_data_is_shown_in_its_field(client):
    html = client.get("/batches?batch_size=99").text
    assert 'id="error-batch_size" role="alert">the batch size must be between 1 and the number' in (
        html
    )
    assert 'aria-invalid="true"' in html
    assert 'id="batches-charts" hidden' in html


def test_live_answer_has_both_panels(client):
    answer = client.get("/batches/live?batch_size=4").json()
    assert set(answer["panels"]) == {"results", "lessons", "share"}
    assert "Batches of 4, four ways" in answer["panels"]["results"]
    assert "Why SGD averages" in answer["panels"]["lessons"]
    assert set(answer["charts"]) == {"cloud", "sweep"}


def test_csv_downloads_list_every_size_and_batch(client):
    sweep = list(csv.DictReader(io.StringIO(client.get("/export/batches/sweep.csv").text)))
    assert {row["batch_size"] for row in sweep} == {"1", "2", "4", "8"}
    assert len(sweep) == 4 * 4
    estimates = client.get("/export/batches/estimates.csv?batch_size=3").text
    rows = list(csv.DictReader(io.StringIO(estimates)))
    assert len(rows) == 56 * 4  # C(8, 3) batches, four variants each
    assert rows[0]["examples"] == "1 2 3"


def test_the_nav_and_the_explainer_lead_here(client):
    explainer = client.get("/").text
    assert 'the <a href="/batches">batches explorer</a>' in explainer.replace("The", "the")
    assert explainer.count('href="/batches?') == len(BATCHES_PRESETS)
    assert 'aria-current="page">Batches<' in client.get("/batches").text


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("seed=-1", "seed", "the seed must be a whole number from 0 to 4294967295"),
        ("seed=1.5", "seed", "the seed must be a whole number, not 1.5"),
        ("batches=-3", "batches", "the number of sampled batches must be between 1 and 1000"),
        ("batches=1001", "batches", "the number of sampled batches must be between 1 and 1000"),
        ("batch_size=0", "batch_size", "the batch size must be between 1 and the number"),
    ],
)
def test_out_of_range_settings_are_named_in_their_field(client, query, field, message):
    html = client.get(f"/batches?{query}").text
    assert f'id="error-{field}" role="alert">{message}' in html
    live = client.get(f"/batches/live?{query}").json()["error"]
    assert live["field"] == field and live["message"].startswith(message)
    assert client.get(f"/api/v1/batches?{query}").status_code == 422
