"""The numerics core stays pure: no web framework, template engine or plotting imports."""

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[1] / "app" / "core"
FORBIDDEN = ("fastapi", "starlette", "jinja2", "plotly", "pydantic", "app.api", "app.web")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(CORE.glob("*.py")), ids=lambda p: p.name)
def test_core_module_imports_nothing_from_the_web_layer(path):
    bad = {m for m in imported_modules(path) if m.startswith(FORBIDDEN)}
    assert not bad, f"{path.name} imports {sorted(bad)}"


def test_core_has_modules_to_check():
    assert len(list(CORE.glob("*.py"))) >= 8
