"""Structured access log: one JSON line per request, with a request id echoed in a header.

A caller may pass its own ``X-Request-ID`` (letters, digits, ``-`` and ``_``, at most 64) so
logs across services line up; otherwise one is made. Uvicorn's own access log is turned off.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("gradient_lens.access")
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


class JsonLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "event": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        return json.dumps(entry, separators=(",", ":"))


class WithoutSocketChatter(logging.Filter):
    """Drops uvicorn's plain-text lines for each WebSocket it opens or refuses: the access log
    already has a JSON line for every message on a live socket (``app/web/live/socket.py``) and
    for every refused handshake (``RequestLogMiddleware``)."""

    CHATTER = frozenset(
        {
            '%s - "WebSocket %s" [accepted]',
            "connection open",
            "connection closed",
            '%s - "WebSocket %s" 403',
            "connection rejected (%d %s)",
        }
    )

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg not in self.CHATTER


def configure_access_log(level: str = "info") -> None:
    if not any(isinstance(h.formatter, JsonLineFormatter) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(JsonLineFormatter())
        logger.addHandler(handler)
    logger.setLevel(level.upper())
    logger.propagate = False
    uvicorn_log = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, WithoutSocketChatter) for f in uvicorn_log.filters):
        uvicorn_log.addFilter(WithoutSocketChatter())


class RequestLogMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await self.app(scope, receive, _logging_refusals(scope, send))
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SAFE_ID.fullmatch(incoming) else uuid.uuid4().hex[:16]
        started = time.perf_counter()
        status = 500
        size = 0

        async def send_logged(message: Message) -> None:
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, send_logged)
        finally:
            logger.info(
                "request",
                extra={
                    "fields": {
                        "request_id": request_id,
                        "method": scope["method"],
                        "path": scope["path"],
                        "status": status,
                        "bytes": size,
                        "duration_ms": round(1000 * (time.perf_counter() - started), 2),
                        "client": (scope.get("client") or ("", 0))[0],
                    }
                },
            )


def _logging_refusals(scope: Scope, send: Send) -> Send:
    """``send`` for a WebSocket, logging a JSON line if the app closes it before accepting it
    (a page of another site, or no socket at that path): the server answers the handshake 403."""
    accepted = False

    async def send_logged(message: Message) -> None:
        nonlocal accepted
        accepted = accepted or message["type"] == "websocket.accept"
        if message["type"] == "websocket.close" and not accepted:
            origin = dict(scope["headers"]).get(b"origin", b"")[:200].decode("latin-1")
            logger.info(
                "websocket refused",
                extra={
                    "fields": {
                        "path": scope["path"],
                        "status": 403,
                        "origin": origin,
                        "client": (scope.get("client") or ("", 0))[0],
                    }
                },
            )
        await send(message)

    return send_logged
