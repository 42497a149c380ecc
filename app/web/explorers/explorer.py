"""What the site knows about an explorer: its fields and their defaults, its charts, the page
regions its live feed refreshes, its templates and the function that builds its context.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

Context = dict[str, Any]


@dataclass(frozen=True)
class Explorer:
    kind: str
    label: str
    defaults: dict[str, str]
    charts: tuple[tuple[str, str], ...]  # (name, title)
    panels: tuple[str, ...]  # ids of the page regions the live feed re-renders
    build: Callable[[dict[str, str]], Context]
    embed_height: int
    choices: Mapping[str, tuple[str, ...]] | None = None  # fields limited to a set of values
    frame_field: str | None = None  # the query field that picks a frame to show: step, epoch
    frame_label: str = ""  # what the player's slider moves through, for screen readers
    # Contexts as the run goes (partial ones first) for a live socket to stream; None: build.
    stream: Callable[[dict[str, str]], Iterator[Context]] | None = None
    headline_chart: str = ""  # the chart a link preview shows; "" for the first

    @property
    def preview_chart(self) -> str:
        return self.headline_chart or self.charts[0][0]

    @property
    def template(self) -> str:
        return f"pages/{self.kind}.html"

    @property
    def form(self) -> str:
        return f"partials/{self.kind}/form.html"

    def panel_template(self, panel: str) -> str:
        return f"partials/{self.kind}/{panel}.html"

    def values(self, query: Mapping[str, str]) -> dict[str, str]:
        """The explorer's fields from a query, defaults filling the gaps; off-list choices
        fall back to the default rather than erroring, as a form would."""
        values = {name: query.get(name, default) for name, default in self.defaults.items()}
        for name, allowed in (self.choices or {}).items():
            if values[name] not in allowed:
                values[name] = self.defaults[name]
        return values

    def query(self, values: Mapping[str, str]) -> str:
        """The canonical query string: fields in order, empty optional ones left out."""
        return urlencode({k: v for k, v in values.items() if v != "" or self.defaults[k] != ""})


def base_context(explorer: Explorer, values: dict[str, str], title: str) -> Context:
    """The keys every explorer context has, before its computation fills in the results."""
    query = explorer.query(values)
    return {
        **values,
        "explorer": explorer,
        "title": title,
        "permalink": f"/{explorer.kind}?{query}",
        "json_twin": f"/api/v1/{explorer.kind}?{query}",
        # Plotly's figures for these charts, fetched only when a reader reaches for a chart
        "figures_url": f"/{explorer.kind}/figures?{query}",
        "query": query,
        "analysis": None,
        "figures": None,
        "summaries": None,
        "caption": "",
        "error": None,
        "player": None,
        "values_frame": values.get(explorer.frame_field or "", ""),
    }


def player(
    field: str, frames: tuple[int, ...], frame: int | None, shown: int | None = None
) -> dict[str, Any]:
    """What the play/pause/scrub control needs: the query field it sets (``step``, ``epoch``),
    the frames there are, the one the query names (None: the last) and the one on screen (a run
    streamed while it trains shows earlier ones before its last)."""
    if shown is None:
        shown = frames[-1] if frame is None else frame
    frames = tuple(sorted({*frames, shown}))  # a linked step between the player's frames
    return {
        "field": field,
        "frames": list(frames),
        "frame": frame,
        "index": frames.index(shown),
        "status": f"{field} {shown} of {frames[-1]}",
    }
