"""Security headers on every response, as a small pure-ASGI middleware.

The Content-Security-Policy allows scripts only from this app, and inline only the scripts
the app names by their hash (one: the theme applied before the first paint); figures travel as
``application/json`` blocks read by our own static JS. Styles allow
'unsafe-inline' because Plotly.js sets style attributes and injects a stylesheet at run time;
styles cannot run code, so scripts stay strict.

Framing: ``/embed/*`` exists to be framed, so any site may frame it; ``/lti/*`` by the course
platforms registered with the LTI tool (``lti_policy``); every other page only by this app.
The JSON API and oEmbed are open to cross-origin reads (no credentials), so course sites
and notebooks can call them from the browser.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Awaitable, Callable, Iterable

from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.middleware.paths import route_path


def policies(inline_scripts: tuple[str, ...] = ()) -> tuple[str, str]:
    """The pages' and the embeds' Content-Security-Policy. Pages may run ``inline_scripts``,
    exactly those texts (by their SHA-256 hashes); embeds run no inline script at all."""
    hashes = "".join(f" 'sha256-{_digest(script)}'" for script in inline_scripts)
    return policy("'self'" + hashes, "'self'"), policy("'self'", "*")


def policy(script_src: str, frame_ancestors: str, form_action: str = "'self'") -> str:
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
            f"form-action {form_action}",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def lti_policy(frame_origins: Iterable[str], form_origins: Iterable[str]) -> str:
    """``/lti/*``: framed by the registered platforms (and this app: the picker frames its
    preview), its forms posting to them (the deep-linking answer goes to the platform's return
    address); no inline script at all, the auto-submitting form's script is a file."""
    frames = " ".join(["'self'", *frame_origins])
    forms = " ".join(["'self'", *form_origins])
    return policy("'self'", frames, forms)


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


def is_lti(path: str) -> bool:
    return path == "/lti" or path.startswith("/lti/")


# The origins that may frame an /lti/* response and receive its forms, asked per response.
LtiSources = Callable[[Scope], Awaitable[tuple[list[str], list[str]]]]


def is_cross_origin_readable(path: str) -> bool:
    return path.startswith("/api/v1/") or path == "/oembed"


class SecurityHeadersMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        inline_scripts: tuple[str, ...] = (),
        lti_sources: LtiSources | None = None,
    ) -> None:
        self.app = app
        self.page_policy, self.embed_policy = policies(inline_scripts)
        self.lti_sources = lti_sources

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
                if self.lti_sources is not None and is_lti(path):
                    extra.pop("X-Frame-Options", None)
                    extra["Content-Security-Policy"] = lti_policy(*await self.lti_sources(scope))
                for name, value in extra.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
