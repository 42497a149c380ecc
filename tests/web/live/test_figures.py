"""``GET /{kind}/figures``: a query the API refuses is refused the same way, with the API's
status and message (it answered ``null`` with 200)."""

import pytest

from app.web.explorers.registry import EXPLORERS

REFUSED = [
    ("scalar", "f=sigmoid(x))&x=0,1"),  # a parse error: ctx.column 11
    ("scalar", "f=sigmoid(x)&x=0,oops"),
    ("model", "x=1,2&y=1"),
    ("model", "model=m*x%2Bb&loss=(y-f)^2&params=m=0"),
    ("network", "hidden=64,64,64"),
    ("network", "dataset=custom&points=0,0,1"),
    ("batches", "batch_size=99"),
    ("batches", "batches=all&x=" + ",".join(map(str, range(17))) + "&y=" + ",".join("0" * 17)),
]


def as_sent(detail: list[dict]) -> list[dict]:
    """The query as typed: FastAPI gives a whole-number parameter back as a number."""
    return [{**entry, "input": str(entry["input"])} for entry in detail]


@pytest.mark.parametrize(("kind", "query"), REFUSED)
def test_a_refused_query_is_the_api_s_422_with_the_api_s_message(client, kind, query):
    figures = client.get(f"/{kind}/figures?{query}")
    api = client.get(f"/api/v1/{kind}?{query}")
    assert api.status_code == 422
    assert figures.status_code == 422
    assert figures.headers["content-type"] == "application/json"
    assert as_sent(figures.json()["detail"]) == as_sent(api.json()["detail"])


NAMED = [
    (
        "/scalar/figures?f=sigmoid(x))&x=0,1",
        {
            "loc": ["query", "f"],
            "msg": "unmatched ')': there is no '(' for it to close (column 11)",
            "type": "parse_error",
            "input": "sigmoid(x))",
            "ctx": {"column": 11},
        },
    ),
    (
        "/network/figures?hidden=64,64,64",
        {
            "loc": ["query", "hidden"],
            "msg": "each hidden layer needs 1 to 32 units",
            "type": "limit_exceeded",
            "input": "64,64,64",
        },
    ),
]


@pytest.mark.parametrize(("url", "entry"), NAMED)
def test_the_refusal_names_the_field_and_a_parse_error_its_column(client, url, entry):
    assert client.get(url).json() == {"detail": [entry]}


@pytest.mark.parametrize("kind", ["scalar", "model", "network", "batches"])
def test_a_good_query_still_answers_every_chart_s_figure(client, kind):
    answer = client.get(f"/{kind}/figures")
    assert answer.status_code == 200
    assert set(answer.json()) <= {name for name, _ in EXPLORERS[kind].charts}
    assert answer.json()
