"""Expression trees compiled into flat programs for the evaluator, and their buffer plans.

A program has one step per distinct node, so sub-trees shared within or between the trees
(the two ``sigmoid(x)`` of sigmoid's derivative; the residual that every parameter's
derivative contains) are computed once. A buffer plan then assigns each step's result to a
buffer the way a compiler allocates registers: once the shapes of the inputs are known, a
buffer whose value has had its last use is handed to the next step of the same shape, which
writes into it (``out=``) instead of allocating.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from app.core.functions import FUNCTIONS
from app.core.nodes import Add, Call, Const, Div, Mul, Neg, Node, Num, Pow, Sub, Var, children

Array = np.ndarray
Operation = Callable[..., Array]
"""A step's work: its operand values, then ``out`` (a buffer to write into, or None)."""
Shape = tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Step:
    operation: Operation
    operands: tuple[int, ...]
    """Slots of the operand values."""
    freed: tuple[int, ...]
    """Operand slots whose value has its last use in this step."""


@dataclass(frozen=True, slots=True, eq=False)
class Program:
    """Slot ``i < len(steps)`` holds step ``i``'s result; later slots hold constants and
    variables. Compared and hashed by identity, since ``compile_program`` caches them."""

    steps: tuple[Step, ...]
    constants: tuple[tuple[int, np.float64], ...]
    loads: tuple[tuple[int, str], ...]
    results: tuple[int, ...]
    slots: int
    variables: frozenset[str]


@dataclass(frozen=True, slots=True)
class BufferPlan:
    outputs: tuple[int | None, ...]
    """Per step, the buffer its result is written into; None for a number (no array)."""
    shapes: tuple[Shape, ...]
    """Per buffer, its shape."""


@lru_cache(maxsize=256)
def compile_program(roots: tuple[Node, ...]) -> Program:
    """The program computing ``roots``; cached (nodes hash by identity, and the cache key keeps
    them alive, so an identity is never reused for another tree while it is cached)."""
    order = _post_order(roots)
    computed = [n for n in order if not isinstance(n, Num | Const | Var)]
    leaves = [n for n in order if isinstance(n, Num | Const | Var)]
    slot = {id(node): index for index, node in enumerate(computed + leaves)}
    last_use: dict[int, int] = {}
    for index, node in enumerate(computed):
        for child in children(node):
            last_use[slot[id(child)]] = index
    for root in roots:
        last_use[slot[id(root)]] = len(computed)  # the caller keeps the roots
    steps = []
    for index, node in enumerate(computed):
        operands = tuple(slot[id(child)] for child in children(node))
        freed = tuple(sorted({s for s in operands if last_use[s] == index}))
        steps.append(Step(_operation(node), operands, freed))
    return Program(
        steps=tuple(steps),
        constants=tuple(
            (slot[id(n)], np.float64(n.value)) for n in leaves if isinstance(n, Num | Const)
        ),
        loads=tuple((slot[id(n)], n.name) for n in leaves if isinstance(n, Var)),
        results=tuple(slot[id(root)] for root in roots),
        slots=len(order),
        variables=frozenset(n.name for n in leaves if isinstance(n, Var)),
    )


@lru_cache(maxsize=256)
def buffer_plan(program: Program, variable_shapes: tuple[tuple[str, Shape], ...]) -> BufferPlan:
    """Which buffer each step writes, given the shape of each variable (``()`` for a number).

    A step's result has the broadcast shape of its operands (every operation is elementwise).
    It takes over the buffer of an operand that dies with it, if the shapes agree (NumPy allows
    ``out`` to be an input), else a free buffer of its shape, else a new one. Results of the
    program keep their buffers: the caller gets them.
    """
    computed = len(program.steps)
    shapes: list[Shape] = [()] * program.slots
    shape_of = dict(variable_shapes)
    for slot, name in program.loads:
        shapes[slot] = shape_of[name]
    buffer_of: dict[int, int] = {}  # slot -> buffer holding its value
    buffer_shapes: list[Shape] = []
    free: dict[Shape, list[int]] = {}
    outputs: list[int | None] = []
    for index, step in enumerate(program.steps):
        shape = np.broadcast_shapes(*(shapes[s] for s in step.operands))
        shapes[index] = shape
        reusable = [s for s in step.freed if s < computed and shapes[s] == shape]
        if not shape:
            chosen = None  # a number: no buffer
        elif reusable:
            chosen = buffer_of[reusable[0]]
        elif free.get(shape):
            chosen = free[shape].pop()
        else:
            chosen = len(buffer_shapes)
            buffer_shapes.append(shape)
        for s in step.freed:
            if s in buffer_of and buffer_of[s] != chosen:
                free.setdefault(shapes[s], []).append(buffer_of[s])
        if chosen is not None:
            buffer_of[index] = chosen
        outputs.append(chosen)
    return BufferPlan(tuple(outputs), tuple(buffer_shapes))


def _post_order(roots: tuple[Node, ...]) -> list[Node]:
    """Distinct nodes, each after its children; iterative, so deep trees cannot overflow."""
    order: list[Node] = []
    seen: set[int] = set()
    for root in roots:
        stack: list[tuple[Node, bool]] = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(children(node)))
    return order


def _operation(node: Node) -> Operation:
    match node:
        case Neg():
            return np.negative
        case Add():
            return np.add
        case Sub():
            return np.subtract
        case Mul():
            return np.multiply
        case Div():
            return np.divide
        case Pow():
            return _power
        case Call(function):
            return FUNCTIONS[function].evaluate
    raise TypeError(f"not a computed node: {node!r}")


def _power(base: Array, exponent: Array, out: Array | None) -> Array:
    """base ** exponent; squares and cubes by multiplication, which is exact and faster."""
    if np.ndim(exponent) == 0:
        if exponent == 2.0:
            return np.multiply(base, base, out=out)
        if exponent == 3.0:
            return np.multiply(np.multiply(base, base), base, out=out)
    return np.power(base, exponent, out=out)
