"""The mini-batch JSON API: values against closed forms and exact enumeration done here with
itertools; errors located by field and naming their limit."""

import itertools
import math

import numpy as np
import pytest

from app.core.limits import MAX_BATCH_SAMPLES, MAX_ENUMERATED_EXAMPLES

X = [-1.5, -0.5, 0.5, 1.0, 2.5, 3.0, -2.0, 0.0]
Y = [-1.8, 0.4, 0.9, 2.6, 3.9, 6.5, -3.4, 1.2]
LINE_FIT = {
    "model": "m*x + b",
    "loss": "(y - f)^2",
    "params": {"m": 0.5, "b": -0.25},
    "x": X,
    "y": Y,
    "batch_size": 3,
    "batches": "all",
}


def line_fit_gradients(x: np.ndarray, y: np.ndarray, m: float = 0.5, b: float = -0.25):
    """Per-example gradients of (y − m x − b)² by hand: rows (∂/∂m, ∂/∂b)."""
    r = y - (m * x + b)
    return np.column_stack([-2 * x * r, -2 * r])


@pytest.fixture(scope="module")
def enumerated(client):
    response = client.post("/api/v1/batches", json=LINE_FIT)
    assert response.status_code == 200
    return response.json()


def test_full_batch_variants_match_the_closed_forms(enumerated):
    x, y = np.array(X), np.array(Y)
    m, b = line_fit_gradients(x, y).mean(axis=0)
    for name in ("gradient_of_mean_loss", "mean_of_gradients"):
        assert enumerated["full_batch"][name] == pytest.approx({"m": m, "b": b}, rel=1e-13)
    r = y - (0.5 * x - 0.25)
    shortcut = enumerated["full_batch"]["mean_error_backprop"]
    assert shortcut["m"] == pytest.approx(-2 * r.mean() * x.mean(), rel=1e-13)
    assert shortcut["b"] == pytest.approx(b, rel=1e-13)  # ∂f/∂b = 1: no error for b


def test_every_batch_of_three_is_listed_and_averages_to_the_truth(enumerated):
    x, y = np.array(X), np.array(Y)
    per_example = line_fit_gradients(x, y)
    subsets = list(itertools.combinations(range(len(X)), 3))
    assert enumerated["chosen"]["batches"] == len(subsets) == math.comb(8, 3)
    assert enumerated["estimate_batches"] == [list(s) for s in subsets]
    by_hand = np.array([per_example[list(s)].mean(axis=0) for s in subsets])
    listed = np.array([[e["m"], e["b"]] for e in enumerated["estimates"]["mean_of_gradients"]])
    np.testing.assert_allclose(listed, by_hand, rtol=1e-12)
    # the shortcut on a batch, by hand: mean residual times mean input
    for s, estimate in zip(subsets, enumerated["estimates"]["mean_error_backprop"], strict=True):
        r = y[list(s)] - (0.5 * x[list(s)] - 0.25)
        assert estimate["m"] == pytest.approx(-2 * r.mean() * x[list(s)].mean(), rel=1e-12)
    chosen = enumerated["chosen"]["variants"]["mean_of_gradients"]
    truth = per_example.mean(axis=0)
    assert chosen["mean"]["m"] == pytest.approx(truth[0], abs=1e-12)
    assert chosen["mean"]["b"] == pytest.approx(truth[1], abs=1e-12)
    assert chosen["bias"] < 1e-12


def test_spread_follows_the_closed_form_at_every_size(enumerated):
    per_example = line_fit_gradients(np.array(X), np.array(Y))
    sigma2 = per_example.var(axis=0).sum()
    n = len(X)
    sizes = [entry["batch_size"] for entry in enumerated["sweep"]]
    assert sizes == [1, 2, 4, 8]
    for entry in enumerated["sweep"]:
        b = entry["batch_size"]
        closed_form = math.sqrt(sigma2 / b * (n - b) / (n - 1))
        assert entry["exact_spread"] == pytest.approx(closed_form, rel=1e-12, abs=1e-12)
        for name in ("gradient_of_mean_loss", "mean_of_gradients"):
            assert entry["variants"][name]["spread"] == pytest.approx(closed_form, abs=1e-9)
            assert entry["variants"][name]["bias"] < 1e-12
    whole = enumerated["sweep"][-1]
    assert whole["batches"] == 1 and whole["exact_spread"] == 0
    assert whole["variants"]["mean_error_backprop"]["bias"] > 1


def test_get_and_post_agree(client, enumerated):
    query = {
        "model": "m*x + b",
        "loss": "(y - f)^2",
        "params": "m=0.5, b=-0.25",
        "x": ", ".join(map(str, X)),
        "y": ", ".join(map(str, Y)),
        "batch_size": 3,
        "batches": "all",
    }
    assert client.get("/api/v1/batches", params=query).json() == enumerated


def test_sampled_batches_are_reproducible_by_seed(client):
    body = {**LINE_FIT, "batches": 50, "seed": 11}
    first = client.post("/api/v1/batches", json=body).json()
    again = client.post("/api/v1/batches", json=body).json()
    other = client.post("/api/v1/batches", json={**body, "seed": 12}).json()
    assert first == again
    assert first["estimate_batches"] != other["estimate_batches"]
    assert first["chosen"]["batches"] == 50 and not first["chosen"]["enumerated"]
    assert all(len(set(batch)) == 3 for batch in first["estimate_batches"])


def test_a_long_listing_is_thinned_evenly(client):
    n = MAX_ENUMERATED_EXAMPLES
    body = {**LINE_FIT, "x": list(range(n)), "y": [float(i % 3) for i in range(n)]}
    answer = client.post("/api/v1/batches", json={**body, "batch_size": 8}).json()
    assert answer["chosen"]["batches"] == math.comb(16, 8)
    assert len(answer["estimate_batches"]) == MAX_BATCH_SAMPLES
    assert answer["estimate_batches"][0] == list(range(8))
    assert answer["estimate_batches"][-1] == list(range(8, 16))


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"batch_size": 9}, "batch_size", "between 1 and the number of examples (8)"),
        ({"batches": MAX_BATCH_SAMPLES + 1}, "batches", None),
        ({"model": "m*x + b)"}, "model", "column"),
        ({"params": {"m": 1.0}}, "params", "parameter 'b'"),
    ],
)
def test_bad_input_is_a_located_422(client, change, field, message):
    response = client.post("/api/v1/batches", json={**LINE_FIT, **change})
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"][-1] == field
    if message:
        assert message in detail["msg"]


def test_listing_every_batch_is_limited_by_name(client):
    n = MAX_ENUMERATED_EXAMPLES + 1
    body = {**LINE_FIT, "x": list(range(n)), "y": [1.0] * n}
    response = client.post("/api/v1/batches", json=body)
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["body", "batches"]
    assert f"at most {MAX_ENUMERATED_EXAMPLES} examples" in detail["msg"]
    query = {"x": ",".join(map(str, range(n))), "y": ",".join(["1"] * n), "batches": "all"}
    assert client.get("/api/v1/batches", params=query).status_code == 422
    assert client.get("/api/v1/batches", params={"batches": "lots"}).status_code == 422
