"""Load test on loopback: many concurrent connections across the main API routes and pages,
for a bounded time. Reports errors, p50/p99 latency per route and the server's memory.

    python -m scripts.load_test --connections 64 --seconds 60
    python -m scripts.load_test --behind-nginx 2 --kill-replica-after 10 --seconds 30

Starts its own server (python -m app on a free port) unless --url is given (a prefix in the
URL is kept: http://127.0.0.1:8080/course/lens). --behind-nginx N serves N replicas behind
real nginx under /course/lens (scripts/proxy.py), and --kill-replica-after S stops one of them
S seconds into the run (SIGTERM; --hard-kill: SIGKILL): nginx must carry on without a failed
request. Exits non-zero on any
error or if the server's RSS grows by 10 % or more after warm-up. Traffic goes only to
127.0.0.1; the request loop stops by itself after --seconds.
"""

from __future__ import annotations

import argparse
import http.client
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from scripts.proxy import Deployment
from scripts.serving import start_app

ROUTES = [
    "/api/v1/scalar?f=sigmoid(x)&x=0,1",
    "/api/v1/scalar?f=tanh(2x)%2Bx%5E3&x=-1,0.5,2",
    "/api/v1/model?steps=20",
    "/api/v1/network?epochs=5&hidden=4",
    "/",
    "/scalar?f=relu(x)&x=-1,1",
    "/model?steps=20",
    "/scalar/live?f=x%5E2&x=1,2",
    "/healthz",
]


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answered(self) -> int:
        with self.lock:
            return sum(len(values) for values in self.latencies.values())


def worker(url: str, deadline: float, offset: int, results: Results) -> None:
    parts = urlsplit(url)
    host, port, prefix = parts.hostname, parts.port, parts.path.rstrip("/")
    connection = http.client.HTTPConnection(host, port, timeout=30)
    index = offset
    while time.monotonic() < deadline:
        route = ROUTES[index % len(ROUTES)]
        index += 1
        started = time.perf_counter()
        try:
            connection.request("GET", prefix + route, headers={"Accept-Encoding": "gzip"})
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as error:
            status = f"{type(error).__name__}"
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=30)
        elapsed = time.perf_counter() - started
        with results.lock:
            if status != 200:
                results.errors.append(f"{route}: {status}")
            results.latencies[route].append(elapsed)
    connection.close()


def run_load(url: str, connections: int, seconds: float, results: Results | None = None) -> Results:
    """``connections`` clients asking in turn for every route for ``seconds``; ``results``, if
    given, fills as they go (a test can read it during the run)."""
    results = Results() if results is None else results
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=worker, args=(url, deadline, i, results))
        for i in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="an already running server on loopback")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=10)
    parser.add_argument("--behind-nginx", type=int, metavar="N", help="N replicas behind nginx")
    parser.add_argument("--kill-replica-after", type=float, metavar="S")
    parser.add_argument("--hard-kill", action="store_true", help="SIGKILL instead of SIGTERM")
    args = parser.parse_args()
    deployment = Deployment(args.behind_nginx).start() if args.behind_nginx else None
    if deployment:
        process, url = None, deployment.url
    else:
        process, url = (None, args.url) if args.url else start_app()
    if urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1"):
        parser.error("load tests only target loopback")
    try:
        run_load(url, args.connections, args.warmup)
        before = rss_kib(process.pid) if process else 0
        if deployment and args.kill_replica_after is not None:
            killer = threading.Timer(
                args.kill_replica_after, deployment.kill_replica, kwargs={"hard": args.hard_kill}
            )
            killer.start()
            print(f"killing one of {args.behind_nginx} replicas after {args.kill_replica_after}s")
        results = run_load(url, args.connections, args.seconds)
        after = rss_kib(process.pid) if process else 0
    finally:
        if process:
            process.terminate()
            process.wait(timeout=20)
        if deployment:
            deployment.stop()
    total = sum(len(v) for v in results.latencies.values())
    print(
        f"{total} requests in {args.seconds:.0f}s over {args.connections} connections:"
        f" {total / args.seconds:.0f} req/s, {len(results.errors)} errors"
    )
    everything = [t for v in results.latencies.values() for t in v]
    print(
        f"all routes: p50 {1000 * percentile(everything, 0.5):.1f} ms,"
        f" p99 {1000 * percentile(everything, 0.99):.1f} ms"
    )
    for route, values in results.latencies.items():
        print(
            f"  {route:52} n={len(values):6} p50 {1000 * percentile(values, 0.5):7.1f} ms"
            f"  p99 {1000 * percentile(values, 0.99):7.1f} ms"
        )
    growth = (after - before) / before if before else 0.0
    if process:
        print(
            f"server RSS after warm-up {before / 1024:.1f} MiB, at the end {after / 1024:.1f} MiB"
            f" ({100 * growth:+.1f} %)"
        )
    for error in results.errors[:10]:
        print("ERROR", error)
    return 1 if results.errors or growth >= 0.10 else 0


if __name__ == "__main__":
    sys.exit(main())
