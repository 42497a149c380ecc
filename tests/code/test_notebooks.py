"""Every preset's notebook, executed with nbclient in a real IPython kernel (ipykernel): no
cell fails, the chart cell draws the headline chart with Plotly, and the last cell says the
numbers agree with the page's. The framework turns with the preset, so each explorer's
notebook runs in NumPy, PyTorch and JAX."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import nbformat
import pytest
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from app.web.sharing.code import FRAMEWORKS
from tests.code.conftest import PRESET_CASES

CASES = [
    (kind, index, values, FRAMEWORKS[(index + len(kind)) % len(FRAMEWORKS)])
    for kind, index, values in PRESET_CASES
]
KERNEL = "gradient-lens-tests"


@pytest.fixture(scope="module", autouse=True)
def kernel_of_this_python(tmp_path_factory):
    """A kernel spec for this very interpreter (the project's venv, with torch and jax), found
    before any other: a python3 kernel a user installed elsewhere must not run these."""
    folder = tmp_path_factory.mktemp("jupyter")
    spec = folder / "kernels" / KERNEL
    spec.mkdir(parents=True)
    command = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": command, "display_name": "Gradient Lens tests", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(
            "JUPYTER_PATH", os.pathsep.join([str(folder), os.environ.get("JUPYTER_PATH", "")])
        )
        yield


def fetch(client, kind: str, values: dict[str, str], framework: str):
    response = client.get(f"/notebook/{kind}.ipynb", params={"framework": framework, **values})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/x-ipynb+json"
    notebook = nbformat.reads(response.text, as_version=4)
    nbformat.validate(notebook)
    return notebook


async def in_kernel(manager: AsyncKernelManager, notebook) -> None:
    """Execute ``notebook`` in the manager's running kernel, and close the client after."""
    client = NotebookClient(notebook, km=manager, timeout=600)
    try:
        await client.async_execute()
    finally:
        if client.kc is not None:
            client.kc.stop_channels()


async def execute_all(notebooks: list, frameworks: list[str]) -> list:
    """Run every notebook; those of one framework one after the other in one kernel, its
    namespace cleared between them (``%reset -f``: each notebook must define all it uses), the
    three frameworks' kernels side by side."""
    errors: list = [None] * len(notebooks)

    async def run_framework(framework: str) -> None:
        manager = AsyncKernelManager(kernel_name=KERNEL)
        await manager.start_kernel()
        try:
            for index, notebook in enumerate(notebooks):
                if frameworks[index] != framework:
                    continue
                await in_kernel(manager, new_notebook(cells=[new_code_cell("%reset -f")]))
                try:
                    await in_kernel(manager, notebook)
                except Exception as error:  # reported by the test of this notebook
                    errors[index] = error
        finally:
            await manager.shutdown_kernel(now=True)

    await asyncio.gather(*(run_framework(f) for f in sorted(set(frameworks))))
    return errors


def outside_any_event_loop(run: Callable[..., Coroutine], *args) -> Any:
    """``asyncio.run(run(*args))`` on a thread of its own: the browser tests' session-wide
    Playwright (its sync API) keeps an event loop running on the main thread, where
    ``asyncio.run`` refuses to start."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(lambda: asyncio.run(run(*args))).result()


@pytest.fixture(scope="module")
def executed(client) -> dict[tuple[str, int], tuple]:
    notebooks = [fetch(client, kind, values, framework) for kind, _, values, framework in CASES]
    errors = outside_any_event_loop(execute_all, notebooks, [case[3] for case in CASES])
    return {
        (kind, index): (notebook, error)
        for (kind, index, _, _), notebook, error in zip(CASES, notebooks, errors, strict=True)
    }


def output_text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.output_type == "stream")


@pytest.mark.parametrize(
    ("kind", "index", "values", "framework"),
    CASES,
    ids=[f"{k}-{i}-{f}" for k, i, _, f in CASES],
)
def test_the_presets_notebook_runs_and_agrees_with_the_page(
    executed, kind, index, values, framework
):
    notebook, error = executed[(kind, index)]
    assert error is None, str(error)[-3000:]
    verdict = output_text(notebook.cells[-1])
    assert "numbers agree with the page to 1e-9" in verdict, verdict
    assert "differ" not in verdict
    chart = notebook.cells[-3]
    figures = [
        o.data["application/vnd.plotly.v1+json"]
        for o in chart.outputs
        if o.output_type == "display_data" and "application/vnd.plotly.v1+json" in o.data
    ]
    assert len(figures) == 1
    traces = figures[0]["data"]
    assert traces and all(len(t.get("x", t.get("z", []))) > 0 for t in traces)
    intro = notebook.cells[0].source
    assert "$$" in intro and f"/{kind}?" in intro
    assert notebook.metadata["gradient_lens"]["framework"] == framework


def test_the_check_cell_says_which_numbers_moved_when_a_cell_changes(client):
    """The last cell can fail: move a point, and it names the numbers that moved."""
    notebook = fetch(client, "scalar", {"f": "sigmoid(x)", "x": "0, 1"}, "numpy")
    points = next(c for c in notebook.cells if c.source.startswith("x = np.array"))
    points.source = "x = np.array([0.0, 2.0])"
    NotebookClient(notebook, timeout=300, kernel_name=KERNEL).execute()
    verdict = output_text(notebook.cells[-1])
    assert "3 of 3 numbers differ from the page's" in verdict, verdict
    assert "mean_of_gradients: this notebook has" in verdict
    page = json.loads(notebook.cells[-1].source.split('"""')[1])
    assert page["mean_of_gradients"] == pytest.approx(0.22330596662074093, rel=1e-15)
