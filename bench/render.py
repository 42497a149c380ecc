"""Server time to render pages, through the whole ASGI stack but without a network, against
/healthz in the same rounds. A unique query string per call keeps the response cache out.

    python -m bench.render

Target (issue 7): / renders in at most 5 ms.
"""

from __future__ import annotations

import asyncio
import itertools
import time

from app.main import app

PATHS = ["/healthz", "/", "/scalar", "/model", "/network?epochs=20", "/api/v1/scalar"]
counter = itertools.count()


async def call(path: str) -> float:
    separator = "&" if "?" in path else "?"
    raw, _, query = f"{path}{separator}nocache={next(counter)}".partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": raw,
        "raw_path": raw.encode(),
        "query_string": query.encode(),
        "headers": [(b"host", b"bench")],
        "client": ("127.0.0.1", 1),
        "server": ("bench", 80),
    }
    sent = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    started = time.perf_counter()
    await app(scope, receive, send)
    elapsed = time.perf_counter() - started
    assert sent[0]["status"] == 200, (path, sent[0]["status"])
    return elapsed


async def main() -> None:
    for path in PATHS:  # warm-up: imports, template compilation, caches
        await call(path)
    best = dict.fromkeys(PATHS, float("inf"))
    for _ in range(30):
        for path in PATHS:
            best[path] = min(best[path], await call(path))
    baseline = best["/healthz"]
    for path in PATHS:
        print(f"{path:24} {1000 * best[path]:7.2f} ms   {best[path] / baseline:6.1f} x /healthz")


if __name__ == "__main__":
    asyncio.run(main())
