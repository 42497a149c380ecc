"""Every explorer by its kind, in one place: pages, live feeds, embeds, oEmbed and exports
look explorers up here, so a new explorer is one module in this package and one line below."""

from __future__ import annotations

from fastapi import HTTPException

from app.web.explorers.batches import BATCHES
from app.web.explorers.explorer import Explorer
from app.web.explorers.model import MODEL
from app.web.explorers.network import NETWORK
from app.web.explorers.scalar import SCALAR

EXPLORERS: dict[str, Explorer] = {
    explorer.kind: explorer for explorer in (SCALAR, MODEL, NETWORK, BATCHES)
}


def explorer_or_404(kind: str) -> Explorer:
    """The explorer a URL names, or the 404 that says there is none."""
    if kind not in EXPLORERS:
        raise HTTPException(404, f"no explorer called '{kind}'")
    return EXPLORERS[kind]
