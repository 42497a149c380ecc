"""The live feed's two addresses for each explorer: ``GET /{kind}/live?{query}`` and a WebSocket
at ``/{kind}/live``, both answering the JSON of ``answer.py``; and ``GET /{kind}/figures?{query}``,
the page's Plotly figures on their own."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.web.explorers.explorer import Explorer
from app.web.explorers.registry import EXPLORERS
from app.web.live.answer import figures_response, live_response
from app.web.live.socket import live_socket_route

router = APIRouter(include_in_schema=False)


def _live_route(explorer: Explorer) -> Callable[[Request], Response]:
    def live(request: Request) -> Response:
        return live_response(request, explorer)

    return live


def _figures_route(explorer: Explorer) -> Callable[[Request], Response]:
    def figures(request: Request) -> Response:
        return figures_response(request, explorer)

    return figures


for _explorer in EXPLORERS.values():
    router.add_api_route(f"/{_explorer.kind}/live", _live_route(_explorer))
    router.add_api_route(f"/{_explorer.kind}/figures", _figures_route(_explorer))
    router.add_api_websocket_route(f"/{_explorer.kind}/live", live_socket_route(_explorer))
