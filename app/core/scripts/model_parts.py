"""The model and the loss as script functions, shared by the model and batches scripts.

``model(x, *theta)`` and ``loss_fn(y, f)`` in every framework; NumPy also gets the two
derivatives that hand-written backpropagation needs, printed from the core's trees:
``dloss_df(y, f)`` (the output error) and ``local_derivatives(x, *theta)`` (∂f/∂θ, a column
per parameter).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.core.code_printing import DIALECTS, CodePrinter, python_names
from app.core.model import INPUT, OUTPUT, TARGET, Data, ModelSpec
from app.core.scripts.common import array, broadcast, function, helpers, number_list


@dataclass(frozen=True)
class ModelParts:
    functions: str  # helper and function definitions
    data: str  # x, y, the parameter names and theta


def model_parts(
    spec: ModelSpec, data: Data, theta: np.ndarray, framework: str, requires_grad: bool = False
) -> ModelParts:
    names = python_names(spec.parameters, keep=())
    arguments = ["x", *(names[p] for p in spec.parameters)]
    model_names = {INPUT: "x", **names}
    loss_names = {TARGET: "y", OUTPUT: "f"}
    dialect = DIALECTS[framework]
    printers = [CodePrinter(dialect, model_names), CodePrinter(dialect, loss_names)]
    signature = ", ".join(spec.parameters)
    code = [
        function(
            "model",
            arguments,
            spec.model.tree,
            framework,
            model_names,
            f"f(x; {signature}): the model's output for each x.",
            per_example=None if spec.model.depends_on(INPUT) else "x",
            printer=printers[0],
        ),
        _loss_function(spec, framework, loss_names, printers[1]),
    ]
    if framework == "numpy":
        error_printer = CodePrinter(dialect, loss_names)
        local_printer = CodePrinter(dialect, model_names)
        printers += [error_printer, local_printer]
        code.append(
            function(
                "dloss_df",
                ["y", "f"],
                spec.loss.diff(OUTPUT).tree,
                framework,
                loss_names,
                "dL/df by hand: the output error that backpropagation sends back.",
                per_example=None if spec.loss.diff(OUTPUT).depends_on(OUTPUT) else "f",
                printer=error_printer,
            )
        )
        code.append(_local_derivatives(spec, arguments, model_names, local_printer))
    functions = helpers(printers) + "\n\n" + "\n\n".join(code)
    data_code = (
        f"x = {array(framework, data.x)}\n"
        f"y = {array(framework, data.y)}\n"
        f"parameters = {_names_literal(spec.parameters)}\n"
        f"theta = {_theta(framework, theta, requires_grad)}  # {', '.join(spec.parameters)}\n"
    )
    return ModelParts(functions, data_code)


def _loss_function(
    spec: ModelSpec, framework: str, names: dict[str, str], printer: CodePrinter
) -> str:
    text = function(
        "loss_fn",
        ["y", "f"],
        spec.loss.tree,
        framework,
        names,
        "L(y, f): each example's own loss (no reduction).",
        per_example=None if spec.loss.depends_on(OUTPUT) else "f",
        printer=printer,
    )
    if framework != "numpy" and not spec.loss.depends_on(OUTPUT):
        # L does not depend on f: 0·f keeps autograd's graph connected (its gradient is 0)
        text = text.replace(f" + {_zeros(framework)}(f)\n", " + 0.0 * f  # L does not use f\n")
    return text


def _zeros(framework: str) -> str:
    return {"numpy": "np.zeros_like", "torch": "torch.zeros_like", "jax": "jnp.zeros_like"}[
        framework
    ]


def _local_derivatives(
    spec: ModelSpec, arguments: list[str], names: dict[str, str], printer: CodePrinter
) -> str:
    """∂f/∂θ_p for every parameter, stacked as the last axis."""
    trees = [d.tree for d in spec.local_derivatives]
    lines = printer.statements(trees)
    columns = []
    for parameter, tree in zip(spec.parameters, trees, strict=True):
        code = printer.expression(tree)
        derivative = spec.model.diff(parameter)
        if not derivative.depends_on(INPUT):
            code = broadcast("numpy", code, "x")
        columns.append(f"        {code},  # df/d{parameter}")
    body = [
        f"def local_derivatives({', '.join(arguments)}):",
        '    """df/dθ by hand, one column per parameter: how the output moves with each."""',
        *(f"    {line}" for line in lines),
        "    return np.stack(",
        "        [",
        *("    " + column for column in columns),
        "        ],",
        "        axis=-1,",
        "    )",
    ]
    return "\n".join(body) + "\n"


def _names_literal(names: tuple[str, ...]) -> str:
    return "[" + ", ".join(f'"{name}"' for name in names) + "]"


def _theta(framework: str, theta: np.ndarray, requires_grad: bool) -> str:
    literal = number_list(theta)
    if framework == "torch":
        grad = ", requires_grad=True" if requires_grad else ""
        return f"torch.tensor({literal}, dtype=torch.float64{grad})"
    return f"{'np' if framework == 'numpy' else 'jnp'}.array({literal})"
