"""Every explorer's view as a script in NumPy, PyTorch or JAX, with the numbers it must print.

The page's own inputs are checked exactly as the page and its JSON twin check them (a refused
input gets no script), the script is written by ``app.core.scripts`` from the parsed trees, and
``expected`` is taken from the API's own answer for the same query: the object the script
prints as its last line, field for field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from app.api.errors import FieldError
from app.api.scalar import run_scalar
from app.api.scalar_schemas import ScalarResponse
from app.core.scripts.common import FRAMEWORKS as CORE_FRAMEWORKS
from app.core.scripts.common import LABELS, GeneratedScript
from app.core.scripts.scalar import scalar_script
from app.web.explorers.explorer import Explorer

FRAMEWORKS: tuple[str, ...] = CORE_FRAMEWORKS
FRAMEWORK_LABELS: dict[str, str] = dict(LABELS)


@dataclass(frozen=True)
class Script:
    kind: str
    framework: str
    code: str
    requires: tuple[str, ...]
    filename: str
    expected: dict  # the JSON object the script prints as its last line


def check_framework(framework: str) -> None:
    if framework not in FRAMEWORKS:
        raise ValueError(f"unknown framework '{framework}'; choose one of {', '.join(FRAMEWORKS)}")


def script_for(
    explorer: Explorer, values: dict[str, str], framework: str, site: str = ""
) -> Script | None:
    """The script for the explorer's inputs (``values`` as ``Explorer.values`` gives them);
    None when the explorer refuses them (the page shows its error). ValueError for an unknown
    framework. ``site`` (scheme, host and path prefix) makes the page URL in its header
    absolute."""
    try:
        return checked_script(explorer, values, framework, site)
    except FieldError:
        return None


def checked_script(
    explorer: Explorer, values: dict[str, str], framework: str, site: str = ""
) -> Script:
    """As ``script_for``, but a refused input raises the page's ``FieldError``."""
    check_framework(framework)
    page_url = f"{site}/{explorer.kind}?{explorer.query(values)}"
    if explorer.kind not in BUILDERS:  # being written: model, batches and network come next
        raise NotImplementedError(f"no script for the {explorer.kind} explorer yet")
    generated, expected = BUILDERS[explorer.kind](values, framework, page_url)
    return Script(
        kind=explorer.kind,
        framework=framework,
        code=generated.code,
        requires=generated.requires,
        filename=f"gradient-lens-{explorer.kind}-{framework}.py",
        expected=expected,
    )


def code_links(kind: str, query: str, framework: str) -> dict[str, str]:
    """Root-relative links to the script, its notebook and its JSON twin for a page's query."""
    check_framework(framework)
    both = urlencode({"framework": framework}) + (f"&{query}" if query else "")
    return {
        "download": f"/code/{kind}.py?{both}",
        "notebook": f"/notebook/{kind}.ipynb?{both}",
        "json": f"/api/v1/{kind}/code?{both}",
    }


Built = tuple[GeneratedScript, dict[str, Any]]


def _scalar(values: dict[str, str], framework: str, page_url: str) -> Built:
    analysis = run_scalar(values["f"], values["x"])
    answer = ScalarResponse.from_analysis(analysis).model_dump()
    expected = {k: answer[k] for k in ("mean_of_gradients", "gradient_at_mean", "gap")}
    return scalar_script(analysis.function, analysis.x, framework, page_url), expected


BUILDERS: dict[str, Callable[[dict[str, str], str, str], Built]] = {
    "scalar": _scalar,
}
