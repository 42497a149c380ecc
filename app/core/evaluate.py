"""Vectorised NumPy evaluation of expression trees.

The trees are compiled once into a flat program (``app.core.program``): one step per distinct
node, with each result written into a buffer that a dead intermediate left free. At 10^6
points that keeps memory traffic well below hand-written NumPy's.

Large inputs are run in blocks of ``BLOCK`` elements, so that every intermediate stays in the
CPU's cache: hand-written NumPy streams each intermediate through main memory, which costs
more than the arithmetic itself for simple expressions. The blocks are shared among
``THREADS`` threads. (The explorers' inputs are far smaller than a block; this is for programs
that call the core with large arrays.)

Floating-point trouble (overflow, 0/0, log of a negative) is not raised here: it turns into inf
or NaN, and callers report non-finite results as warnings.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

import numpy as np

from app.core.errors import UnknownNameError
from app.core.nodes import Node
from app.core.program import BufferPlan, Program, Shape, buffer_plan, compile_program

Array = np.ndarray

BLOCK = 65_536
"""Elements per block: 512 KiB per float64 intermediate, so a few fit in a core's L2 cache."""


def _usable_cores() -> int:
    """Cores this process may run on (its affinity where the OS tells, as Linux does)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


_MAX_THREADS = min(8, _usable_cores())
THREADS = _MAX_THREADS
"""Threads that share the blocks of one large evaluation: the cores this process may use (up
to 8). Set it to 1 for a single-threaded core. Results do not depend on it: every block is
computed the same way, whichever thread runs it."""

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
    program = compile_program(tuple(nodes))
    arrays = {name: np.asarray(value, dtype=np.float64) for name, value in variables.items()}
    missing = program.variables - arrays.keys()
    if missing:
        raise UnknownNameError(f"no value was given for the variable '{min(missing)}'")
    shape = _common_shape([a.shape for a in arrays.values()])
    with np.errstate(all="ignore"):
        if _in_blocks(arrays.values(), shape):
            values = _run_in_blocks(program, arrays, shape)
        else:
            values = _run_whole(program, arrays)
    inputs = [id(a) for a in arrays.values()]
    return [_full_shaped(value, shape, inputs) for value in values]


class RepeatedEvaluation:
    """``evaluate_trees`` for trees evaluated again and again with variables of unchanging
    shapes (every step of a descent): the program, its buffer plan and its buffers are made
    once, where each call of ``evaluate_trees`` looks them up and allocates anew, a cost that
    shows at the descent's hundreds of steps on a few numbers each.

    A call returns the same values as ``evaluate_trees``, in buffers that the next call
    overwrites: use them (or copy them) before calling again."""

    def __init__(self, nodes: list[Node], shapes: Mapping[str, Shape]) -> None:
        self.program = compile_program(tuple(nodes))
        missing = self.program.variables - shapes.keys()
        if missing:
            raise UnknownNameError(f"no value was given for the variable '{min(missing)}'")
        self.shape = _common_shape(list(shapes.values()))
        plan = _plan(self.program, shapes)
        self.outputs = plan.outputs
        self.buffers = [np.empty(shape) for shape in plan.shapes]

    def __call__(self, variables: Mapping[str, Array]) -> list[Array]:
        """The trees' values with these float arrays (of the shapes given at the start)."""
        with np.errstate(all="ignore"):
            values = _execute(self.program, self.outputs, variables, self.buffers)
        inputs = [id(a) for a in variables.values()]
        return [_full_shaped(value, self.shape, inputs) for value in values]


def _common_shape(shapes: list[Shape]) -> Shape:
    """The shape the variables broadcast to. Mostly they share one, or are numbers: that is
    answered without NumPy's general rule, whose cost shows in the model explorer's thousands
    of small evaluations per answer."""
    distinct = set(shapes) - {()}
    if len(distinct) <= 1:
        return distinct.pop() if distinct else ()
    return np.broadcast_shapes(*distinct)


def _full_shaped(value: Array, shape: Shape, inputs: list[int]) -> Array:
    """``value`` as a float array of ``shape``: an array the run made is already one; a number,
    a smaller array or one of the caller's inputs comes back as a read-only broadcast view."""
    if type(value) is np.ndarray and value.shape == shape and id(value) not in inputs:
        return value
    return np.broadcast_to(value, shape).astype(np.float64, copy=False)


