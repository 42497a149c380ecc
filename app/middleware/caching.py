"""ETag and Cache-Control on successful GETs, and 304 for a matching If-None-Match.

The same URL always gives the same numbers, so pages, API answers and live feeds may be
served from a cache (a browser's or a CDN's) for a while; the ETag lets clients revalidate
cheaply. Responses that set their own caching (Plotly.js, downloads) are left alone.
"""

from __future__ import annotations

import hashlib

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.middleware.paths import route_path

CACHE_CONTROL = "public, max-age=600"
NO_STORE_PATHS = ("/healthz",)


class CachingMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        if route_path(scope) in NO_STORE_PATHS:
            await self.app(scope, receive, self._with_header(send, "no-store"))
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffer(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                headers = Headers(raw=message["headers"])
                if message["status"] != 200 or "etag" in headers or "cache-control" in headers:
                    await send(message)
                    start = None
                return
            if start is None:  # passing through untouched
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                await self._finish(scope, start, b"".join(chunks), send)

        await self.app(scope, receive, buffer)

    @staticmethod
    async def _finish(scope: Scope, start: Message, body: bytes, send: Send) -> None:
        etag = f'W/"{hashlib.sha256(body).hexdigest()[:20]}"'
        requested = Headers(scope=scope).get("if-none-match", "")
        headers = MutableHeaders(scope=start)
        headers["ETag"] = etag
        headers["Cache-Control"] = CACHE_CONTROL
        if etag in [tag.strip() for tag in requested.split(",")]:
            kept = [
                (name, value)
                for name, value in start["headers"]
                if name.lower() not in (b"content-length", b"content-type", b"content-encoding")
            ]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        await send(start)
        await send({"type": "http.response.body", "body": body})

    @staticmethod
    def _with_header(send: Send, value: str) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["Cache-Control"] = value
            await send(message)

        return wrapped
