"""The NumPy, PyTorch and JAX printers of the expression tree: the order of operations is the
tree's, numbers are exact, names are safe, and every function of the language means in each
framework what it means on the page, its value and (through the framework's autograd) its
slope, at the awkward points too (0 for relu, abs, step and sign; beyond 20 for softplus)."""

from __future__ import annotations

import keyword
import math

import numpy as np
import pytest

from app.core import parse
from app.core.code_printing import DIALECTS, CodePrinter, python_names, to_code
from app.core.functions import FUNCTIONS
from app.core.nodes import Div, Num, Var

POINTS = np.array([-30.0, -2.5, -1.0, -0.25, 0.0, 0.3, 1.0, 2.0, 25.0])


def numpy_value(code: str, printer: CodePrinter, **variables):
    """Run printed NumPy code (test-only: the code is the printer's, never a reader's text)."""
    namespace = {"np": np, **variables}
    for definition in printer.helper_definitions():
        exec(definition, namespace)
    return eval(code, namespace)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a - (b - c)", "a - (b - c)"),
        ("a - b - c", "a - b - c"),
        ("a + (b + c)", "a + (b + c)"),
        ("a + b*c", "a + b * c"),
        ("a*(b*c)", "a * (b * c)"),
        ("a/(b*c)", "a / (b * c)"),
        ("a*b/c", "a * b / c"),
        ("-x^2", "-(x ** 2.0)"),
        ("(-x)^2", "(-x) ** 2.0"),
        ("2^-x", "2.0 ** (-x)"),
        ("x^y^a", "x ** (y ** a)"),
        ("(x^y)^a", "(x ** y) ** a"),
        ("a*-b", "a * (-b)"),
        ("a - -b", "a - (-b)"),
        ("0.1*x + 1e-05", "0.1 * x + 1e-05"),
        ("pi*x + e", "np.pi * x + np.e"),
        ("sigmoid(2x) + relu(x)", "sigmoid(2.0 * x) + relu(x)"),
    ],
)
def test_numpy_code_keeps_the_trees_order_of_operations(text, code):
    assert to_code(parse(text).tree, "numpy") == code


@pytest.mark.parametrize("framework", ["numpy", "torch", "jax"])
def test_numbers_print_exactly(framework):
    third = 1 / 3
    printed = to_code(Div(Var("x"), Num(third)), framework)
    assert printed == f"x / {third!r}" and float(printed.split(" / ")[1]) == third
    module = DIALECTS[framework].module
    assert to_code(parse("1e999*x").tree, framework) == f"{module}.inf * x"


def test_operations_on_numbers_alone_run_on_float64_scalars_not_python_floats():
    """Python's 1.0 / 0.0 raises and (-8.0) ** 0.5 is complex; on the page they are inf and
    NaN, as in NumPy, PyTorch and JAX arrays."""
    printer = CodePrinter(DIALECTS["numpy"])
    code = printer.expression(parse("x + 1/0 + (-8)^0.5 + sin(2)").tree)
    assert code == (
        "x + np.float64(1.0) / np.float64(0.0) + (-np.float64(8.0)) ** np.float64(0.5)"
        " + np.sin(np.float64(2.0))"
    )
    with np.errstate(all="ignore"):
        value = numpy_value(code, printer, x=np.array([1.0]))
    assert np.isnan(value[0])  # inf + NaN: no exception, nothing complex
    torch_code = to_code(parse("sin(2) + x").tree, "torch")
    assert torch_code == "torch.sin(torch.tensor(2.0, dtype=torch.float64)) + x"


def test_shared_sub_trees_are_computed_once():
    derivative = parse("sigmoid(x)").diff("x")
    printer = CodePrinter(DIALECTS["numpy"], {"x": "x"})
    assert printer.statements([derivative.tree]) == ["t1 = sigmoid(x)"]
    assert printer.expression(derivative.tree) == "t1 * (1.0 - t1)"


def test_variables_print_under_their_script_names():
    tree = parse("lambda*x + np").tree
    names = python_names(["lambda", "np"], keep=["x"])
    assert to_code(tree, "jax", {**names, "x": "x"}) == "lambda_ * x + np_"


def test_parameter_names_become_distinct_safe_identifiers():
    names = ["lambda", "np", "np_", "t1", "_private", "x", "match", "theta", "w"]
    safe = python_names(names, keep=["x"])
    assert safe["x"] == "x" and safe["w"] == "w"
    assert len(set(safe.values())) == len(names)
    for name in safe.values():
        assert name.isidentifier() and not keyword.iskeyword(name)
        assert not keyword.issoftkeyword(name) and not name.startswith("_")
    assert safe["np"] not in ("np", "np_")  # np_ is a parameter of its own


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_every_function_means_the_same_in_numpy(function):
    tree = parse(f"{function}(x)").tree
    printer = CodePrinter(DIALECTS["numpy"], {"x": "x"})
    code = printer.expression(tree)
    with np.errstate(all="ignore"):
        printed = numpy_value(code, printer, x=POINTS)
        core = parse(f"{function}(x)").evaluate(x=POINTS)
    np.testing.assert_array_equal(printed, core)


def autograd_slopes(framework: str, function: str) -> tuple[np.ndarray, np.ndarray]:
    """The printed function's values and its framework's autograd slopes at ``POINTS``."""
    printer = CodePrinter(DIALECTS[framework], {"x": "x"})
    code = printer.expression(parse(f"{function}(x)").tree)
    if framework == "torch":
        torch = pytest.importorskip("torch")
        namespace = {"torch": torch}
        for definition in printer.helper_definitions():
            exec(definition, namespace)
        x = torch.tensor(POINTS, dtype=torch.float64, requires_grad=True)
        value = eval(code, {**namespace, "x": x})
        value.sum().backward()
        return value.detach().numpy(), x.grad.numpy()
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    namespace = {"jax": jax, "jnp": jax.numpy}
    for definition in printer.helper_definitions():
        exec(definition, namespace)
    f = eval(f"lambda x: {code}", namespace)
    x = jax.numpy.asarray(POINTS)
    return np.asarray(f(x)), np.asarray(jax.vmap(jax.grad(f))(x))


@pytest.mark.parametrize("framework", ["torch", "jax"])
@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_every_function_and_its_slope_mean_the_same_in_the_framework(framework, function):
    """Values as the core's, slopes as the core's derivative rules (sign(0) = 0 for abs,
    step(0) = 0 for relu, log(1 + e^u) without PyTorch's cut-off at 20)."""
    values, slopes = autograd_slopes(framework, function)
    expression = parse(f"{function}(x)")
    with np.errstate(all="ignore"):
        core_values = expression.evaluate(x=POINTS)
        core_slopes = expression.diff("x").evaluate(x=POINTS) + np.zeros_like(POINTS)
    for ours, theirs in ((values, core_values), (slopes, core_slopes)):
        finite = np.isfinite(theirs)
        np.testing.assert_allclose(ours[finite], theirs[finite], rtol=1e-12, atol=1e-300)
        assert np.array_equal(np.isfinite(ours), finite)
    if function in ("relu", "abs", "step", "sign"):
        assert slopes[POINTS == 0.0] == 0.0  # the page's convention at the kink
    if function == "softplus":
        assert values[-1] != 25.0 and math.isclose(values[-1], 25.0 + math.exp(-25.0))
