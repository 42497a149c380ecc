"""Numerics at scale: the expression core against hand-written NumPy and a pure-Python loop;
the model's per-example gradients at N = 10^5; the network's per-example gradients at batch
256 (against torch.func.vmap(grad) when torch is installed); growth with N and expression size.

    python -m bench.numerics

Targets (issue 7): parse(text).diff("x").evaluate(x=...) at 10^6 points within 1.3 x the
hand-written NumPy derivative, and at least 100 x faster than a per-item loop with math. The
core runs large inputs on all usable cores (app.core.evaluate.THREADS) and is also timed on one
thread, since hand-written NumPy and the loop use one.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from app.core import evaluate, parse
from app.core.datasets import make_dataset
from app.core.model import Data, build_spec, per_example_gradient_matrix
from app.core.network import Architecture, initial_params, per_example_gradients
from bench.timing import interleaved_best, ratio_line

POINTS = np.linspace(-4, 4, 1_000_000)


# Each case: the derivative written by hand in NumPy, and as a plain loop over Python floats
# with math (the fastest natural loop: local names, no function call per item).
def sigmoid_numpy(x: np.ndarray) -> np.ndarray:
    s = 1 / (1 + np.exp(-x))
    return s * (1 - s)


def sigmoid_loop(xs: list[float]) -> list[float]:
    out = []
    for v in xs:
        s = 1 / (1 + math.exp(-v))
        out.append(s * (1 - s))
    return out


def tanh_cube_numpy(x: np.ndarray) -> np.ndarray:
    t = np.tanh(x)
    return 2 * t * (1 - t * t) + 3 * x * x


def tanh_cube_loop(xs: list[float]) -> list[float]:
    out = []
    for v in xs:
        t = math.tanh(v)
        out.append(2 * t * (1 - t * t) + 3 * v * v)
    return out


def deeper_numpy(x: np.ndarray) -> np.ndarray:
    s, c, g = np.sin(2 * x), np.cos(2 * x), np.exp(-x * x / 2)
    return (1 / (1 + np.exp(-s))) * 2 * c * g + np.logaddexp(0, s) * (-x * g)


def deeper_loop(xs: list[float]) -> list[float]:
    out = []
    for v in xs:
        s, c, g = math.sin(2 * v), math.cos(2 * v), math.exp(-v * v / 2)
        out.append((1 / (1 + math.exp(-s))) * 2 * c * g + math.log1p(math.exp(s)) * (-v * g))
    return out


CASES = {
    "sigmoid(x)": (sigmoid_numpy, sigmoid_loop),
    "tanh(x)^2 + x^3": (tanh_cube_numpy, tanh_cube_loop),
    "softplus(sin(2x)) * exp(-x^2/2)": (deeper_numpy, deeper_loop),
}
LOOP_SAMPLE = 20_000  # the loop runs over this many points; its time is scaled to 10^6


def expression_benchmarks() -> None:
    print(
        "f'(x) at 10^6 points: parse(text).diff('x').evaluate(x=...),"
        f" on {evaluate.THREADS} threads and on one"
    )
    sample = POINTS[:: POINTS.size // LOOP_SAMPLE].tolist()  # Python floats, as a loop has
    for text, (numpy_version, loop_version) in CASES.items():
        derivative = parse(text).diff("x")
        ours = derivative.evaluate(x=POINTS)
        np.testing.assert_allclose(ours, numpy_version(POINTS), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(loop_version(sample), ours[:: POINTS.size // LOOP_SAMPLE])
        times = interleaved_best(
            {
                "hand": lambda nv=numpy_version: nv(POINTS),
                "core": lambda d=derivative: d.evaluate(x=POINTS),
                "one thread": lambda d=derivative: one_thread(lambda: d.evaluate(x=POINTS)),
                "loop": lambda lv=loop_version: lv(sample),
            }
        )
        hand, core, single = times["hand"], times["core"], times["one thread"]
        loop = times["loop"] * POINTS.size / len(sample)
        print(f"  {text}")
        print("   " + ratio_line("hand-written NumPy", hand, hand, "hand-written NumPy"))
        print("   " + ratio_line("Gradient Lens core", core, hand, "hand-written NumPy"))
        print(
            "   " + ratio_line("Gradient Lens core, one thread", single, hand, "hand-written NumPy")
        )
        print("   " + ratio_line("per-item Python loop (math)", loop, core, "core"))
        print("   " + ratio_line("  the same loop", loop, single, "core, one thread"))
        print("   " + ratio_line("  the same loop", loop, hand, "hand-written NumPy"))


def one_thread(run: Callable[[], object]) -> object:
    """``run()`` with the core's evaluator on a single thread."""
    threads, evaluate.THREADS = evaluate.THREADS, 1
    try:
        return run()
    finally:
        evaluate.THREADS = threads


