"""Serve the app's own bundled assets: Plotly.js (the cartesian partial bundle vendored in
``app/web/vendor/``, see ``app/web/plotly_bundle.py``) and the favicon. Nothing comes from a CDN.

Plotly.js is 1.5 MB, so it is compressed once per encoding (Brotli for browsers, 444 kB, on a
background thread as the server starts, since it takes a tenth of a second that a reader's
first hover would otherwise wait for; gzip, 496 kB, for others, on its first request) and
served with a versioned URL and an immutable cache lifetime: a browser downloads it once per
version.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import brotli
from fastapi import APIRouter, HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool

from app.middleware.compression import chosen_encoding
from app.web import plotly_bundle

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
PLOTLY_JS = plotly_bundle.BUNDLE
IMMUTABLE = "public, max-age=31536000, immutable"

router = APIRouter(include_in_schema=False)


ENCODERS: dict[str, Callable[[bytes], bytes]] = {
    "br": lambda raw: brotli.compress(raw, quality=9),  # Plotly: 444 kB in 0.4 s, gzip 496 kB
    "gzip": lambda raw: gzip.compress(raw, compresslevel=9, mtime=0),
}


@dataclass(frozen=True)
class Asset:
    """A big file served as is: compressed once per encoding, when first asked for in it."""

    raw: bytes
    media_type: str
    digest: str
    encoded: dict[str, bytes] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, raw: bytes, media_type: str) -> Asset:
        return cls(raw, media_type, hashlib.sha256(raw).hexdigest()[:16])

    def body(self, encoding: str) -> bytes:
        """The bytes in ``encoding`` ("br", "gzip" or "" for none); slow the first time."""
        if not encoding:
            return self.raw
        if encoding not in self.encoded:
            self.encoded[encoding] = ENCODERS[encoding](self.raw)
        return self.encoded[encoding]

    async def response(self, request: Request) -> Response:
        encoding = chosen_encoding(request.headers.get("accept-encoding", ""))
        etag = f'"{self.digest}{"-" + encoding if encoding else ""}"'  # one per representation
        headers = {"Cache-Control": IMMUTABLE, "ETag": etag, "Vary": "Accept-Encoding"}
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        body = await run_in_threadpool(self.body, encoding)  # not on the event loop
        if encoding:
            headers["Content-Encoding"] = encoding
        return Response(body, media_type=self.media_type, headers=headers)


def plotly_version() -> str:
    """The plotly.js version served (that of the installed ``plotly`` package, a test checks)."""
    return plotly_bundle.VERSION


def plotly_url() -> str:
    return f"/assets/plotly-cartesian-{plotly_version()}.min.js"


@cache
def _plotly_asset() -> Asset:
    return Asset.of(plotly_bundle.served_bytes(), "text/javascript")


def compress_plotly_ahead() -> None:
    """Brotli-compress Plotly.js on a daemon thread, so the first reader to point at a chart
    does not wait for it (called as the app starts; a request meanwhile compresses it too)."""
    threading.Thread(target=_plotly_asset().body, args=("br",), daemon=True).start()


@cache
def static_version(relative_path: str) -> str:
    """Short content hash of a file under ``static/``, used to bust caches on change."""
    return hashlib.sha256((STATIC_DIR / relative_path).read_bytes()).hexdigest()[:10]


def static_url(relative_path: str) -> str:
    return f"/static/{relative_path}?v={static_version(relative_path)}"


@router.get("/assets/plotly-cartesian-{version}.min.js")
async def plotly_js(version: str, request: Request) -> Response:
    if version != plotly_version():
        raise HTTPException(404, f"this server bundles plotly.js {plotly_version()}")
    return await _plotly_asset().response(request)


@router.get("/favicon.ico")
async def favicon() -> Response:
    svg = (STATIC_DIR / "favicon.svg").read_bytes()
    return Response(
        svg, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"}
    )
