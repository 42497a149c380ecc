"""The network explorer: its fields, charts and context builder (numbers, figures, captions)."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from app.api.errors import FieldError, in_field
from app.api.network import network_inputs
from app.api.network_schemas import DEFAULTS
from app.core.errors import PointsError
from app.core.frames import chosen_frame
from app.core.network import ACTIVATIONS, LOSSES, VARIANTS
from app.core.points import parse_number
from app.core.training import NetworkAnalysis, analyse_network, analyse_network_as_it_trains
from app.settings import Settings
from app.web.charts.network import network_figures, network_summaries
from app.web.charts.variants import VARIANT_LABELS
from app.web.explorers.explorer import Context, Explorer, base_context, player
from app.web.explorers.presets import NETWORK_PRESETS
from app.web.explorers.runs import RunCache

DATASET_CHOICES = ("xor", "moons", "circles", "custom")


RUNS: RunCache[NetworkAnalysis] = RunCache(16)


@dataclass
class PreviewClock:
    """When a run being trained is worth a frame on the way: not before ``first_after``
    seconds (a run done sooner is answered once, which is quicker than any frame), then every
    ``every`` seconds (each frame costs the drawing of four charts)."""

    first_after: float
    every: float
    due: float = field(default=math.inf, init=False)

    @classmethod
    def of(cls, settings: Settings) -> PreviewClock:
        return cls(settings.frames_after_ms / 1000, settings.frames_every_ms / 1000)

    def start(self) -> PreviewClock:
        self.due = time.perf_counter() + self.first_after
        return self

    def __call__(self, epoch: int) -> bool:
        now = time.perf_counter()
        if now < self.due:
            return False
        self.due = now + self.every
        return True


PREVIEWS = PreviewClock.of(Settings.from_environment())
"""The schedule a streamed run's frames follow (FRAMES_AFTER_MS, FRAMES_EVERY_MS)."""


def network_context(values: dict[str, str]) -> Context:
    """Everything the network page shows for these inputs, at the epoch they name (the end of
    training by default); ``error`` set if they are bad."""
    return _last(network_contexts(values, stream=False))


def network_contexts(values: dict[str, str], stream: bool = True) -> Iterator[Context]:
    """The page's context as training goes: for a run not trained yet and no epoch asked for,
    contexts on the way as ``PREVIEWS`` allows, each marked ``partial``, then the finished
    one."""
    context = _base(values)
    try:
        inputs = run_inputs(values)
        arch, data, settings = network_inputs(*inputs)
    except FieldError as error:
        context["error"] = error
        yield context
        return
    analysis = RUNS.get(inputs)
    if analysis is None and stream and not values["epoch"].strip():
        clock = replace(PREVIEWS).start()  # each stream keeps its own time
        for partial in analyse_network_as_it_trains(arch, data, settings, clock):
            if partial.epoch == settings.epochs:
                analysis = RUNS.put(inputs, partial)
                break
            yield {**_with_results(_base(values), values, partial, None), "partial": True}
    if analysis is None:
        analysis = RUNS.get_or_compute(inputs, lambda: analyse_network(arch, data, settings))
    try:
        epoch = in_field(
            "epoch",
            values["epoch"],
            lambda: chosen_frame(values["epoch"], analysis.frames, "epoch"),
        )
    except FieldError as error:
        context["error"] = error
        yield context
        return
    shown = analysis if epoch is None else analysis.at_epoch(epoch)
    yield _with_results(context, values, shown, epoch)


def _base(values: dict[str, str]) -> Context:
    title = f"Network explorer: {values['dataset']} — Gradient Lens"
    context = base_context(NETWORK, values, title)
    context.update(
        presets=NETWORK_PRESETS,
        activations=list(ACTIVATIONS),
        losses=LOSSES,
        variant_names=list(VARIANTS),
        variant_labels=VARIANT_LABELS,
        partial=False,
    )
    return context


def run_inputs(values: dict[str, str]) -> tuple:
    """The run's inputs, typed, in ``network_inputs``' order: also the key it is remembered by."""
    return (
        values["dataset"],
        values["points"] or None,
        values["hidden"],
        values["activation"],
        values["loss"],
        _whole("seed", values["seed"]),
        _whole("batch_size", values["batch_size"]),
        _number("learning_rate", values["learning_rate"]),
        _whole("epochs", values["epochs"]),
    )


def _with_results(
    context: Context, values: dict[str, str], shown: NetworkAnalysis, epoch: int | None
) -> Context:
    """``context`` with the numbers, figures and words of ``shown`` (a run at some epoch)."""
    runs = shown.training
    context.update(
        analysis=shown,
        player=player("epoch", shown.frames, epoch, shown.epoch),
        figures=network_figures(shown),
        summaries=network_summaries(shown),
        caption=(
            f"{values['dataset']} data, hidden layers {values['hidden']} ({values['activation']}):"
            f" accuracy {runs['gradient_of_mean_loss'].accuracy[-1]:.0%} with the true gradient,"
            f" {runs['mean_error_backprop'].accuracy[-1]:.0%} when the error is averaged first"
            + (
                "."
                if shown.epoch == shown.settings.epochs
                else f", after {shown.epoch} of {shown.settings.epochs} epochs."
            )
        ),
    )
    return context


def _last(contexts: Iterator[Context]) -> Context:
    return deque(contexts, maxlen=1)[0]


def _number(field: str, text: str) -> float:
    try:
        return parse_number(text)
    except PointsError as error:
        raise FieldError(field, error, text) from None


def _whole(field: str, text: str) -> int:
    value = _number(field, text)
    if not value.is_integer() or value < 0:
        raise FieldError(field, PointsError(f"'{text}' is not a whole number"), text)
    return int(value)


NETWORK = Explorer(
    kind="network",
    label="Networks",
    defaults={
        "dataset": DEFAULTS["dataset"],
        "points": "",
        "hidden": ", ".join(str(w) for w in DEFAULTS["hidden"]),
        "activation": DEFAULTS["activation"],
        "loss": DEFAULTS["loss"],
        "seed": str(DEFAULTS["seed"]),
        "batch_size": str(DEFAULTS["batch_size"]),
        "learning_rate": str(DEFAULTS["learning_rate"]),
        "epochs": str(DEFAULTS["epochs"]),
        "epoch": "",
    },
    charts=(
        ("layers", "How wrong each shortcut is, layer by layer"),
        ("boundaries", "What each variant learns: decision regions"),
        ("loss", "Training loss"),
        ("accuracy", "Training accuracy"),
    ),
    panels=("results",),
    build=network_context,
    embed_height=1260,  # four charts, two by two at 720 px
    headline_chart="layers",
    choices={"dataset": DATASET_CHOICES, "activation": tuple(ACTIVATIONS), "loss": LOSSES},
    frame_field="epoch",
    frame_label="Training epoch",
    stream=network_contexts,
)
