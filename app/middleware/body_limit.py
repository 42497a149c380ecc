"""Refuse request bodies larger than ``MAX_BODY_BYTES`` with 413, before any parsing.

The largest legitimate body (a network request with MAX_NETWORK_POINTS custom points) is a
few kilobytes; the limit leaves ample room and keeps JSON parsing cheap for any request.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.middleware.answers import send_json_error

MAX_BODY_BYTES = 64 * 1024


async def _too_large(send: Send) -> None:
    await send_json_error(send, 413, f"the request body is larger than {MAX_BODY_BYTES} bytes")


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            await _too_large(send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:  # read the whole (small) body, so a lying or absent length cannot help
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                await _too_large(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if delivered:
                return await receive()
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)
