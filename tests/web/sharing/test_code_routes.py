"""The routes of a view as code: /code/{kind}.py, /api/v1/{kind}/code, /notebook/{kind}.ipynb.
What they answer, what they refuse (the page's own 422, an unknown framework listing the
three), and that no script is ever made from input the API refuses."""

from __future__ import annotations

import ast

import nbformat
import pytest

from app.web.explorers.registry import EXPLORERS
from app.web.sharing.code import FRAMEWORKS, code_links, script_for

KINDS = ("scalar", "model", "batches", "network")


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize("kind", KINDS)
def test_the_json_twin_holds_the_script_and_the_apis_numbers(client, kind, framework):
    query = EXPLORERS[kind].query(EXPLORERS[kind].values({}))
    answer = client.get(f"/api/v1/{kind}/code?framework={framework}&{query}").json()
    assert answer["kind"] == kind and answer["framework"] == framework
    assert answer["filename"] == f"gradient-lens-{kind}-{framework}.py"
    api = client.get(f"/api/v1/{kind}?{query}").json()
    assert answer["expected"] == {field: api[field] for field in answer["expected"]}
    assert answer["page"] == f"http://testserver/{kind}?{query}"
    ast.parse(answer["code"])  # Python, whole
    assert answer["code"].startswith("# Gradient Lens: ")
    assert f"# Reproduces the page http://testserver/{kind}?{query}" in answer["code"]
    assert (
        answer["requires"][0] == {"numpy": "numpy", "torch": "torch", "jax": "jax[cpu]"}[framework]
    )
    download = client.get(f"/code/{kind}.py?framework={framework}&{query}")
    assert download.status_code == 200
    assert download.headers["content-type"] == "text/x-python; charset=utf-8"
    assert download.headers["content-disposition"] == (
        f'attachment; filename="gradient-lens-{kind}-{framework}.py"'
    )
    assert download.text == answer["code"]


def test_each_explorer_prints_the_fields_of_its_api_answer(client):
    fields = {kind: set(client.get(f"/api/v1/{kind}/code").json()["expected"]) for kind in KINDS}
    assert fields == {
        "scalar": {"mean_of_gradients", "gradient_at_mean", "gap"},
        "model": {"loss_value", "variants"},
        "batches": {"full_batch", "chosen"},
        "network": {"layers"},
    }


@pytest.mark.parametrize(
    "path", ["/api/v1/scalar/code", "/code/scalar.py", "/notebook/scalar.ipynb"]
)
def test_an_unknown_framework_is_a_422_that_lists_the_three(client, path):
    response = client.get(path, params={"framework": "tensorflow"})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "framework"]
    assert "'numpy', 'torch' or 'jax'" in error["msg"]


@pytest.mark.parametrize(
    "path", ["/api/v1/scalar/code", "/code/scalar.py", "/notebook/scalar.ipynb"]
)
def test_a_query_the_page_refuses_is_the_apis_422_with_its_column(client, path):
    response = client.get(path, params={"framework": "jax", "f": "sigmoid(x))", "x": "0, 1"})
    assert response.status_code == 422
    page = client.get("/api/v1/scalar", params={"f": "sigmoid(x))", "x": "0, 1"})
    assert response.json() == page.json()
    assert response.json()["detail"][0]["ctx"]["column"] == 11


@pytest.mark.parametrize(
    ("kind", "query", "field"),
    [
        ("model", {"model": "m*x + b", "params": "m=0", "x": "1,2", "y": "1,2"}, "params"),
        ("model", {"step": "5000"}, "step"),
        ("batches", {"batch_size": "99"}, "batch_size"),
        ("network", {"epoch": "7"}, "epoch"),
        ("network", {"hidden": "8, x"}, "hidden"),
        ("scalar", {"x": "1, nope"}, "x"),
    ],
)
def test_no_script_for_input_the_page_refuses(client, kind, query, field):
    explorer = EXPLORERS[kind]
    assert script_for(explorer, explorer.values(query), "numpy") is None
    response = client.get(f"/api/v1/{kind}/code", params=query)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", field]
    assert client.get(f"/code/{kind}.py", params=query).status_code == 422


def test_an_unknown_explorer(client):
    assert client.get("/code/nope.py").status_code == 404
    assert client.get("/notebook/nope.ipynb").status_code == 404
    assert client.get("/api/v1/nope/code").status_code == 404


def test_script_for_refuses_an_unknown_framework():
    explorer = EXPLORERS["scalar"]
    with pytest.raises(ValueError, match="numpy, torch, jax"):
        script_for(explorer, explorer.values({}), "tensorflow")


def test_code_links_keep_the_query_and_name_the_framework():
    links = code_links("model", "model=m%2Ax&x=1", "torch")
    assert links == {
        "download": "/code/model.py?framework=torch&model=m%2Ax&x=1",
        "notebook": "/notebook/model.ipynb?framework=torch&model=m%2Ax&x=1",
        "json": "/api/v1/model/code?framework=torch&model=m%2Ax&x=1",
    }
    assert code_links("scalar", "", "jax")["download"] == "/code/scalar.py?framework=jax"


def test_links_lead_to_the_same_script(client):
    explorer = EXPLORERS["batches"]
    query = explorer.query(explorer.values({"batch_size": "3"}))
    links = code_links("batches", query, "jax")
    code = client.get(links["json"]).json()["code"]
    assert client.get(links["download"]).text == code
    notebook = nbformat.reads(client.get(links["notebook"]).text, as_version=4)
    cells = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert "B = 3" in code and "B = 3" in cells


def test_the_notebook_is_valid_and_explains_with_formulas(client):
    response = client.get("/notebook/model.ipynb", params={"framework": "torch"})
    assert response.headers["content-disposition"] == (
        'attachment; filename="gradient-lens-model-torch.ipynb"'
    )
    notebook = nbformat.reads(response.text, as_version=4)
    nbformat.validate(notebook)
    intro = notebook.cells[0].source
    assert intro.startswith("# Gradient Lens: a batch gradient computed four ways, in PyTorch")
    assert r"\nabla_\theta J" in intro and "f(x;\\theta) = m \\cdot x + b" in intro
    kinds = [c.cell_type for c in notebook.cells]
    assert kinds[-2:] == ["markdown", "code"] and "PAGE = json.loads" in notebook.cells[-1].source
    assert any("plotly" in c.source for c in notebook.cells if c.cell_type == "code")
    assert notebook.metadata["kernelspec"]["name"] == "python3"


def test_the_api_schema_documents_the_json_twins(client):
    schema = client.get("/openapi.json").json()
    for kind in KINDS:
        operation = schema["paths"][f"/api/v1/{kind}/code"]["get"]
        assert operation["operationId"] == f"{kind}_code_from_query"
        [framework] = operation["parameters"]
        assert framework["name"] == "framework" and framework["in"] == "query"
        assert framework["schema"]["enum"] == ["numpy", "torch", "jax"]
        body = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert body["$ref"].endswith("/CodeResponse")
        assert "422" in operation["responses"]
        assert f"/{kind}" in operation["description"]
    assert "/code/{kind}.py" not in schema["paths"]  # downloads stay out, as the others do


def test_the_answers_are_cached_and_validated_like_the_others(client):
    first = client.get("/code/scalar.py?framework=numpy&f=tanh(x)&x=1")
    assert first.headers["etag"]
    again = client.get(
        "/code/scalar.py?framework=numpy&f=tanh(x)&x=1",
        headers={"if-none-match": first.headers["etag"]},
    )
    assert again.status_code == 304