def _in_blocks(arrays: Iterable[Array], shape: Shape) -> bool:
    """Worth blocking (several blocks), and possible: every array is a number or full-shape,
    so that the elements of a flattened block line up across variables."""
    if math.prod(shape) < 2 * BLOCK:
        return False
    return all(a.ndim == 0 or a.shape == shape for a in arrays)


def _plan(program: Program, shape_of: Mapping[str, Shape]) -> BufferPlan:
    """The (cached) buffer plan for these variable shapes, keyed in a fixed order."""
    return buffer_plan(program, tuple(sorted((name, shape_of[name]) for name in program.variables)))


def _run_whole(program: Program, arrays: Mapping[str, Array]) -> list[Array]:
    plan = _plan(program, {name: array.shape for name, array in arrays.items()})
    return _execute(program, plan.outputs, arrays, [np.empty(s) for s in plan.shapes])


def _run_in_blocks(program: Program, arrays: Mapping[str, Array], shape: Shape) -> list[Array]:
    """The roots' values, block by block; the blocks are shared out among threads. Each
    result's buffer is the block's slice of the output, so nothing is copied at the end."""
    size = math.prod(shape)
    flat = {name: a if a.ndim == 0 else a.reshape(-1) for name, a in arrays.items()}
    plan = _plan(program, {name: () if a.ndim == 0 else (BLOCK,) for name, a in flat.items()})
    results = [np.empty(size) for _ in program.results]
    destinations = _destinations(program, plan.outputs)
    starts = range(0, size, BLOCK)

    def run_share(share: range) -> None:
        scratch = [np.empty(s) for s in plan.shapes]
        with np.errstate(all="ignore"):  # the error state is per thread
            for start in share:
                block = slice(start, start + BLOCK)
                inputs = {name: a if a.ndim == 0 else a[block] for name, a in flat.items()}
                length = min(BLOCK, size - start)
                buffers = [b[:length] for b in scratch]
                views = [result[block] for result in results]
                for buffer, root in destinations.items():
                    buffers[buffer] = views[root]
                values = _execute(program, plan.outputs, inputs, buffers)
                for view, value in zip(views, values, strict=True):
                    if value is not view:  # a number, an input, or not written in place
                        view[...] = value

    parts = max(1, min(THREADS, len(starts)))
    shares = [starts[i::parts] for i in range(parts)]
    # NumPy lets go of the GIL inside each operation, so the threads run in parallel; this
    # thread takes the first share itself.
    pool = _thread_pool(os.getpid())
    helpers = [pool.submit(run_share, share) for share in shares[1:]]
    run_share(shares[0])
    for helper in helpers:
        helper.result()
    return [result.reshape(shape) for result in results]


def _destinations(program: Program, outputs: tuple[int | None, ...]) -> dict[int, int]:
    """Buffer -> index of the result it holds at the end, for results that steps compute."""
    destinations: dict[int, int] = {}
    for root, slot in enumerate(program.results):
        buffer = outputs[slot] if slot < len(program.steps) else None
        if buffer is not None and buffer not in destinations:
            destinations[buffer] = root
    return destinations


def _execute(
    program: Program,
    outputs: tuple[int | None, ...],
    inputs: Mapping[str, Array],
    buffers: list[Array],
) -> list[Array]:
    values: list[Array | None] = [None] * program.slots
    for slot, constant in program.constants:
        values[slot] = constant
    for slot, name in program.loads:
        values[slot] = inputs[name]
    for index, (step, out) in enumerate(zip(program.steps, outputs, strict=True)):
        operands = [values[slot] for slot in step.operands]
        values[index] = step.operation(*operands, None if out is None else buffers[out])
    return [values[slot] for slot in program.results]  # type: ignore[misc]


@lru_cache(maxsize=1)
def _thread_pool(process: int) -> ThreadPoolExecutor:
    """The helper threads of this process: keyed by its id, so that a forked child (whose
    copy of a parent's pool has no threads) starts its own."""
    return ThreadPoolExecutor(max_workers=_MAX_THREADS - 1 or 1, thread_name_prefix="evaluate")
