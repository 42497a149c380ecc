"""A query parameter given twice is refused with 422, in FastAPI's error shape (the case
Schemathesis found: ``?epoch=...&epoch=...&epoch=0.0`` was answered 200 with the last value)."""

import pytest

REPEATED = [
    ("/api/v1/scalar?f=x&x=1&f=tanh(x)", "f", ["x", "tanh(x)"]),
    ("/api/v1/model?steps=3&steps=4", "steps", ["3", "4"]),
    ("/api/v1/network?epoch=1&epoch=2&epoch=0.0", "epoch", ["1", "2", "0.0"]),
    ("/api/v1/batches?seed=1&seed=1", "seed", ["1", "1"]),
    (
        "/oembed?url=http://a.example/&url=http://a.example/model",
        "url",
        ["http://a.example/", "http://a.example/model"],
    ),
]


@pytest.mark.parametrize(("url", "name", "values"), REPEATED)
def test_a_parameter_given_twice_is_refused_naming_it_and_its_values(client, url, name, values):
    response = client.get(url)
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "loc": ["query", name],
                "msg": f"{name} is given {len(values)} times; give it once",
                "type": "repeated_parameter",
                "input": values,
            }
        ]
    }


def test_parameters_the_operation_does_not_take_may_repeat(client):
    plain = client.get("/api/v1/scalar?f=x&x=1,2")
    assert client.get("/api/v1/scalar?f=x&x=1,2&utm=a&utm=b").json() == plain.json()
