"""Refuse query strings longer than ``MAX_QUERY_BYTES`` with 414 and the JSON error shape.

The longest legitimate query (x and y at their text limit, percent-encoded) is well under it.
Longer request heads, up to ``MAX_REQUEST_HEAD_BYTES``, still reach the app and get this
answer; beyond that the HTTP server (or the proxy in front of it) refuses the request itself,
before any app runs (README, docs/deploy.md).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from app.middleware.answers import send_json_error

MAX_QUERY_BYTES = 96 * 1024
MAX_REQUEST_HEAD_BYTES = 1024 * 1024
MESSAGE = f"the query string is longer than {MAX_QUERY_BYTES} bytes"


class QueryLimitMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or len(scope.get("query_string", b"")) <= MAX_QUERY_BYTES:
            await self.app(scope, receive, send)
            return
        await send_json_error(send, 414, MESSAGE)
