"""A typed client generated from /openapi.json by a real generator (openapi-python-client)
reads well (functions named after the operations) and gets the numbers through the real
server: the headline, a model, a network, mini-batches and a located 422."""

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.main import app

PACKAGE = "gradient_lens_client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("client")
    (folder / "openapi.json").write_text(json.dumps(app.openapi()))
    (folder / "config.yml").write_text("post_hooks: []\n")  # no formatter needed to use it
    generator = str(Path(sys.executable).parent / "openapi-python-client")
    options = ["--path", "openapi.json", "--meta", "none", "--output-path", PACKAGE]
    subprocess.run(
        [generator, "generate", *options, "--config", "config.yml"],
        cwd=folder,
        check=True,
        capture_output=True,
    )
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [n for n in sys.modules if n.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def test_operations_have_clean_names(generated):
    api = Path(generated.__file__).parent / "api"
    names = sorted(path.stem for path in api.glob("*/*.py") if path.stem != "__init__")
    assert names == [
        "batches_code_from_query",
        "batches_from_body",
        "batches_from_query",
        "healthz",
        "model_code_from_query",
        "model_from_body",
        "model_from_query",
        "network_code_from_query",
        "network_from_body",
        "network_from_query",
        "oembed",
        "scalar_code_from_query",
        "scalar_from_body",
        "scalar_from_query",
    ]


def test_the_generated_client_gets_the_numbers(generated, server_url):
    scalar = importlib.import_module(f"{PACKAGE}.api.scalar.scalar_from_query")
    model = importlib.import_module(f"{PACKAGE}.api.model.model_from_body")
    network = importlib.import_module(f"{PACKAGE}.api.network.network_from_query")
    # Query operations with a "params" field clash with the generator's own local variable of
    # that name; their JSON twins (POST) are what a typed client uses anyway.
    batches = importlib.import_module(f"{PACKAGE}.api.batches.batches_from_body")
    models = importlib.import_module(f"{PACKAGE}.models")
    with generated.Client(base_url=server_url) as client:
        headline = scalar.sync(client=client, f="sigmoid(x)", x="0, 1")
        assert headline.mean_of_gradients == pytest.approx(0.223306, abs=1e-6)
        assert headline.gradient_at_mean == pytest.approx(0.235004, abs=1e-6)
        body = models.ModelRequest.from_dict(
            {"model": "m*x + b", "loss": "(y - f)^2", "params": {"m": 0, "b": 0}}
            | {"x": [1.0, 2.0, 3.0], "y": [2.0, 4.0, 7.0]}
        )
        fit = model.sync(client=client, body=body)
        truth = fit.variants["gradient_of_mean_loss"]
        assert truth["m"] == pytest.approx(-2 * (2 + 8 + 21) / 3)  # -2 mean(x y) at θ = 0
        trained = network.sync(client=client, epochs=3)
        assert len(trained.training["gradient_of_mean_loss"].loss) == 4
        sampled = batches.sync(
            client=client, body=models.BatchesRequest.from_dict({**body.to_dict(), "batch_size": 2})
        )
        assert sampled.chosen.variants["mean_of_gradients"].bias < 1e-12
        refused = scalar.sync_detailed(client=client, f="sigmoid(x))", x="0")
        assert refused.status_code == 422
        assert json.loads(refused.content)["detail"][0]["ctx"]["column"] == 11
