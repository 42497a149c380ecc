"""The model JSON API: values against closed forms and polyfit; errors located by field."""

import numpy as np
import pytest

from app.core.limits import MAX_EXAMPLES, MAX_STEPS
from app.core.model import VARIANT_NAMES

X = [-1.5, -0.5, 0.5, 1.0, 2.5]
Y = [-1.8, 0.4, 0.9, 2.6, 3.9]
LINE_FIT = {
    "model": "m*x + b",
    "loss": "(y - f)^2",
    "params": {"m": 0.0, "b": 0.0},
    "x": X,
    "y": Y,
    "learning_rate": 0.1,
    "steps": 200,
}


@pytest.fixture(scope="module")
def line_fit(client):
    response = client.post("/api/v1/model", json=LINE_FIT)
    assert response.status_code == 200
    return response.json()


def test_line_fit_variants_match_the_closed_forms(line_fit):
    x, y = np.array(X), np.array(Y)
    r = y  # θ = 0, so f = 0 and the residual is y
    truth = {"m": -2 * np.mean(x * r), "b": -2 * np.mean(r)}
    for name in ("gradient_of_mean_loss", "mean_of_gradients"):
        assert line_fit["variants"][name] == pytest.approx(truth, rel=1e-13)
    shortcut = line_fit["variants"]["mean_error_backprop"]
    assert shortcut["m"] == pytest.approx(-2 * r.mean() * x.mean(), rel=1e-13)
    assert shortcut["b"] == pytest.approx(truth["b"], rel=1e-13)
    assert line_fit["loss_value"] == pytest.approx(np.mean(r**2), rel=1e-14)
    assert line_fit["finite_difference_check"] < 1e-6
    assert len(line_fit["per_example_gradients"]) == len(X)
    assert line_fit["per_example_gradients"][0]["m"] == pytest.approx(-2 * X[0] * Y[0])


def test_line_fit_descent_reaches_polyfit_and_the_minimum(line_fit):
    slope, intercept = np.polyfit(X, Y, 1)
    final = line_fit["trajectories"]["gradient_of_mean_loss"]["params"][-1]
    assert final == pytest.approx({"m": slope, "b": intercept}, abs=1e-6)
    assert line_fit["minimum"]["params"] == pytest.approx({"m": slope, "b": intercept}, rel=1e-9)
    for name in VARIANT_NAMES:
        trajectory = line_fit["trajectories"][name]
        assert len(trajectory["params"]) == len(trajectory["loss"]) == LINE_FIT["steps"] + 1
        assert trajectory["params"][0] == {"m": 0.0, "b": 0.0}


def test_comparisons_and_derivation(line_fit):
    comparison = line_fit["comparisons"]["mean_error_backprop"]
    assert comparison["relative"] > 0.1
    assert line_fit["comparisons"]["mean_of_gradients"]["absolute"] < 1e-12
    m, b = line_fit["derivation"]
    x, y = np.array(X), np.array(Y)
    assert m["covariance"] == pytest.approx(-2 * np.mean((x - x.mean()) * (y - y.mean())))
    assert [s["rule"] for s in m["steps"]] == [
        "factor rule",
        "sum rule",
        "chain rule",
        "definition of f",
        "collect terms",
    ]
    assert b["local_derivative_is_constant"] is True


def test_get_twin_matches_post(client, line_fit):
    response = client.get(
        "/api/v1/model",
        params={
            "model": "m*x + b",
            "loss": "(y - f)^2",
            "params": "m=0, b=0",
            "x": ",".join(map(str, X)),
            "y": ",".join(map(str, Y)),
            "learning_rate": "0.1",
            "steps": "200",
        },
    )
    assert response.json() == line_fit


def test_linear_cost(client):
    body = client.post(
        "/api/v1/model",
        json={
            "model": "theta*x",
            "loss": "y - f",
            "params": {"theta": 3},
            "x": [1, 2, 3],
            "y": [2, 4, 7],
            "learning_rate": 0.1,
            "steps": 20,
        },
    ).json()
    assert body["gradient_is_constant"] is True
    assert body["minimum"] is None
    for name in VARIANT_NAMES:
        assert body["variants"][name]["theta"] == pytest.approx(-2.0)
    losses = body["trajectories"]["mean_of_gradients"]["loss"]
    assert np.all(np.diff(losses) < 0)
    assert any("no minimum" in w for w in body["warnings"])


