"""oEmbed provider: a course site's editor pastes a Gradient Lens URL and gets the iframe.

https://oembed.com — type ``rich``; ``html`` is the same iframe snippet the share panel offers;
width and height honour maxwidth and maxheight.
"""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import SplitResult, urlsplit

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from app.api.errors import TOO_LONG, ErrorMessage
from app.api.routing import ONE_VALUE_EACH
from app.settings import Settings
from app.web.explorers.registry import EXPLORERS
from app.web.sharing.links import NotAView, embed_url, iframe_snippet, origin, view_of

router = APIRouter(tags=["embedding"], responses=TOO_LONG, dependencies=ONE_VALUE_EACH)

DEFAULT_WIDTH = 720
DEFAULT_PORTS = {"http": 80, "https": 443}
PUBLIC_HOSTS = Settings.from_environment().public_hosts  # besides the request's own host


@router.get(
    "/oembed",
    summary="oEmbed for any page or embed of this app",
    responses={
        404: {"model": ErrorMessage, "description": "Not a URL this app serves"},
        501: {"model": ErrorMessage, "description": "format=xml: only JSON is implemented"},
    },
)
async def oembed(
    request: Request,
    url: Annotated[str, Query(max_length=20_000, description="A page or embed URL of this app.")],
    maxwidth: Annotated[int | None, Query(ge=1, le=100_000)] = None,
    maxheight: Annotated[int | None, Query(ge=1, le=100_000)] = None,
    format: Annotated[  # the oEmbed spec's name for it
        Literal["json", "xml"], Query(description="json; xml is answered 501 Not Implemented.")
    ] = "json",
) -> JSONResponse:
    if format != "json":
        raise HTTPException(501, "only format=json is supported")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise HTTPException(404, "not a URL this app serves")
    _check_host(request, parts)
    prefix = _check_path(request, parts.path)
    try:
        kind, query = view_of(url, prefix)
    except NotAView as error:
        raise HTTPException(404, f"not a URL this app serves: {error}") from error
    explorer = EXPLORERS[kind]
    width = min(DEFAULT_WIDTH, maxwidth or DEFAULT_WIDTH)
    height = min(explorer.embed_height, maxheight or explorer.embed_height)
    root = origin(request)
    title = f"Gradient Lens: {explorer.label.lower()}"
    snippet = iframe_snippet(embed_url(root, explorer, query), title, height, width)
    return JSONResponse(
        {
            "version": "1.0",
            "type": "rich",
            "provider_name": "Gradient Lens",
            "provider_url": root + "/",
            "title": title,
            "html": snippet,
            "width": width,
            "height": height,
            "cache_age": 86400,
        }
    )


def site(scheme: str, host: str | None, port: int | None) -> str:
    """``host`` or ``host:port`` as an address names a site: lower case, without the default
    port of its scheme (``https://lens.example:443/`` is ``lens.example``)."""
    host = (host or "").lower()
    return host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"


def _check_host(request: Request, parts: SplitResult) -> None:
    """A 404 that says why unless ``parts`` names this site: the host the request came to (the
    ``Host`` header, as the proxy passes it on) or one of the public hosts in the settings."""
    here = site(request.url.scheme, request.url.hostname, request.url.port)
    try:
        asked = site(parts.scheme, parts.hostname, parts.port)
    except ValueError:  # a port that is not a number
        raise HTTPException(404, "not a URL this app serves: its port is not a number") from None
    if asked != here and asked not in PUBLIC_HOSTS:
        served = " or ".join((here, *PUBLIC_HOSTS))
        raise HTTPException(404, f"not a URL this app serves: its host is {asked}, not {served}")


def _check_path(request: Request, path: str) -> str:
    """The path the app is served under (ROOT_PATH), after a 404 for a URL outside it."""
    prefix = request.scope.get("root_path", "").rstrip("/")
    if prefix and path != prefix and not path.startswith(prefix + "/"):
        raise HTTPException(404, f"not a URL this app serves: its path is not under {prefix}/")
    return prefix
