"""Every script the tests run, generated once and run once: the presets of every explorer and
the Hypothesis-generated inputs, in NumPy, PyTorch and JAX. The scripts of one framework run
in one subprocess (tests/code/runner.py), the three subprocesses side by side."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

from app.web.explorers.presets import (
    BATCHES_PRESETS,
    MODEL_PRESETS,
    NETWORK_PRESETS,
    SCALAR_PRESETS,
)
from app.web.explorers.registry import EXPLORERS
from app.web.sharing.code import FRAMEWORKS, Script, script_for
from tests.code.generated_cases import batches_cases, model_cases, scalar_cases

ROOT = Path(__file__).resolve().parents[2]
PRESETS = {
    "scalar": SCALAR_PRESETS,
    "model": MODEL_PRESETS,
    "batches": BATCHES_PRESETS,
    "network": NETWORK_PRESETS,
}
PRESET_CASES = [
    (kind, index, preset.values)
    for kind, presets in PRESETS.items()
    for index, preset in enumerate(presets)
]

# Inputs that stress the printers and the scripts' plumbing, each with the page's own numbers.
EDGE_CASES = [
    (
        "network",
        0,
        {"dataset": "custom", "points": "0,0,0; 1,1,1; 0,1,1; 1,0,0", "batch_size": "2"},
    ),
    ("network", 1, {"hidden": "3, 4, 2", "activation": "relu", "seed": "7"}),
    ("model", 0, {"model": "lambda*x + np", "params": "lambda=0.5, np=-1"}),
    ("model", 1, {"model": "b", "loss": "(y - f)^2", "params": "b=0.5"}),
    ("model", 2, {"model": "w*x", "loss": "y^2", "params": "w=1"}),
    ("model", 3, {"model": "sin(2)*w*x + sqrt(4)*b", "params": "w=1, b=2", "reduction": "sum"}),
    ("batches", 0, {"batch_size": "3", "batches": "25", "seed": "12345"}),
    ("batches", 1, {"model": "t1*x + t2", "params": "t1=0.3, t2=-0.2", "batch_size": "8"}),
    ("scalar", 0, {"f": "abs(x) + relu(x) + step(x) + sign(x)", "x": "-1, 0, 2"}),
    ("scalar", 1, {"f": "softplus(x)", "x": "25, 30, -40"}),
    ("scalar", 2, {"f": "x^pi + e^x + 2^-x", "x": "0.5, 1.5"}),
]


@functools.cache
def generated_cases() -> list[tuple[str, int, dict[str, str]]]:
    """The Hypothesis-generated inputs (made when first asked for: Hypothesis may not run
    while pytest loads this file)."""
    generated = {"scalar": scalar_cases(12), "model": model_cases(12), "batches": batches_cases(6)}
    return [
        (kind, index, values)
        for kind, cases in generated.items()
        for index, values in enumerate(cases)
    ]


@dataclass(frozen=True)
class Run:
    script: Script
    query: str
    stdout: str
    error: str | None


def case_id(kind: str, index: int, framework: str, origin: str) -> str:
    return f"{origin}-{kind}-{index}-{framework}"


@pytest.fixture(scope="session")
def script_runs(tmp_path_factory) -> dict[str, Run]:
    """Every case's script, run: keyed by ``case_id``. A case the explorer refuses (a
    generated function that overflows a limit, say) has no script and no entry."""
    folder = tmp_path_factory.mktemp("scripts")
    scripts: dict[str, tuple[Script, str, Path]] = {}
    for origin, cases in (
        ("preset", PRESET_CASES),
        ("generated", generated_cases()),
        ("edge", EDGE_CASES),
    ):
        for kind, index, raw in cases:
            explorer = EXPLORERS[kind]
            values = explorer.values(raw)
            for framework in FRAMEWORKS:
                script = script_for(explorer, values, framework)
                if script is None:
                    continue
                key = case_id(kind, index, framework, origin)
                path = folder / f"{key}.py"
                path.write_text(script.code)
                scripts[key] = (script, explorer.query(values), path)
    processes = []
    for framework in FRAMEWORKS:
        paths = [str(p) for s, _, p in scripts.values() if s.framework == framework]
        target = folder / f"{framework}.json"
        command = [sys.executable, "-m", "tests.code.runner", str(target), *paths]
        processes.append((target, subprocess.Popen(command, cwd=ROOT)))
    results = {}
    for target, process in processes:
        assert process.wait(timeout=900) == 0
        results.update(json.loads(target.read_text()))
    return {
        key: Run(script, query, **results[str(path)])
        for key, (script, query, path) in scripts.items()
    }


def api_fields(client, kind: str, query: str, fields) -> dict:
    """The API's answer for the page's query, only the fields a script prints."""
    response = client.get(f"/api/v1/{kind}?{query}")
    assert response.status_code == 200, response.text
    answer = response.json()
    return {field: answer[field] for field in fields}


def query_of(values: dict[str, str]) -> str:
    return urlencode(values)
