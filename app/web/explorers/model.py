"""The model explorer: its fields, charts and context builder (numbers, figures, captions)."""

from __future__ import annotations

from app.api.errors import FieldError
from app.api.model import DEFAULT_QUERY, run_model
from app.core.model import REFERENCE, VARIANT_NAMES
from app.web.charts.model import VARIANT_LABELS, model_figures, model_summaries, plot_axes
from app.web.explorers.explorer import Context, Explorer, base_context
from app.web.explorers.presets import MODEL_PRESETS
from app.web.formatting import fixed, percent

FIELDS = ("model", "loss", "params", "x", "y", "learning_rate", "steps", "reduction")


def model_context(values: dict[str, str]) -> Context:
    """Everything the model page shows for these inputs; ``error`` set if they are bad."""
    context = base_context(MODEL, values, f"Model explorer: {values['model']} — Gradient Lens")
    context.update(
        presets=MODEL_PRESETS,
        variant_names=VARIANT_NAMES,
        variant_labels=VARIANT_LABELS,
        plot_choices=[],
        json_twin="/api/v1/model?" + MODEL.query({k: values[k] for k in FIELDS}),
    )
    try:
        analysis = run_model(**{k: values[k] for k in FIELDS})
    except FieldError as error:
        context["error"] = error
        return context
    parameters = analysis.spec.parameters
    axes = plot_axes(parameters, values["plot"])
    report = analysis.report
    context.update(
        analysis=analysis,
        axes=axes,
        plot_choices=[f"{a},{b}" for i, a in enumerate(parameters) for b in parameters[i + 1 :]],
        plot=",".join(parameters[i] for i in axes),
        figures=model_figures(analysis, axes),
        summaries=model_summaries(analysis, axes),
        caption=(
            f"f = {analysis.spec.model}, L = {analysis.spec.loss}: the true gradient is"
            f" ({', '.join(fixed(v) for v in report.variants[REFERENCE])}); averaging the error"
            f" first gives ({', '.join(fixed(v) for v in report.variants['mean_error_backprop'])}),"
            f" off by {percent(report.comparisons['mean_error_backprop'].relative)}."
        ),
    )
    return context


MODEL = Explorer(
    kind="model",
    label="Models",
    defaults={**DEFAULT_QUERY, "reduction": "", "plot": ""},
    charts=(
        ("landscape", "The loss landscape: arrows point downhill, lines are descent paths"),
        ("fits", "Where each variant's descent leaves the model"),
        ("losses", "The loss after each step"),
    ),
    panels=("results", "derivation"),
    build=model_context,
    embed_height=1390,  # the landscape, then the fits and the losses side by side
    choices={"reduction": ("", "sum")},  # "" is the mean, left out of permalinks
)
