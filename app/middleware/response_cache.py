"""A bounded in-memory cache of finished GET responses, keyed by the full URL.

Every computation here is a pure function of the URL (the same query always gives the same
numbers, seeds included), so a repeated request can be answered with the bytes sent last
time. The key also holds the Host and the path prefix (pages print absolute and prefixed URLs)
and the encoding the response gets (Brotli, gzip or none). Only 200 responses of the cacheable
prefixes are stored; entries are evicted least-recently-used by count and by total size.
"""

from __future__ import annotations

from collections import OrderedDict

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.middleware.compression import chosen_encoding
from app.middleware.paths import route_path

CACHEABLE_PREFIXES = (
    "/api/v1/",
    "/scalar",
    "/model",
    "/network",
    "/batches",
    "/embed/",
    "/export/",
    "/chart/",
    "/oembed",
    "/code/",
    "/notebook/",
)
MAX_ENTRIES = 512
MAX_TOTAL_BYTES = 64 * 1024 * 1024
MAX_ENTRY_BYTES = 8 * 1024 * 1024

Key = tuple[str, str, str, bytes, str]


class ResponseCacheMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.entries: OrderedDict[Key, tuple[Message, bytes]] = OrderedDict()
        self.total_bytes = 0
        self.hits = 0
        self.misses = 0

    def key(self, scope: Scope) -> Key | None:
        if scope["type"] != "http" or scope["method"] != "GET":
            return None
        path = route_path(scope)
        if path != "/" and not path.startswith(CACHEABLE_PREFIXES):
            return None
        headers = Headers(scope=scope)
        encoding = chosen_encoding(headers.get("accept-encoding", ""))
        return (
            headers.get("host", ""),
            scope.get("root_path", ""),
            path,
            scope["query_string"],
            encoding,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = self.key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        if key in self.entries:
            self.entries.move_to_end(key)
            self.hits += 1
            start, body = self.entries[key]
            await send({**start, "headers": list(start["headers"])})
            await send({"type": "http.response.body", "body": body})
            return
        self.misses += 1
        start: Message | None = None
        chunks: list[bytes] = []

        async def record(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = {**message, "headers": list(message["headers"])}
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and start and start["status"] == 200:
                    self.store(key, start, b"".join(chunks))
            await send(message)

        await self.app(scope, receive, record)

    def store(self, key: Key, start: Message, body: bytes) -> None:
        if len(body) > MAX_ENTRY_BYTES or key in self.entries:
            return
        self.entries[key] = (start, body)
        self.total_bytes += len(body)
        while len(self.entries) > MAX_ENTRIES or self.total_bytes > MAX_TOTAL_BYTES:
            _, (_, evicted) = self.entries.popitem(last=False)
            self.total_bytes -= len(evicted)
