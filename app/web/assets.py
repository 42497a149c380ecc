"""Serve the app's own bundled assets: Plotly.js from the installed ``plotly`` package and the
favicon. Nothing comes from a CDN.

Plotly.js is 4.8 MB, so it is gzipped once (lazily, on first request) and served with a
versioned URL and an immutable cache lifetime: a browser downloads it once per release.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import plotly
from fastapi import APIRouter, HTTPException, Request, Response

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
IMMUTABLE = "public, max-age=31536000, immutable"

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Asset:
    raw: bytes
    compressed: bytes
    media_type: str
    etag: str

    @classmethod
    def load(cls, path: Path, media_type: str) -> Asset:
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()[:16]
        return cls(raw, gzip.compress(raw, compresslevel=9, mtime=0), media_type, f'"{digest}"')

    def response(self, request: Request) -> Response:
        headers = {"Cache-Control": IMMUTABLE, "ETag": self.etag, "Vary": "Accept-Encoding"}
        if request.headers.get("if-none-match") == self.etag:
            return Response(status_code=304, headers=headers)
        if "gzip" in request.headers.get("accept-encoding", ""):
            headers["Content-Encoding"] = "gzip"
            return Response(self.compressed, media_type=self.media_type, headers=headers)
        return Response(self.raw, media_type=self.media_type, headers=headers)


def plotly_version() -> str:
    return plotly.__version__


def plotly_url() -> str:
    return f"/assets/plotly-{plotly_version()}.min.js"


@cache
def _plotly_asset() -> Asset:
    return Asset.load(PLOTLY_JS, "text/javascript")


@cache
def static_version(relative_path: str) -> str:
    """Short content hash of a file under ``static/``, used to bust caches on change."""
    return hashlib.sha256((STATIC_DIR / relative_path).read_bytes()).hexdigest()[:10]


def static_url(relative_path: str) -> str:
    return f"/static/{relative_path}?v={static_version(relative_path)}"


@router.get("/assets/plotly-{version}.min.js")
async def plotly_js(version: str, request: Request) -> Response:
    if version != plotly_version():
        raise HTTPException(404, f"this server bundles Plotly {plotly_version()}")
    return _plotly_asset().response(request)


@router.get("/favicon.ico")
async def favicon() -> Response:
    svg = (STATIC_DIR / "favicon.svg").read_bytes()
    return Response(
        svg, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"}
    )
