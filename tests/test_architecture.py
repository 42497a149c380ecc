"""The house's rules, read from the code's imports: the numerics core stays pure, no module of
``app`` takes part in an import circle, and the web layer's rooms import only downwards."""

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "app"
CORE = APP / "core"
FORBIDDEN = ("fastapi", "starlette", "jinja2", "plotly", "pydantic", "app.api", "app.web")

# The web layer's rooms, top floor first: a module may import from its own room and from rooms
# after it, never from one before it (app/web/__init__.py describes them).
WEB_FLOORS = (
    ("app.web.docs",),
    ("app.web.pages",),
    ("app.web.live",),
    ("app.web.sharing",),
    ("app.web.explorers",),
    ("app.web.templating", "app.web.theme"),
    ("app.web.charts",),
    ("app.web.assets", "app.web.mathml", "app.web.formatting", "app.web.plotly_bundle"),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(APP.rglob("*.py"))}


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, ``from package import module`` counting as the module."""
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(
                f"{node.module}.{alias.name}"
                for alias in node.names
                if f"{node.module}.{alias.name}" in MODULES
            )
    return names


def app_imports(module: str) -> set[str]:
    """The modules of ``app`` that ``module`` imports (packages by their ``__init__``)."""
    return {name for name in imported_modules(MODULES[module]) if name in MODULES} - {module}


def floor_of(module: str) -> int | None:
    for floor, rooms in enumerate(WEB_FLOORS):
        if any(module == room or module.startswith(room + ".") for room in rooms):
            return floor
    return None


@pytest.mark.parametrize("path", sorted(CORE.rglob("*.py")), ids=lambda p: str(p.relative_to(CORE)))
def test_core_module_imports_nothing_from_the_web_layer(path):
    bad = {m for m in imported_modules(path) if m.startswith(FORBIDDEN)}
    assert not bad, f"{path.name} imports {sorted(bad)}"


def test_core_has_modules_to_check():
    assert len(list(CORE.glob("*.py"))) >= 8


def test_the_api_never_imports_the_web_layer():
    bad = {
        (module, imported)
        for module in MODULES
        if module.startswith("app.api")
        for imported in app_imports(module)
        if imported.startswith("app.web")
    }
    assert not bad


def test_no_import_circle_in_app():
    graph = {module: app_imports(module) for module in MODULES}
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as error:
        pytest.fail(f"import circle: {' -> '.join(error.args[1])}")


def test_web_rooms_import_only_downwards():
    upward = [
        f"{module} (floor {floor_of(module)}) imports {imported} (floor {floor_of(imported)})"
        for module in MODULES
        if floor_of(module) is not None
        for imported in sorted(app_imports(module))
        if floor_of(imported) is not None and floor_of(imported) < floor_of(module)
    ]
    assert upward == []


def test_every_web_module_has_a_room():
    homeless = [m for m in MODULES if m.startswith("app.web.") and floor_of(m) is None]
    assert homeless == []


def test_every_web_package_says_what_lives_there():
    packages = list((APP / "web").rglob("__init__.py"))
    assert len(packages) >= 6
    for path in packages:
        assert ast.get_docstring(ast.parse(path.read_text())), f"{path} has no docstring"


def test_the_rules_can_fail():
    """The circle check finds a circle when there is one (so a green run means something)."""
    with pytest.raises(CycleError):
        tuple(TopologicalSorter({"a": {"b"}, "b": {"c"}, "c": {"a"}}).static_order())
    assert floor_of("app.web.charts.svg.render") > floor_of("app.web.pages.explorers")


def test_only_main_imports_the_lti_tool():
    """app.lti may use the web rooms; nothing but app.main imports app.lti (one direction)."""
    importers = {
        module
        for module in MODULES
        if not module.startswith("app.lti")
        for imported in app_imports(module)
        if imported == "app.lti" or imported.startswith("app.lti.")
    }
    assert importers == {"app.main"}
