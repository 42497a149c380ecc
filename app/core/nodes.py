"""The expression tree: small immutable nodes, one class per kind of operation.

Nodes compare by identity (``eq=False``) on purpose: derivative rules reuse sub-trees, and the
evaluator memoises by identity, so shared sub-expressions such as the two ``sigmoid(x)`` in
sigmoid's derivative are computed once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, eq=False, slots=True)
class Num:
    value: float


@dataclass(frozen=True, eq=False, slots=True)
class Const:
    """A named constant (``pi``, ``e``), kept by name so it prints as the reader wrote it."""

    name: str
    value: float


@dataclass(frozen=True, eq=False, slots=True)
class Var:
    name: str


@dataclass(frozen=True, eq=False, slots=True)
class Neg:
    operand: Node


@dataclass(frozen=True, eq=False, slots=True)
class Add:
    left: Node
    right: Node


@dataclass(frozen=True, eq=False, slots=True)
class Sub:
    left: Node
    right: Node


@dataclass(frozen=True, eq=False, slots=True)
class Mul:
    left: Node
    right: Node


@dataclass(frozen=True, eq=False, slots=True)
class Div:
    left: Node
    right: Node


@dataclass(frozen=True, eq=False, slots=True)
class Pow:
    base: Node
    exponent: Node


@dataclass(frozen=True, eq=False, slots=True)
class Call:
    function: str
    argument: Node


Node = Num | Const | Var | Neg | Add | Sub | Mul | Div | Pow | Call
Binary = Add | Sub | Mul | Div
BINARY_TYPES = (Add, Sub, Mul, Div)


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-expressions of ``node``, in reading order."""
    match node:
        case Num() | Const() | Var():
            return ()
        case Neg(operand):
            return (operand,)
        case Add(a, b) | Sub(a, b) | Mul(a, b) | Div(a, b) | Pow(a, b):
            return (a, b)
        case Call(_, argument):
            return (argument,)
    raise TypeError(f"not an expression node: {node!r}")


def tree_size(node: Node) -> int:
    """Nodes in ``node`` written out as a tree (shared sub-trees counted each time).

    Memoised by identity, so a derivative that shares sub-trees is measured in time linear in
    its distinct nodes, even when its written-out size is astronomically large.
    """
    sizes: dict[int, int] = {}

    def size(n: Node) -> int:
        key = id(n)
        if key not in sizes:
            sizes[key] = 1 + sum(size(c) for c in children(n))
        return sizes[key]

    return size(node)


def free_variables(node: Node) -> frozenset[str]:
    """Names of the variables ``node`` depends on."""
    seen: dict[int, frozenset[str]] = {}

    def walk(n: Node) -> frozenset[str]:
        key = id(n)
        if key not in seen:
            if isinstance(n, Var):
                seen[key] = frozenset((n.name,))
            else:
                seen[key] = frozenset().union(*(walk(c) for c in children(n)))
        return seen[key]

    return walk(node)
