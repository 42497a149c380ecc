"""API throughput: the scalar route against /healthz on the same server, same settings, same run.

    python -m bench.api_throughput [--seconds 10] [--rounds 3]

Uses wrk (Debian package) on loopback, one uvicorn worker, -t1 -c16, alternating the two
URLs round by round. Target (issue 7): the scalar route at >= 80 % of /healthz's requests/s.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys

from scripts.serving import start_app

SCALAR = "/api/v1/scalar?f=sigmoid(x)&x=0,1"
HEALTH = "/healthz"


def wrk(url: str, seconds: float) -> tuple[float, float]:
    """(requests per second, p99 latency in ms) for one wrk run."""
    output = subprocess.run(
        ["wrk", "-t1", "-c16", f"-d{int(seconds)}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    if "Non-2xx" in output or "Socket errors" in output:
        raise RuntimeError(f"errors during the run:\n{output}")
    return rate, float(p99.group(1)) * scale


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install wrk")
        return 2
    process, base = start_app()
    try:
        wrk(base + SCALAR, 2)  # warm-up: caches, JIT-free but page-cache warm
        results: dict[str, list[tuple[float, float]]] = {HEALTH: [], SCALAR: []}
        for _ in range(args.rounds):
            for path in (HEALTH, SCALAR):
                results[path].append(wrk(base + path, args.seconds))
    finally:
        process.terminate()
        process.wait(timeout=20)
    best = {path: max(runs) for path, runs in results.items()}
    for path, (rate, p99) in best.items():
        print(f"{path:40} {rate:9.0f} req/s   p99 {p99:6.2f} ms")
    ratio = best[SCALAR][0] / best[HEALTH][0]
    print(f"scalar / healthz: {ratio:.2f} (target >= 0.80)")
    return 0 if ratio >= 0.8 else 1


if __name__ == "__main__":
    sys.exit(main())
