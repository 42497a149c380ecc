"""The network JSON API: shape, determinism, custom data, limits."""

import pytest

from app.core.limits import MAX_LAYER_WIDTH, MAX_NETWORK_POINTS


@pytest.fixture(scope="module")
def default_run(client):
    response = client.get("/api/v1/network")
    assert response.status_code == 200
    return response.json()


def test_default_run_shape_and_values(default_run):
    assert default_run["seed"] == 0
    assert [layer["shape"] for layer in default_run["layers"]] == [[8, 2], [8], [1, 8], [1]]
    for layer in default_run["layers"]:
        assert set(layer["variants"]) == {
            "mean_of_gradients",
            "gradient_at_mean_input",
            "mean_error_backprop",
        }
        assert layer["variants"]["mean_of_gradients"]["rel_error"] < 1e-10
    training = default_run["training"]
    assert training["gradient_of_mean_loss"]["accuracy"][-1] >= 0.97
    assert training["mean_error_backprop"]["accuracy"][-1] < 0.9
    assert len(training["gradient_of_mean_loss"]["loss"]) == default_run["epochs"] + 1
    grid = default_run["boundary"]
    assert len(grid["predictions"]["mean_error_backprop"]) == len(grid["x2"])
    assert len(default_run["points"]) == 200


def test_same_request_same_numbers(client, default_run):
    assert client.get("/api/v1/network").json() == default_run


def test_post_matches_get(client, default_run):
    body = client.post("/api/v1/network", json={}).json()
    assert body == default_run


def test_custom_points(client):
    points = [[0, 0, 0], [1, 1, 0], [0, 1, 1], [1, 0, 1]] * 3
    body = client.post(
        "/api/v1/network",
        json={"dataset": "custom", "points": points, "hidden": [4], "epochs": 20, "batch_size": 4},
    ).json()
    assert body["dataset"] == "custom"
    assert len(body["points"]) == 12
    by_query = client.get(
        "/api/v1/network",
        params={
            "dataset": "custom",
            "points": "; ".join(",".join(map(str, p)) for p in points),
            "hidden": "4",
            "epochs": 20,
            "batch_size": 4,
        },
    ).json()
    assert by_query["training"] == body["training"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"hidden": "8,x"}, "hidden"),
        ({"hidden": f"{MAX_LAYER_WIDTH + 1}"}, "hidden"),
        ({"hidden": "4,4,4,4"}, "hidden"),
        ({"epochs": 300, "batch_size": 1}, "epochs"),
        ({"dataset": "custom"}, "points"),
        ({"dataset": "custom", "points": "0,0,3; 1,1,1"}, "points"),
    ],
)
def test_limits_and_bad_input_are_422(client, params, field):
    response = client.get("/api/v1/network", params=params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", field]


def test_too_many_points_is_422(client):
    points = [[0, 0, 0]] * (MAX_NETWORK_POINTS + 1)
    response = client.post("/api/v1/network", json={"dataset": "custom", "points": points})
    assert response.status_code == 422


def test_unknown_activation_is_422(client):
    assert client.get("/api/v1/network", params={"activation": "swish"}).status_code == 422
