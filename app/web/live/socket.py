"""The live feed over a WebSocket at ``/{kind}/live``, the address of its HTTP twin.

Each text message is a query string, as after the ``?`` of ``GET /{kind}/live``; the answer is
the JSON that the GET returns for it (``answer.py``). Why a socket: in Chromium an HTTP
request costs 3-5 ms more than a message on an open socket, a tenth of what a live update may
take. The page opens one when the reader reaches for the form and falls back to the GET when it
cannot (``static/js/live-feed.js``). Questions are answered one at a time, in order. A network
run not trained yet is streamed: a partial answer at a few epochs on the way, then the last
(unless the question says ``frames=none``); a newer question cuts a stream in flight short
(its last message then still says ``partial``).
Every answer echoes its question in ``query``.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Generator
from urllib.parse import urlsplit

from fastapi import WebSocket, WebSocketDisconnect
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams

from app.middleware.body_limit import MAX_BODY_BYTES
from app.web.explorers.explorer import Explorer
from app.web.explorers.registry import EXPLORERS
from app.web.live.answer import live_answer, live_answers
from app.web.sharing.links import origin

logger = logging.getLogger("gradient_lens.access")

POLICY_VIOLATION, UNSUPPORTED_DATA, MESSAGE_TOO_BIG = 1008, 1003, 1009  # RFC 6455 close codes
ANSWERS_KEPT = 128


def from_this_site(websocket: WebSocket) -> bool:
    """Browsers send ``Origin``: only this site's own pages and embeds may use the feed.
    Programs (no ``Origin``) may too, though the versioned API is the one to build on."""
    sent_from = websocket.headers.get("origin")
    return sent_from is None or urlsplit(sent_from).netloc == websocket.headers.get("host")


def live_socket_route(explorer: Explorer) -> Callable[[WebSocket], Awaitable[None]]:
    """The socket handler for one explorer (registered in ``routes.py``)."""

    async def live_socket(websocket: WebSocket) -> None:
        if not from_this_site(websocket):
            await websocket.close(POLICY_VIOLATION)  # before accepting: the handshake gets 403
            return
        await websocket.accept()
        connection_id = uuid.uuid4().hex[:12]
        questions: asyncio.Queue[str | None] = asyncio.Queue()
        listener = asyncio.create_task(_listen(websocket, questions))
        try:
            for count in itertools.count(1):
                query = await questions.get()
                if query is None:
                    return
                started = time.perf_counter()
                size = await _answer(websocket, explorer, query, questions)
                if size is None:
                    return
                _log(websocket, f"{connection_id}-{count}", size, started)
        finally:
            listener.cancel()

    return live_socket


async def _listen(websocket: WebSocket, questions: asyncio.Queue[str | None]) -> None:
    """Every question as it arrives, so a newer one can stop a stream in flight; None ends."""
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            query = message.get("text")
            if query is None:
                await websocket.close(UNSUPPORTED_DATA, "send the query as text")
                return
            if len(query) > MAX_BODY_BYTES:
                await websocket.close(MESSAGE_TOO_BIG, f"at most {MAX_BODY_BYTES} characters")
                return
            questions.put_nowait(query)
    except (WebSocketDisconnect, RuntimeError):
        return
    finally:
        questions.put_nowait(None)


async def _answer(
    websocket: WebSocket, explorer: Explorer, query: str, questions: asyncio.Queue[str | None]
) -> int | None:
    """Send the answer(s) to ``query``: one, or for a run watched as it trains, each frame as
    it is ready until the last or until a newer question arrives. The characters sent, or None
    if the socket closed meanwhile."""
    root = origin(websocket)
    try:
        if explorer.stream is None or not wants_frames(query):  # one answer, one hop to a thread
            answer = await run_in_threadpool(remembered_answer, root, explorer.kind, query)
            await websocket.send_text(answer)
            return len(answer)
        return await _stream(
            websocket, live_answers(root, explorer, QueryParams(query), query), questions
        )
    except (WebSocketDisconnect, RuntimeError):
        return None


async def _stream(
    websocket: WebSocket, answers: Generator[str, None, None], questions: asyncio.Queue[str | None]
) -> int:
    """Each answer as it is ready, until the last or until a newer question arrives."""
    size = 0
    try:
        while (answer := await run_in_threadpool(next, answers, None)) is not None:
            await websocket.send_text(answer)
            size += len(answer)
            if not questions.empty():  # a newer question: this stream is not wanted any more
                break
    finally:
        answers.close()
    return size


def wants_frames(query: str) -> bool:
    """A page whose reader prefers reduced motion adds ``frames=none``: it would not draw the
    frames of a run on its way, so the server does not make them."""
    return QueryParams(query).get("frames") != "none"


@functools.lru_cache(maxsize=ANSWERS_KEPT)
def remembered_answer(root: str, kind: str, query: str) -> str:
    """Answers are pure functions of the query, and a reader often goes back to one (a preset,
    an undone edit); the model and network explorers take tens of ms or more to compute. The GET
    feed has the response cache (``app/middleware/response_cache.py``) for the same reason."""
    return live_answer(root, EXPLORERS[kind], QueryParams(query), query)


def _log(websocket: WebSocket, message_id: str, size: int, started: float) -> None:
    """One access-log line per message, as the HTTP feed has one per request."""
    logger.info(
        "live message",
        extra={
            "fields": {
                "request_id": message_id,
                "path": websocket.url.path,
                "characters": size,
                "duration_ms": round(1000 * (time.perf_counter() - started), 2),
                "client": (websocket.client or ("", 0))[0],
            }
        },
    )
