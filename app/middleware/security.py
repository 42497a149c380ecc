"""Security headers on every response, as a small pure-ASGI middleware.

The Content-Security-Policy allows scripts only from this app (no inline scripts anywhere:
figures travel as ``application/json`` blocks read by our own static JS). Styles allow
'unsafe-inline' because Plotly.js sets style attributes and injects a stylesheet at run time;
styles cannot run code, so scripts stay strict.

Framing: ``/embed/*`` exists to be framed, so any site may frame it; every other page only by
this app. The JSON API and oEmbed are open to cross-origin reads (no credentials), so course
sites and notebooks can call them from the browser.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.middleware.paths import route_path

_POLICY = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
]
PAGE_POLICY = "; ".join([*_POLICY, "frame-ancestors 'self'"])
EMBED_POLICY = "; ".join([*_POLICY, "frame-ancestors *"])

COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "86400",
}


def headers_for(path: str) -> dict[str, str]:
    headers = dict(COMMON_HEADERS)
    if path.startswith("/embed/"):
        headers["Content-Security-Policy"] = EMBED_POLICY
    else:
        headers["Content-Security-Policy"] = PAGE_POLICY
        headers["X-Frame-Options"] = "SAMEORIGIN"
    if is_cross_origin_readable(path):
        headers.update(CORS_HEADERS)
    return headers


def is_cross_origin_readable(path: str) -> bool:
    return path.startswith("/api/v1/") or path == "/oembed"


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = route_path(scope)
        extra = headers_for(path)
        if scope["method"] == "OPTIONS" and is_cross_origin_readable(path):
            await Response(status_code=204, headers=extra)(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in extra.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
