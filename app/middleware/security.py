"""Security headers on every response, as a small pure-ASGI middleware.

The Content-Security-Policy allows scripts only from this app, and inline only the scripts
the app names by their hash (one: the theme applied before the first paint); figures travel as
``application/json`` blocks read by our own static JS. Styles allow
'unsafe-inline' because Plotly.js sets style attributes and injects a stylesheet at run time;
styles cannot run code, so scripts stay strict.

Framing: ``/embed/*`` exists to be framed, so any site may frame it; every other page only by
this app. The JSON API and oEmbed are open to cross-origin reads (no credentials), so course
sites and notebooks can call them from the browser.
"""

from __future__ import annotations

import base64
import hashlib

from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.middleware.paths import route_path


def policies(inline_scripts: tuple[str, ...] = ()) -> tuple[str, str]:
    """The pages' and the embeds' Content-Security-Policy. Pages may run ``inline_scripts``,
    exactly those texts (by their SHA-256 hashes); embeds run no inline script at all."""
    hashes = "".join(f" 'sha256-{_digest(script)}'" for script in inline_scripts)

    def policy(script_src: str, frame_ancestors: str) -> str:
        return "; ".join(
            [
                "default-src 'self'",
                f"script-src {script_src}",
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data: blob:",
                "font-src 'self' data:",
                "connect-src 'self'",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                f"frame-ancestors {frame_ancestors}",
            ]
        )

    return policy("'self'" + hashes, "'self'"), policy("'self'", "*")


def _digest(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()


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


def headers_for(path: str, page_policy: str, embed_policy: str) -> dict[str, str]:
    headers = dict(COMMON_HEADERS)
    if path.startswith("/embed/"):
        headers["Content-Security-Policy"] = embed_policy
    else:
        headers["Content-Security-Policy"] = page_policy
        headers["X-Frame-Options"] = "SAMEORIGIN"
    if is_cross_origin_readable(path):
        headers.update(CORS_HEADERS)
    return headers


def is_cross_origin_readable(path: str) -> bool:
    return path.startswith("/api/v1/") or path == "/oembed"


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, inline_scripts: tuple[str, ...] = ()) -> None:
        self.app = app
        self.page_policy, self.embed_policy = policies(inline_scripts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = route_path(scope)
        extra = headers_for(path, self.page_policy, self.embed_policy)
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
