"""Every explorer's view as a script in NumPy, PyTorch or JAX, with the numbers it must print.

The page's own inputs are checked exactly as the page and its JSON twin check them (a refused
input gets no script), the script is written by ``app.core.scripts`` from the parsed trees, and
``expected`` is taken from the API's own answer for the same query: the object the script
prints as its last line, field for field.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from app.api.batches import batches_response
from app.api.errors import FieldError, in_field
from app.api.model_schemas import ModelResponse
from app.api.network import network_inputs
from app.api.network_schemas import LayerGradient
from app.api.scalar import run_scalar
from app.api.scalar_schemas import ScalarResponse
from app.core.frames import chosen_frame
from app.core.network import initial_params, layer_reports
from app.core.scripts.batches import batches_script
from app.core.scripts.common import FRAMEWORKS as CORE_FRAMEWORKS
from app.core.scripts.common import LABELS, GeneratedScript
from app.core.scripts.model import model_script
from app.core.scripts.network import network_script
from app.core.scripts.scalar import scalar_script
from app.core.training import frame_epochs
from app.web.explorers import batches as batches_explorer
from app.web.explorers import model as model_explorer
from app.web.explorers import network as network_explorer
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
    sections: tuple[tuple[str, str], ...] = ()  # (title, code): the notebook's cells
    page_url: str = ""  # the page the script reproduces


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
    view = analysed(explorer.kind, tuple(values.items()))
    generated = view.write(framework, page_url)
    expected = copy.deepcopy(view.expected)  # the caller's to keep, whatever the cache does
    return Script(
        kind=explorer.kind,
        framework=framework,
        code=generated.code,
        requires=generated.requires,
        filename=f"gradient-lens-{explorer.kind}-{framework}.py",
        expected=expected,
        sections=generated.sections,
        page_url=page_url,
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


@dataclass(frozen=True)
class Analysed:
    """A view's inputs, checked and computed once: the numbers its scripts must print, and
    the writer of its script in any framework (framework, page URL -> script)."""

    expected: dict[str, Any]
    write: Callable[[str, str], GeneratedScript]


@lru_cache(maxsize=64)
def analysed(kind: str, items: tuple[tuple[str, str], ...]) -> Analysed:
    """Cached by the view's fields, so the three frameworks' tabs and the notebook of one
    view compute it once. A refused input raises ``FieldError`` (never cached)."""
    return ANALYSERS[kind](dict(items))


def _scalar(values: dict[str, str]) -> Analysed:
    analysis = run_scalar(values["f"], values["x"])
    answer = ScalarResponse.from_analysis(analysis).model_dump()
    return Analysed(
        {k: answer[k] for k in ("mean_of_gradients", "gradient_at_mean", "gap")},
        lambda framework, url: scalar_script(analysis.function, analysis.x, framework, url),
    )


def _model(values: dict[str, str]) -> Analysed:
    analysis = model_explorer.analysed(*(values[k] for k in model_explorer.FIELDS))
    frames = range(analysis.steps + 1)
    in_field("step", values["step"], lambda: chosen_frame(values["step"], frames, "step"))
    answer = ModelResponse.from_analysis(analysis).model_dump()
    theta = analysis.report.theta
    return Analysed(
        {k: answer[k] for k in ("loss_value", "variants")},
        lambda framework, url: model_script(
            analysis.spec, analysis.data, theta, analysis.reduction, framework, url
        ),
    )


def _batches(values: dict[str, str]) -> Analysed:
    analysis = batches_explorer.analysed(*(values[k] for k in batches_explorer.FIELDS))
    answer = batches_response(analysis).model_dump()
    samples = None if analysis.enumerated else analysis.chosen.batches
    return Analysed(
        {k: answer[k] for k in ("full_batch", "chosen")},
        lambda framework, url: batches_script(
            analysis.spec,
            analysis.data,
            analysis.theta,
            analysis.chosen.size,
            samples,
            analysis.seed,
            framework,
            url,
        ),
    )


def _network(values: dict[str, str]) -> Analysed:
    inputs = network_explorer.run_inputs(values)  # the page's own reading of its fields
    arch, data, settings = network_inputs(*inputs)
    frames = frame_epochs(settings.epochs)
    in_field("epoch", values["epoch"], lambda: chosen_frame(values["epoch"], frames, "epoch"))
    start = initial_params(arch, settings.seed)
    layers = layer_reports(arch, start, data.inputs, data.labels)
    points = data if values["dataset"] == "custom" else None
    return Analysed(
        {"layers": [LayerGradient.of(layer).model_dump() for layer in layers]},
        lambda framework, url: network_script(
            arch, points, values["dataset"], settings.seed, framework, url
        ),
    )


ANALYSERS: dict[str, Callable[[dict[str, str]], Analysed]] = {
    "scalar": _scalar,
    "model": _model,
    "batches": _batches,
    "network": _network,
}
