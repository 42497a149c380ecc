"""The batches explorer: its fields, charts and context builder (numbers, figures, captions)."""

from __future__ import annotations

import numpy as np

from app.api.batches import DEFAULT_QUERY, listed, run_batches
from app.api.errors import FieldError
from app.api.model_inputs import ModelFields
from app.core.minibatch import SHORTCUTS, BatchAnalysis
from app.core.model import REFERENCE, VARIANT_NAMES
from app.web.charts.batches import batches_figures, batches_summaries
from app.web.charts.landscape import plot_axes, plot_choices
from app.web.charts.variants import VARIANT_LABELS
from app.web.explorers.explorer import Context, Explorer, base_context
from app.web.explorers.presets import BATCHES_PRESETS
from app.web.explorers.runs import RunCache
from app.web.formatting import fixed

FIELDS = ("model", "loss", "params", "x", "y", "batch_size", "batches", "seed")

RUNS: RunCache[BatchAnalysis] = RunCache(32)


def analysed(*fields: str) -> BatchAnalysis:
    """The analysis for the fields in ``FIELDS`` order, computed once for the page and its
    Code panel (app/web/sharing/code.py), which ask for the same view."""

    def compute() -> BatchAnalysis:
        inputs, others = ModelFields.split(dict(zip(FIELDS, fields, strict=True)))
        return run_batches(inputs, **others)

    return RUNS.get_or_compute(fields, compute)


def batches_context(values: dict[str, str]) -> Context:
    """Everything the batches page shows for these inputs; ``error`` set if they are bad."""
    title = f"Mini-batches: {values['model']}, B = {values['batch_size']} — Gradient Lens"
    context = base_context(BATCHES, values, title)
    context.update(
        presets=BATCHES_PRESETS,
        variant_names=VARIANT_NAMES,
        variant_labels=VARIANT_LABELS,
        shortcuts=SHORTCUTS,
        plot_choices=[],
        json_twin="/api/v1/batches?" + BATCHES.query({k: values[k] for k in FIELDS}),
    )
    try:
        analysis = analysed(*(values[k] for k in FIELDS))
    except FieldError as error:
        context["error"] = error
        return context
    parameters = analysis.spec.parameters
    axes = plot_axes(parameters, values["plot"])
    chosen = analysis.chosen
    context.update(
        analysis=analysis,
        plot_choices=plot_choices(parameters),
        plot=",".join(parameters[i] for i in axes),
        figures=batches_figures(analysis, axes, listed(analysis)),
        summaries=batches_summaries(analysis, axes),
        truth_size=float(np.linalg.norm(analysis.full[REFERENCE])),
        caption=(
            f"B = {chosen.size} of N = {analysis.data.size}: the correct estimate scatters by"
            f" {fixed(chosen.spread['mean_of_gradients'])} around the full-batch gradient, on"
            f" average exactly on it; averaging the error first misses it by"
            f" {fixed(chosen.bias['mean_error_backprop'])}."
        ),
    )
    return context


BATCHES = Explorer(
    kind="batches",
    label="Mini-batches",
    defaults={**DEFAULT_QUERY, "plot": ""},
    charts=(
        ("cloud", "Every mini-batch's gradient, around the full-batch gradient"),
        ("sweep", "Bias and spread against the batch size"),
    ),
    panels=("results", "lessons"),
    build=batches_context,
    embed_height=800,  # two charts side by side at 720 px, their legends under them
    headline_chart="sweep",
)