def growth_benchmarks() -> None:
    derivative = parse("tanh(x)^2 + x^3").diff("x")
    sizes = (1_000, 10_000, 100_000, 1_000_000)
    times = interleaved_best(
        {n: (lambda n=n: derivative.evaluate(x=POINTS[:n])) for n in sizes}, number=3
    )
    print("\nGrowth with N (tanh(x)^2 + x^3), time relative to N = 10^3:")
    for n in sizes:
        print(f"  N = {n:>9,}: {times[n] / times[1_000]:8.1f} x")
    print("Growth with expression size (nested sigmoid, N = 10^5), relative to depth 1:")
    x = POINTS[:100_000]
    derivatives = {
        depth: parse("sigmoid(" * depth + "x" + ")" * depth).diff("x") for depth in (1, 2, 4, 8)
    }
    times = interleaved_best({k: (lambda d=d: d.evaluate(x=x)) for k, d in derivatives.items()})
    for depth, derivative in derivatives.items():
        print(
            f"  depth {depth}: {derivative.size:5} nodes written out,"
            f" {times[depth] / times[1]:6.1f} x"
        )


def model_benchmark() -> None:
    spec = build_spec("sigmoid(w*x + b)", "-(y*log(f) + (1 - y)*log(1 - f))", ["w", "b"])
    rng = np.random.default_rng(0)
    x = rng.normal(size=100_000)
    data = Data(x, (x + rng.normal(size=x.size) > 0).astype(float))
    theta = np.array([0.7, -0.2])
    small = Data(data.x[:2_000], data.y[:2_000])
    one_at_a_time = [Data(small.x[i : i + 1], small.y[i : i + 1]) for i in range(small.x.size)]
    times = interleaved_best(
        {
            "vectorised": lambda: per_example_gradient_matrix(spec, data, theta),
            "looped": lambda: [per_example_gradient_matrix(spec, d, theta) for d in one_at_a_time],
        },
        rounds=3,
    )
    vectorised, looped = times["vectorised"], times["looped"] * 50
    print("\nModel explorer, per-example gradients of a cross-entropy neuron at N = 10^5:")
    print("  " + ratio_line("vectorised over the batch", vectorised, vectorised, "vectorised"))
    print(
        "  " + ratio_line("one example at a time (extrapolated)", looped, vectorised, "vectorised")
    )


def network_benchmark() -> None:
    arch = Architecture((32, 32), "tanh", "cross_entropy")
    params = initial_params(arch, 0)
    data = make_dataset("moons", 0, 256)

    def ours_call():
        return per_example_gradients(arch, params, data.inputs, data.labels)

    print("\nNetwork, per-example gradients at batch 256 (2-32-32-1, tanh):")
    try:
        import torch
        from torch.func import grad, vmap
    except ImportError:
        ours = interleaved_best({"ours": ours_call}, number=5)["ours"]
        print("  " + ratio_line("Gradient Lens (einsum over the batch)", ours, ours, "ours"))
        print("  torch is not installed: pip install torch==2.13.0 to compare with vmap(grad)")
        return
    torch.set_num_threads(1)
    tensors = [(torch.tensor(w), torch.tensor(b)) for w, b in params]
    inputs, labels = torch.tensor(data.inputs), torch.tensor(data.labels)

    def loss(weights, x, y):
        a = x
        for index, (w, b) in enumerate(weights):
            z = a @ w.T + b
            a = torch.sigmoid(z) if index == len(weights) - 1 else torch.tanh(z)
        p = a[0]
        return -(y * torch.log(p) + (1 - y) * torch.log(1 - p))

    per_example = vmap(grad(loss), in_dims=(None, 0, 0))
    mine = per_example_gradients(arch, params, data.inputs, data.labels)
    theirs = per_example(tensors, inputs, labels)
    np.testing.assert_allclose(mine[0][0], theirs[0][0].numpy(), rtol=1e-9, atol=1e-12)
    times = interleaved_best(
        {"ours": ours_call, "torch": lambda: per_example(tensors, inputs, labels)}, number=5
    )
    print(
        "  "
        + ratio_line("Gradient Lens (einsum over the batch)", times["ours"], times["ours"], "ours")
    )
    print(
        "  " + ratio_line("torch.func.vmap(grad), 1 thread", times["torch"], times["ours"], "ours")
    )


if __name__ == "__main__":
    expression_benchmarks()
    growth_benchmarks()
    model_benchmark()
    network_benchmark()