@pytest.mark.parametrize(
    ("change", "field", "column"),
    [
        ({"model": "m*x +"}, "model", 6),
        ({"model": "m*x + y"}, "model", 7),
        ({"loss": "(y - g)^2"}, "loss", 6),
        ({"params": {"m": 1}}, "params", None),
        ({"params": {"m": 1, "b": 0, "c": 2}}, "params", None),
        ({"y": [1, 2]}, "y", None),
    ],
)
def test_errors_name_their_field(client, change, field, column):
    response = client.post("/api/v1/model", json={**LINE_FIT, **change})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", field]
    assert error.get("ctx", {}).get("column") == column


@pytest.mark.parametrize(
    "change",
    [
        {"steps": MAX_STEPS + 1},
        {"learning_rate": 0},
        {"learning_rate": 1e9},
        {"x": [0.0] * (MAX_EXAMPLES + 1), "y": [0.0] * (MAX_EXAMPLES + 1)},
        {"params": {f"p{i}": 0 for i in range(7)}},
    ],
)
def test_limits_are_422(client, change):
    assert client.post("/api/v1/model", json={**LINE_FIT, **change}).status_code == 422


def test_query_errors_are_located(client):
    response = client.get("/api/v1/model", params={"params": "m=0, b=zero"})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "params"]
    assert error["ctx"]["column"] == 8
    bad_rate = client.get("/api/v1/model", params={"learning_rate": "fast"})
    assert bad_rate.status_code == 422


def test_diverging_descent_stays_valid_json(client):
    response = client.post("/api/v1/model", json={**LINE_FIT, "learning_rate": 50, "steps": 500})
    assert response.status_code == 200
    assert "NaN" not in response.text and "Infinity" not in response.text
    body = response.json()
    assert body["trajectories"]["mean_of_gradients"]["diverged"] is True


def test_the_sum_makes_every_gradient_n_times_larger(client, line_fit):
    summed = client.post("/api/v1/model", json={**LINE_FIT, "reduction": "sum"}).json()
    n = len(X)
    assert line_fit["reduction"] == "mean" and summed["reduction"] == "sum"
    for name in VARIANT_NAMES:
        expected = {k: n * v for k, v in line_fit["variants"][name].items()}
        assert summed["variants"][name] == pytest.approx(expected, rel=1e-13)
    assert summed["loss_value"] == pytest.approx(n * line_fit["loss_value"], rel=1e-14)
    assert summed["per_example_gradients"] == line_fit["per_example_gradients"]
    facts = summed["sum_versus_mean"]
    x = np.array(X)
    hessian = 2 / n * np.array([[np.sum(x**2), np.sum(x)], [np.sum(x), n]])
    curvature = np.linalg.eigvalsh(hessian)[-1]
    assert facts["curvature"] == pytest.approx(curvature, rel=1e-12)
    assert facts["diverges_above"]["mean"] == pytest.approx(2 / curvature, rel=1e-12)
    assert facts["diverges_above"]["sum"] == pytest.approx(2 / curvature / n, rel=1e-12)
    assert facts["equivalent_learning_rate"] == {"mean": pytest.approx(0.5), "sum": 0.1}
    # the same path, found both ways: the sum's "mean" path is the mean's own descent
    assert facts["paths"]["mean"] == line_fit["sum_versus_mean"]["paths"]["mean"]
    assert (
        facts["paths"]["mean"]["params"]
        == line_fit["trajectories"]["gradient_of_mean_loss"]["params"]
    )


def test_reduction_in_the_query_and_a_bad_one(client):
    answer = client.get("/api/v1/model", params={"reduction": "sum"}).json()
    assert answer["reduction"] == "sum"
    response = client.get("/api/v1/model", params={"reduction": "median"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "reduction"]


def test_a_step_frame_follows_descent_by_hand(client):
    answer = client.post("/api/v1/model", json={**LINE_FIT, "step": 3}).json()
    x, y = np.array(X), np.array(Y)
    theta = np.zeros(2)
    for _ in range(3):  # θ ← θ − η ∇J with the line fit's gradient in closed form
        r = y - (theta[0] * x + theta[1])
        theta = theta - LINE_FIT["learning_rate"] * np.array([-2 * np.mean(x * r), -2 * np.mean(r)])
    frame = answer["frame"]
    assert frame["step"] == 3
    assert frame["params"]["gradient_of_mean_loss"] == pytest.approx(
        {"m": theta[0], "b": theta[1]}, rel=1e-12
    )
    r = y - (theta[0] * x + theta[1])
    assert frame["loss"]["mean_of_gradients"] == pytest.approx(np.mean(r**2), rel=1e-12)
    assert not any(frame["diverged"].values())
    assert client.post("/api/v1/model", json=LINE_FIT).json()["frame"] is None


def test_a_step_past_the_end_is_a_422_that_says_so(client):
    response = client.get("/api/v1/model", params={"steps": 10, "step": 11})
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["query", "step"]
    assert detail["msg"] == "step 11 is past the end: the run has 10 steps"
