"""Smart constructors: build nodes with light algebraic simplification.

Derivative rules produce many ``0 * u``, ``1 * u`` and ``u + 0`` terms; these constructors drop
them as the tree is built, so a derivative reads like one written by hand. Only identities that
hold for every finite input are applied, and numbers are folded only when the result is finite
(``9^9^9`` stays a power and overflows, with a warning, when evaluated).
"""

from __future__ import annotations

import math

from app.core.nodes import Add, Call, Const, Div, Mul, Neg, Node, Num, Pow, Sub, Var

ZERO = Num(0.0)
ONE = Num(1.0)
TWO = Num(2.0)


def num(value: float) -> Num:
    return Num(float(value))


def is_number(node: Node, value: float | None = None) -> bool:
    return isinstance(node, Num) and (value is None or node.value == value)


def _folded(value: float) -> Num | None:
    return Num(value) if math.isfinite(value) else None


def neg(a: Node) -> Node:
    if isinstance(a, Num):
        return Num(-a.value)
    if isinstance(a, Neg):
        return a.operand
    if isinstance(a, Mul) and isinstance(a.left, Num):
        return mul(Num(-a.left.value), a.right)
    return Neg(a)


def add(a: Node, b: Node) -> Node:
    if isinstance(a, Num) and isinstance(b, Num) and (folded := _folded(a.value + b.value)):
        return folded
    if is_number(a, 0.0):
        return b
    if is_number(b, 0.0):
        return a
    if isinstance(b, Neg):
        return sub(a, b.operand)
    if isinstance(b, Num) and b.value < 0:
        return Sub(a, Num(-b.value))
    if isinstance(a, Neg):
        return sub(b, a.operand)
    return Add(a, b)


def sub(a: Node, b: Node) -> Node:
    if isinstance(a, Num) and isinstance(b, Num) and (folded := _folded(a.value - b.value)):
        return folded
    if is_number(b, 0.0):
        return a
    if is_number(a, 0.0):
        return neg(b)
    if isinstance(b, Neg):
        return add(a, b.operand)
    if isinstance(b, Num) and b.value < 0:
        return Add(a, Num(-b.value))
    return Sub(a, b)


def mul(a: Node, b: Node) -> Node:
    if isinstance(a, Num) and isinstance(b, Num) and (folded := _folded(a.value * b.value)):
        return folded
    if is_number(a, 0.0) or is_number(b, 0.0):
        return ZERO
    if is_number(a, 1.0):
        return b
    if is_number(b, 1.0):
        return a
    if is_number(a, -1.0):
        return neg(b)
    if is_number(b, -1.0):
        return neg(a)
    if isinstance(b, Num) and not isinstance(a, Num):  # numbers go first: 2*x, not x*2
        return mul(b, a)
    if isinstance(a, Neg):
        return neg(mul(a.operand, b))
    if isinstance(b, Neg):
        return neg(mul(a, b.operand))
    if isinstance(a, Div) and is_number(a.left, 1.0):  # (1/u)*v -> v/u
        return div(b, a.right)
    if isinstance(b, Div) and is_number(b.left, 1.0):  # u*(1/v) -> u/v
        return div(a, b.right)
    if (
        isinstance(a, Num)
        and isinstance(b, Mul | Div)
        and isinstance(b.left, Num)
        and (folded := _folded(a.value * b.left.value))
    ):  # 2*(3*x) -> 6*x, 2*(3/x) -> 6/x
        return mul(folded, b.right) if isinstance(b, Mul) else div(folded, b.right)
    return Mul(a, b)


def div(a: Node, b: Node) -> Node:
    if (
        isinstance(a, Num)
        and isinstance(b, Num)
        and b.value != 0
        and (folded := _folded(a.value / b.value))
    ):
        return folded
    if is_number(b, 1.0):
        return a
    if is_number(a, 0.0):
        return ZERO
    if isinstance(a, Neg):
        return neg(div(a.operand, b))
    if (
        isinstance(b, Num)
        and isinstance(a, Mul)
        and isinstance(a.left, Num)
        and b.value != 0
        and (folded := _folded(a.left.value / b.value))
    ):  # (4*x)/2 -> 2*x
        return mul(folded, a.right)
    return Div(a, b)


def power(base: Node, exponent: Node) -> Node:
    if is_number(exponent, 0.0):
        return ONE
    if is_number(exponent, 1.0):
        return base
    if isinstance(base, Num) and isinstance(exponent, Num):
        try:
            value = base.value**exponent.value
        except (OverflowError, ZeroDivisionError):
            value = math.inf
        if isinstance(value, float) and (folded := _folded(value)):
            return folded
    return Pow(base, exponent)


def call(function: str, argument: Node) -> Call:
    return Call(function, argument)


def substitute(node: Node, replacements: dict[str, Node]) -> Node:
    """``node`` with each named variable replaced by a tree (``f`` -> the model, say).

    Rebuilt through the simplifying constructors; shared sub-trees stay shared.
    """
    memo: dict[int, Node] = {}

    def walk(n: Node) -> Node:
        key = id(n)
        if key not in memo:
            memo[key] = _rebuild(n, walk, replacements)
        return memo[key]

    return walk(node)


def _rebuild(n: Node, walk, replacements: dict[str, Node]) -> Node:
    match n:
        case Var(name):
            return replacements.get(name, n)
        case Num() | Const():
            return n
        case Neg(a):
            return neg(walk(a))
        case Add(a, b):
            return add(walk(a), walk(b))
        case Sub(a, b):
            return sub(walk(a), walk(b))
        case Mul(a, b):
            return mul(walk(a), walk(b))
        case Div(a, b):
            return div(walk(a), walk(b))
        case Pow(a, b):
            return power(walk(a), walk(b))
        case Call(function, argument):
            return Call(function, walk(argument))
    raise TypeError(f"not an expression node: {n!r}")
