"""The scalar explorer as a script: the mean of f'(x_i) against f'(x̄), for f and the points.

NumPy gets f' written out by hand (printed from the core's derivative tree); PyTorch and JAX
get it from their autograd, per point with ``vmap(grad(f))``.
"""

from __future__ import annotations

import numpy as np

from app.core.code_printing import DIALECTS, CodePrinter
from app.core.expression import Expression
from app.core.scalar import VARIABLE
from app.core.scripts.common import (
    FINITE,
    REQUIRES,
    GeneratedScript,
    array,
    check_framework,
    function,
    header,
    helpers,
    imports,
    json_line,
)

RESULT = """
gap = mean_of_gradients - gradient_at_mean
print(f"mean of the gradients   {float(mean_of_gradients):.6f}")
print(f"gradient at the mean    {float(gradient_at_mean):.6f}")
print(f"gap                     {float(gap):.6f}")
"""
LAST_LINE = """{
    "mean_of_gradients": finite(mean_of_gradients),
    "gradient_at_mean": finite(gradient_at_mean),
    "gap": finite(gap),
}"""
WHY = (
    "# Wrong unless f is a straight line: f' is not linear, so the mean of the f'(x_i) is not\n"
    "# f' at the mean of the x_i.\n"
)


def scalar_script(
    function_: Expression, x: np.ndarray, framework: str, page_url: str
) -> GeneratedScript:
    check_framework(framework)
    names = {VARIABLE: VARIABLE}
    printer = CodePrinter(DIALECTS[framework], names)
    constant = not function_.depends_on(VARIABLE)
    parts = [
        header(
            "the mean of the gradients against the gradient at the mean",
            framework,
            page_url,
            [f"f(x) = {function_}"],
        ),
        imports(framework),
    ]
    body = function(
        "f",
        ["x"],
        function_.tree,
        framework,
        names,
        "f(x), as the page reads it.",
        per_example="x" if constant and framework != "numpy" else None,
        printer=printer,
    )
    derivative = ""
    if framework == "numpy":
        derivative_printer = CodePrinter(DIALECTS[framework], names)
        derivative_tree = function_.diff(VARIABLE)
        derivative = "\n\n" + function(
            "f_prime",
            ["x"],
            derivative_tree.tree,
            framework,
            names,
            "df/dx, written out by hand with the chain rule.",
            printer=derivative_printer,
        )
        used = [printer, derivative_printer]
    else:
        used = [printer]
    sections = (
        ("", parts[0]),
        ("Imports", parts[1]),
        ("The function", helpers(used) + "\n\n" + body + derivative + FINITE),
        ("The points", f"x = {array(framework, x)}\n"),
        ("The two quantities", _variants(framework)),
        ("The numbers", RESULT + json_line(LAST_LINE)),
    )
    return GeneratedScript(sections, REQUIRES[framework])


def _variants(framework: str) -> str:
    if framework == "numpy":
        return (
            "\n# Right: differentiate at every point, then average. The derivative of a mean is\n"
            "# the mean of the derivatives.\n"
            "mean_of_gradients = np.mean(f_prime(x))\n"
            "\n# The shortcut: average the points first, then differentiate once.\n"
            + WHY
            + "gradient_at_mean = f_prime(np.mean(x))\n"
        )
    if framework == "torch":
        return (
            "\n# Right: f'(x_i) at every point (torch.func.grad of f, vectorised over the points\n"
            "# by torch.func.vmap), then the mean.\n"
            "gradients = torch.func.vmap(torch.func.grad(f))(x)\n"
            "mean_of_gradients = gradients.mean()\n"
            "\n# The shortcut: average the points first, then differentiate once.\n"
            + WHY
            + "gradient_at_mean = torch.func.grad(f)(x.mean())\n"
        )
    return (
        "\n# Right: f'(x_i) at every point (jax.grad of f, vectorised over the points by\n"
        "# jax.vmap), then the mean.\n"
        "gradients = jax.vmap(jax.grad(f))(x)\n"
        "mean_of_gradients = gradients.mean()\n"
        "\n# The shortcut: average the points first, then differentiate once.\n"
        + WHY
        + "gradient_at_mean = jax.grad(f)(x.mean())\n"
    )
