"""Every preset of every explorer as a NumPy, PyTorch and JAX script: run, its last line is
the API's answer for the same query to 1e-9 (tests/code/matching.py says how)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.web.explorers.registry import EXPLORERS
from app.web.sharing.code import FRAMEWORKS, script_for
from tests.code.conftest import PRESET_CASES, api_fields, case_id
from tests.code.matching import last_line, mismatches


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize(
    ("kind", "index", "values"), PRESET_CASES, ids=[f"{k}-{i}" for k, i, _ in PRESET_CASES]
)
def test_the_preset_script_prints_the_apis_numbers(
    script_runs, client, kind, index, values, framework
):
    run = script_runs[case_id(kind, index, framework, "preset")]
    assert run.error is None, run.error
    printed = last_line(run.stdout)
    api = api_fields(client, kind, run.query, run.script.expected)
    assert printed.keys() == api.keys()
    assert mismatches(printed, api) == []
    # what the JSON twin and the notebook promise is the API's answer, exactly
    assert run.script.expected == api


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_a_script_runs_on_its_own_as_python_script_py(tmp_path, client, framework):
    """The contract as a reader meets it: a file, ``python file.py``, a fresh process."""
    explorer = EXPLORERS["network"]
    values = explorer.values({})
    script = script_for(explorer, values, framework)
    path = tmp_path / script.filename
    path.write_text(script.code)
    done = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    api = api_fields(client, "network", explorer.query(values), ["layers"])
    assert mismatches(last_line(done.stdout), api) == []
    assert len(api["layers"]) == 4  # two layers, weights and biases


def test_the_shortcuts_are_visibly_wrong_in_the_scripts_output(script_runs):
    """Not a tautology of equal numbers: in the headline preset the script itself shows the
    gap, and in the line fit the averaged error differs from the true gradient."""
    scalar = last_line(script_runs[case_id("scalar", 0, "torch", "preset")].stdout)
    assert scalar["mean_of_gradients"] == pytest.approx(0.2233, abs=1e-4)
    assert scalar["gradient_at_mean"] == pytest.approx(0.2350, abs=1e-4)
    model = last_line(script_runs[case_id("model", 0, "jax", "preset")].stdout)["variants"]
    assert model["mean_of_gradients"]["m"] == pytest.approx(model["gradient_of_mean_loss"]["m"])
    assert model["mean_error_backprop"]["m"] != pytest.approx(model["gradient_of_mean_loss"]["m"])
    assert model["mean_error_backprop"]["b"] == pytest.approx(model["gradient_of_mean_loss"]["b"])


def test_the_scripts_are_clean_python(tmp_path):
    """No unused import, no undefined name, no style error but long lines (a page URL in the
    header, a long product) in any preset's script: code to hand out."""
    for kind, index, values in PRESET_CASES:
        explorer = EXPLORERS[kind]
        for framework in FRAMEWORKS:
            script = script_for(explorer, explorer.values(values), framework)
            (tmp_path / f"{kind}_{index}_{framework}.py").write_text(script.code)
    ruff = str(Path(sys.executable).parent / "ruff")
    options = ["--isolated", "--no-cache", "--preview", "--select", "E,W,F,UP", "--ignore", "E501"]
    done = subprocess.run([ruff, "check", *options, str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
