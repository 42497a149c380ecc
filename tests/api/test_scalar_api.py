"""The scalar JSON API: values checked independently, errors in FastAPI's shape with columns."""

import math

import numpy as np
import pytest

from app.core.limits import MAX_POINTS

SIGMOID_0_1 = {"f": "sigmoid(x)", "x": "0,1"}


def sigmoid_prime(x: float) -> float:
    s = 1 / (1 + math.exp(-x))
    return s * (1 - s)


def test_headline_example_by_query(client):
    body = client.get("/api/v1/scalar", params=SIGMOID_0_1).json()
    assert body["f"] == "sigmoid(x)"
    assert body["derivative"] == "sigmoid(x)*(1 - sigmoid(x))"
    assert body["x"] == [0.0, 1.0]
    assert body["x_mean"] == 0.5
    assert body["gradients"] == pytest.approx([0.25, sigmoid_prime(1.0)], rel=1e-15)
    assert body["mean_of_gradients"] == pytest.approx(0.223305966620741, rel=1e-14)
    assert body["gradient_at_mean"] == pytest.approx(sigmoid_prime(0.5), rel=1e-15)
    assert round(body["mean_of_gradients"], 4) == 0.2233
    assert round(body["gradient_at_mean"], 4) == 0.2350
    assert body["gap"] == pytest.approx(body["mean_of_gradients"] - body["gradient_at_mean"])
    assert body["affine"] is False
    assert body["warnings"] == []


def test_post_gives_the_same_answer_as_get(client):
    by_query = client.get("/api/v1/scalar", params=SIGMOID_0_1).json()
    by_body = client.post("/api/v1/scalar", json={"f": "sigmoid(x)", "x": [0, 1]}).json()
    assert by_body == by_query


@pytest.mark.parametrize(
    ("f", "points"),
    [
        ("tanh(2x) + x^3/5", [-1.5, 0.2, 0.9]),
        ("softplus(x) * cos(x)", [0.1, 2.0]),
        ("exp(-x^2)", [1.0]),
    ],
)
def test_gradients_match_central_differences(client, f, points):
    body = client.post("/api/v1/scalar", json={"f": f, "x": points}).json()
    h = 1e-6
    for x, gradient, value in zip(points, body["gradients"], body["values"], strict=True):
        f_plus = client.post("/api/v1/scalar", json={"f": f, "x": [x + h]}).json()["values"][0]
        f_minus = client.post("/api/v1/scalar", json={"f": f, "x": [x - h]}).json()["values"][0]
        assert gradient == pytest.approx((f_plus - f_minus) / (2 * h), rel=1e-6, abs=1e-8)
        assert value is not None
    assert body["mean_of_gradients"] == pytest.approx(np.mean(body["gradients"]), rel=1e-14)


def test_affine_function(client):
    body = client.get("/api/v1/scalar", params={"f": "3x + 1", "x": "-1, 2, 4"}).json()
    assert body["affine"] is True
    assert body["derivative"] == "3"
    assert body["mean_of_gradients"] == body["gradient_at_mean"] == 3.0
    assert body["gap"] == 0.0


def test_parse_error_is_422_with_column(client):
    response = client.get("/api/v1/scalar", params={"f": "sigmoid(x))", "x": "0,1"})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "f"]
    assert error["type"] == "parse_error"
    assert error["ctx"]["column"] == 11
    assert "unmatched ')'" in error["msg"]


def test_parse_error_in_body_is_located_in_body(client):
    response = client.post("/api/v1/scalar", json={"f": "2 * * x", "x": [1]})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "f"]
    assert error["ctx"]["column"] == 5


@pytest.mark.parametrize(
    ("points", "fragment"),
    [
        ("", "at least one point"),
        ("0, abc", "point 2 ('abc') is not a number"),
        ("nan", "is not a number"),
        ("inf", "is not a number"),
        ("1e999", "finite numbers"),
        (",".join(["1"] * (MAX_POINTS + 1)), f"more than {MAX_POINTS} points"),
    ],
)
def test_bad_point_lists_are_422(client, points, fragment):
    response = client.get("/api/v1/scalar", params={"f": "x^2", "x": points})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "x"]
    assert fragment in error["msg"]


@pytest.mark.parametrize(
    "payload",
    [
        {"f": "x", "x": []},
        {"f": "x", "x": ["a"]},
        {"f": "x", "x": [1e300]},
        {"f": "", "x": [1]},
        {"f": "x"},
        {"f": "x", "x": [1], "extra": 1},
    ],
)
def test_bad_bodies_are_422(client, payload):
    response = client.post("/api/v1/scalar", json=payload)
    assert response.status_code == 422
    assert response.json()["detail"]


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_json_literals_are_rejected(client, literal):
    response = client.post(
        "/api/v1/scalar",
        content=f'{{"f": "x", "x": [{literal}]}}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422


def test_non_finite_results_are_null_with_warnings(client):
    response = client.get("/api/v1/scalar", params={"f": "log(x)", "x": "-1, 1"})
    assert response.status_code == 200
    assert "NaN" not in response.text and "Infinity" not in response.text
    body = response.json()
    assert body["values"] == [None, 0.0]
    assert body["gradient_at_mean"] is None  # 1/x at x̄ = 0
    assert any("x = -1 (point 1)" in w for w in body["warnings"])


def test_power_tower_answers_quickly_and_validly(client):
    response = client.get("/api/v1/scalar", params={"f": "9**9**9**9", "x": "1"})
    assert response.status_code == 200
    body = response.json()
    assert body["values"] == [None]
    assert body["gradients"] == [0.0]
    assert body["warnings"]


def test_unknown_name_points_at_it(client):
    response = client.get("/api/v1/scalar", params={"f": "x + __import__", "x": "1"})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["type"] == "unknown_name"
    assert error["ctx"]["column"] == 5


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_openapi_documents_the_scalar_routes_with_examples(client):
    schema = client.get("/openapi.json").json()
    operations = schema["paths"]["/api/v1/scalar"]
    assert set(operations) == {"get", "post"}
    parameters = {p["name"]: p for p in operations["get"]["parameters"]}
    assert parameters["f"]["schema"]["examples"][0] == "sigmoid(x)"
    assert "422" in operations["get"]["responses"]
    assert schema["components"]["schemas"]["ScalarRequest"]["examples"]
