"""Vectorised NumPy evaluation of an expression tree.

Each distinct node is evaluated once per call (memoised by identity), so shared sub-trees cost
nothing extra. Floating-point trouble (overflow, 0/0, log of a negative) is not raised here:
it turns into inf or NaN, and callers report non-finite results as warnings.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from app.core.errors import UnknownNameError
from app.core.functions import FUNCTIONS
from app.core.nodes import Add, Call, Const, Div, Mul, Neg, Node, Num, Pow, Sub, Var

Array = np.ndarray

quiet_floating_point = np.errstate(all="ignore")
"""Decorator for the core's entry points: overflow and 0/0 become inf and NaN silently,
because every caller checks results for finiteness and reports them as warnings itself."""


def evaluate_tree(node: Node, variables: Mapping[str, Array | float]) -> Array:
    """Value of ``node`` with each variable bound to an array (or number); broadcasts."""
    return evaluate_trees([node], variables)[0]


def evaluate_trees(nodes: list[Node], variables: Mapping[str, Array | float]) -> list[Array]:
    """Values of several trees in one pass: sub-trees they share are computed once.

    Derivatives with respect to different parameters share most of their nodes (the model's
    output, the residual), so evaluating them together saves most of the work.
    """
    arrays = {name: np.asarray(value, dtype=np.float64) for name, value in variables.items()}
    shape = np.broadcast_shapes(*(a.shape for a in arrays.values())) if arrays else ()
    memo: dict[int, Array] = {}

    def ev(n: Node) -> Array:
        key = id(n)
        if key in memo:
            return memo[key]
        match n:
            case Num(value) | Const(_, value):
                result = np.float64(value)
            case Var(name):
                if name not in arrays:
                    raise UnknownNameError(f"no value was given for the variable '{name}'")
                result = arrays[name]
            case Neg(a):
                result = np.negative(ev(a))
            case Add(a, b):
                result = np.add(ev(a), ev(b))
            case Sub(a, b):
                result = np.subtract(ev(a), ev(b))
            case Mul(a, b):
                result = np.multiply(ev(a), ev(b))
            case Div(a, b):
                result = np.divide(ev(a), ev(b))
            case Pow(a, b):
                result = _power(ev(a), ev(b))
            case Call(function, argument):
                result = FUNCTIONS[function].evaluate(ev(argument))
            case _:
                raise TypeError(f"not an expression node: {n!r}")
        memo[key] = result
        return result

    with np.errstate(all="ignore"):
        values = [ev(node) for node in nodes]
    return [np.broadcast_to(value, shape).astype(np.float64, copy=False) for value in values]


def _power(base: Array, exponent: Array) -> Array:
    """base ** exponent; squares and cubes by multiplication, which is exact and faster."""
    if np.ndim(exponent) == 0:
        if exponent == 2.0:
            return np.multiply(base, base)
        if exponent == 3.0:
            return np.multiply(np.multiply(base, base), base)
    return np.power(base, exponent)
