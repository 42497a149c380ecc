"""Print expression trees as text (in the input language) and as LaTeX.

The text form parses back to the same function: parentheses are added exactly where
precedence or associativity needs them, and numbers use Python's shortest round-trip form.
"""

from __future__ import annotations

import math

from app.core.functions import FUNCTIONS
from app.core.nodes import Add, Call, Const, Div, Mul, Neg, Node, Num, Pow, Sub, Var

# Binding strength, loosest first; atoms bind tightest.
_SUM, _PRODUCT, _UNARY, _POWER, _ATOM = 1, 2, 3, 4, 5
_SYMBOL = {Add: "+", Sub: "-", Mul: "*", Div: "/"}


def precedence(node: Node) -> int:
    match node:
        case Add() | Sub():
            return _SUM
        case Mul() | Div():
            return _PRODUCT
        case Neg():
            return _UNARY
        case Num(value) if value < 0 or math.copysign(1.0, value) < 0:
            return _UNARY
        case Pow():
            return _POWER
    return _ATOM


def format_number(value: float) -> str:
    """Shortest text that reads back as exactly ``value``: ``2``, ``0.5``, ``1e-05``."""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def to_text(node: Node) -> str:
    match node:
        case Num(value):
            return format_number(value)
        case Const(name) | Var(name):
            return name
        case Neg(a):
            return "-" + _wrap(a, precedence(a) < _POWER)
        case Add(a, b) | Sub(a, b) | Mul(a, b) | Div(a, b):
            own = precedence(node)
            left = _wrap(a, precedence(a) < own)
            right_needs = precedence(b) < own or (
                precedence(b) == own and isinstance(node, (Sub, Div))
            )
            spaced = " " if own == _SUM else ""
            return f"{left}{spaced}{_SYMBOL[type(node)]}{spaced}{_wrap(b, right_needs)}"
        case Pow(base, exponent):
            base_text = _wrap(base, precedence(base) <= _POWER)
            return f"{base_text}^{_wrap(exponent, precedence(exponent) < _POWER)}"
        case Call(function, argument):
            return f"{function}({to_text(argument)})"
    raise TypeError(f"not an expression node: {node!r}")


def _wrap(node: Node, parenthesise: bool) -> str:
    text = to_text(node)
    return f"({text})" if parenthesise else text


# -- LaTeX --------------------------------------------------------------------------------------
_LATEX_NAMES = {"pi": r"\pi", "e": "e"}


def to_latex(node: Node) -> str:
    match node:
        case Num(value):
            return _latex_number(value)
        case Const(name):
            return _LATEX_NAMES.get(name, name)
        case Var(name):
            return _latex_variable(name)
        case Neg(a):
            return "-" + _latex_wrap(a, precedence(a) < _POWER)
        case Add(a, b) | Sub(a, b):
            own = precedence(node)
            right = _latex_wrap(b, isinstance(node, Sub) and precedence(b) == own)
            return f"{to_latex(a)} {_SYMBOL[type(node)]} {right}"
        case Mul(a, b):
            left = _latex_wrap(a, precedence(a) < _PRODUCT)
            right = _latex_wrap(b, precedence(b) < _PRODUCT or precedence(b) == _UNARY)
            joiner = " " if isinstance(a, Num) and _starts_with_letter(b) else r" \cdot "
            return f"{left}{joiner}{right}"
        case Div(a, b):
            return rf"\frac{{{to_latex(a)}}}{{{to_latex(b)}}}"
        case Pow(base, exponent):
            wrapped = _latex_wrap(base, precedence(base) <= _POWER)
            return f"{{{wrapped}}}^{{{to_latex(exponent)}}}"
        case Call(function, argument):
            return _latex_call(function, argument)
    raise TypeError(f"not an expression node: {node!r}")


def _latex_call(function: str, argument: Node) -> str:
    inner = to_latex(argument)
    if function == "sqrt":
        return rf"\sqrt{{{inner}}}"
    if function == "abs":
        return rf"\left|{inner}\right|"
    return rf"{FUNCTIONS[function].latex}\left({inner}\right)"


def _latex_wrap(node: Node, parenthesise: bool) -> str:
    text = to_latex(node)
    return rf"\left({text}\right)" if parenthesise else text


def _latex_number(value: float) -> str:
    text = format_number(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def _latex_variable(name: str) -> str:
    if len(name) == 1:
        return name
    head, _, tail = name.partition("_")
    escaped_head = head.replace("_", r"\_")
    return rf"\mathit{{{escaped_head}}}_{{{tail}}}" if tail else rf"\mathit{{{escaped_head}}}"


def _starts_with_letter(node: Node) -> bool:
    match node:
        case Var() | Const() | Call():
            return True
        case Pow(base, _):
            return _starts_with_letter(base)
        case Mul(a, _):
            return _starts_with_letter(a)
    return False
