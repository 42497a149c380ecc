"""Hypothesis-generated inputs for the scripts: functions of x for the scalar explorer, and
models, losses and data for the model and batches explorers, within the language and its
limits. Each case is collected first and run later, all of one framework in one process."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.generated_expressions import POINTS, expressions

KINKED = ["relu", "abs", "step", "sign"]
# kinks at u = 0.3 + ...: the generated points never land on one (checked by the oracle tests)
functions_of_x = st.one_of(
    expressions,
    st.tuples(st.sampled_from(KINKED), expressions, expressions).map(
        lambda t: f"{t[0]}({t[1]} - 0.3) + {t[2]}"
    ),
)
point_sets = st.lists(st.sampled_from(POINTS), min_size=1, max_size=5, unique=True)

MODELS = [
    "w*({e}) + b",
    "sigmoid(w*({e}) + b)",
    "w*tanh(b*({e}))",
    "({e})*w^2 + b",
    "softplus(w*x) + b*({e})",
    "relu(w*x + b) + c*({e})",
]
LOSSES = [
    "(y - f)^2",
    "abs(y - f)",
    "softplus(f - y)",
    "(y - f)^2/2 + 0.1*f^2",
    "log(1 + (y - f)^2)",
]
CROSS_ENTROPY = "-(y*log(f) + (1 - y)*log(1 - f))"
PARAMETER_VALUES = st.sampled_from([-1.5, -0.5, 0.25, 0.7, 1.2])
TARGETS = st.lists(st.sampled_from([0.0, 1.0, -0.8, 2.5, 0.3]), min_size=5, max_size=5)


@st.composite
def models(draw):
    template = draw(st.sampled_from(MODELS))
    model = template.format(e=draw(expressions))
    loss = draw(st.sampled_from([*LOSSES, *([CROSS_ENTROPY] if "sigmoid" in template else [])]))
    names = [n for n in ("w", "b", "c") if n in template]
    params = ", ".join(f"{n}={draw(PARAMETER_VALUES)}" for n in names)
    xs = draw(st.lists(st.sampled_from(POINTS), min_size=2, max_size=5, unique=True))
    ys = draw(TARGETS)[: len(xs)]
    if loss == CROSS_ENTROPY:
        ys = [1.0 if v > 0.5 else 0.0 for v in ys]
    return {
        "model": model,
        "loss": loss,
        "params": params,
        "x": ", ".join(map(str, xs)),
        "y": ", ".join(map(str, ys)),
        "reduction": draw(st.sampled_from(["", "sum"])),
    }


def collected(strategy, count: int) -> list:
    """``count`` examples of ``strategy``, the same ones on every run (derandomized)."""
    found = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(example):
        found.append(example)

    collect()
    return found[:count]


def scalar_cases(count: int) -> list[dict[str, str]]:
    pairs = collected(st.tuples(functions_of_x, point_sets), count)
    return [{"f": f, "x": ", ".join(map(str, xs))} for f, xs in pairs]


def model_cases(count: int) -> list[dict[str, str]]:
    return collected(models(), count)


def batches_cases(count: int) -> list[dict[str, str]]:
    cases = collected(st.tuples(models(), st.integers(1, 5)), count)
    return [
        {
            **{k: v for k, v in case.items() if k != "reduction"},
            "batch_size": str(min(size, len(case["x"].split(",")))),
            "batches": "all",
            "seed": "0",
        }
        for case, size in cases
    ]
