"""Vectorised NumPy evaluation of expression trees.

Each distinct node is evaluated once per call (shared sub-trees cost nothing extra), and
like a compiler's register allocator the evaluator tracks how many uses of each value
remain: a value is dropped after its last use, and an intermediate array that is about to die
is overwritten in place by the operation that consumes it. At 10^6 points this keeps memory
traffic close to hand-written NumPy. Floating-point trouble (overflow, 0/0, log of a
negative) is not raised here: it turns into inf or NaN, and callers report non-finite results
as warnings.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from app.core.errors import UnknownNameError
from app.core.functions import FUNCTIONS
from app.core.nodes import Add, Call, Const, Div, Mul, Neg, Node, Num, Pow, Sub, Var, children

Array = np.ndarray

quiet_floating_point = np.errstate(all="ignore")
"""Decorator for the core's entry points: overflow and 0/0 become inf and NaN silently,
because every caller checks results for finiteness and reports them as warnings itself."""

_BINARY = {Add: np.add, Sub: np.subtract, Mul: np.multiply, Div: np.divide}


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
    with np.errstate(all="ignore"):
        values = _Evaluation(arrays, nodes).run()
    return [np.broadcast_to(value, shape).astype(np.float64, copy=False) for value in values]


class _Evaluation:
    """One evaluation: values by node identity, remaining uses, and which arrays we own."""

    def __init__(self, arrays: dict[str, Array], roots: list[Node]) -> None:
        self.arrays = arrays
        self.roots = roots
        self.values: dict[int, Array] = {}
        self.uses: dict[int, int] = {}
        self.owned: set[int] = set()  # ids of arrays this evaluation made (safe to overwrite)
        self._count_uses()

    def _count_uses(self) -> None:
        seen: set[int] = set()
        stack = list(self.roots)
        for root in self.roots:
            self.uses[id(root)] = self.uses.get(id(root), 0) + 1  # the caller keeps the roots
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            for child in children(node):
                self.uses[id(child)] = self.uses.get(id(child), 0) + 1
                stack.append(child)

    def run(self) -> list[Array]:
        return [self.value(root) for root in self.roots]

    def value(self, node: Node) -> Array:
        key = id(node)
        if key not in self.values:
            self.values[key] = self.compute(node)
        return self.values[key]

    def release(self, node: Node) -> Array | None:
        """Count one use of ``node``'s value; return it if this was the last use of an array
        we own (the caller may then overwrite it), after forgetting it."""
        key = id(node)
        self.uses[key] -= 1
        if self.uses[key] > 0:
            return None
        value = self.values.pop(key)
        return value if id(value) in self.owned else None

    def made(self, result: Array) -> Array:
        if isinstance(result, np.ndarray):
            self.owned.add(id(result))
        return result

    def compute(self, node: Node) -> Array:
        match node:
            case Num(value) | Const(_, value):
                return np.float64(value)
            case Var(name):
                if name not in self.arrays:
                    raise UnknownNameError(f"no value was given for the variable '{name}'")
                return self.arrays[name]
            case Neg(a):
                operand = self.value(a)
                spare = self.release(a)
                return self.made(np.negative(operand, out=_fits(spare, operand)))
            case Add(a, b) | Sub(a, b) | Mul(a, b) | Div(a, b):
                left, right = self.value(a), self.value(b)
                spare = self.release(a) if a is not b else None
                other = self.release(b)
                out = _fits(spare, left, right) if spare is not None else _fits(other, left, right)
                return self.made(_BINARY[type(node)](left, right, out=out))
            case Pow(a, b):
                base, exponent = self.value(a), self.value(b)
                self.release(a)
                self.release(b)
                return self.made(_power(base, exponent))
            case Call(function, argument):
                operand = self.value(argument)
                self.release(argument)
                return self.made(FUNCTIONS[function].evaluate(operand))
        raise TypeError(f"not an expression node: {node!r}")


def _fits(spare: Array | None, *operands: Array) -> Array | None:
    """``spare`` as an ``out=`` buffer if it is a float array of the result's full shape."""
    if spare is None or not isinstance(spare, np.ndarray) or spare.dtype != np.float64:
        return None
    shape = np.broadcast_shapes(*(np.shape(o) for o in operands))
    return spare if spare.shape == shape and spare.flags.writeable else None


def _power(base: Array, exponent: Array) -> Array:
    """base ** exponent; squares and cubes by multiplication, which is exact and faster."""
    if np.ndim(exponent) == 0:
        if exponent == 2.0:
            return np.multiply(base, base)
        if exponent == 3.0:
            return np.multiply(np.multiply(base, base), base)
    return np.power(base, exponent)
