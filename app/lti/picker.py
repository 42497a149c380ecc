"""The deep-linking picker: what an instructor chose (a Gradient Lens address, one chart or the
whole embed, a theme, a size), checked, and turned into the content items a platform inserts.

The address is read as oEmbed reads it (``links.view_of``) and shown as the embed shows it, so
the picker, oEmbed and the share panel agree on what an address means.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from pylti1p3.deep_link_resource import DeepLinkResource

from app.web.explorers.explorer import Explorer
from app.web.explorers.presets import (
    BATCHES_PRESETS,
    MODEL_PRESETS,
    NETWORK_PRESETS,
    SCALAR_PRESETS,
    Preset,
)
from app.web.explorers.registry import EXPLORERS
from app.web.explorers.scalar import HEADLINE_QUERY
from app.web.sharing.links import (
    ONE_CHART_EMBED_HEIGHT,
    NotAView,
    embed_url,
    iframe_snippet,
    view_of,
)

PRESETS: dict[str, tuple[Preset, ...]] = {
    "scalar": SCALAR_PRESETS,
    "model": MODEL_PRESETS,
    "network": NETWORK_PRESETS,
    "batches": BATCHES_PRESETS,
}
THEMES = ("light", "dark")
DEFAULT_WIDTH = 720
SIZE_RANGE = (100, 4000)


class BadChoice(ValueError):
    """A picker field that cannot be used; the message names the field and why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class Choice:
    """One view of Gradient Lens, as an instructor put it in a course."""

    explorer: Explorer
    query: str
    chart: str
    theme: str
    width: int
    height: int

    def embed(self, root: str) -> str:
        url = embed_url(root, self.explorer, self.query, self.chart or None)
        return f"{url}&theme=dark" if self.theme == "dark" else url

    @property
    def title(self) -> str:
        chart = dict(self.explorer.charts).get(self.chart)
        return f"Gradient Lens: {chart or self.explorer.label.lower()}"

    @property
    def custom(self) -> dict[str, str]:
        """The custom parameters the platform sends back with every launch of the link."""
        return {
            "kind": self.explorer.kind,
            "query": self.query,
            "chart": self.chart,
            "theme": self.theme,
        }


def recommended_height(explorer: Explorer, chart: str) -> int:
    return ONE_CHART_EMBED_HEIGHT if chart else explorer.embed_height


def view_from_address(address: str, root: str) -> tuple[Explorer, str]:
    """The explorer and canonical query of a Gradient Lens address on this site (``root``,
    prefix included); a path ("/scalar?f=x") is read as on this site."""
    address = address.strip()
    if not address:
        raise BadChoice("url", "give the address of a Gradient Lens page")
    if address.startswith("/"):
        address = root + address
    parts, own = urlsplit(address), urlsplit(root)
    if parts.netloc and parts.netloc != own.netloc:
        raise BadChoice(
            "url",
            f"{parts.netloc} is not this Gradient Lens ({own.netloc}); paste one of its own"
            " addresses",
        )
    try:
        kind, query = view_of(address, own.path.rstrip("/"))
    except NotAView as error:
        raise BadChoice("url", f"not a Gradient Lens view: {error}") from error
    explorer = EXPLORERS[kind]
    values = explorer.values(dict(parse_qsl(query)))
    context = explorer.build(values)
    if context["error"] is not None:
        raise BadChoice("url", f"the view shows an error: {context['error'].message}")
    return explorer, explorer.query(values)


def choice_from_form(form: Mapping[str, str], root: str) -> Choice:
    explorer, query = view_from_address(form.get("url", ""), root)
    chart = form.get("chart", "")
    names = [name for name, _ in explorer.charts]
    if chart and chart not in names:
        raise BadChoice(
            "chart", f"the {explorer.kind} view has no chart {chart!r}; it has {', '.join(names)}"
        )
    theme = form.get("theme", "light")
    if theme not in THEMES:
        raise BadChoice("theme", "choose light or dark")
    width = size(form, "width", DEFAULT_WIDTH)
    height = size(form, "height", recommended_height(explorer, chart))
    return Choice(explorer, query, chart, theme, width, height)


def size(form: Mapping[str, str], field: str, default: int) -> int:
    text = form.get(field, "").strip()
    if not text:
        return default
    low, high = SIZE_RANGE
    if not text.isdigit() or not low <= int(text) <= high:
        raise BadChoice(field, f"a whole number of pixels from {low} to {high}, not {text!r}")
    return int(text)


class ContentItem(DeepLinkResource):
    """pylti1p3's resource with the fields it lacks: an ``iframe`` size for a resource link,
    and the ``html`` type's markup."""

    def __init__(self, item: dict[str, Any]) -> None:
        self.item = item

    def to_dict(self) -> dict[str, Any]:
        return self.item


def content_items(
    choice: Choice, root: str, launch_url: str, settings: Mapping[str, Any]
) -> list[ContentItem]:
    """An ``ltiResourceLink`` to the chosen view, and, where the platform takes ``html`` and
    more than one item, the same view as today's iframe snippet."""
    items = [
        ContentItem(
            {
                "type": "ltiResourceLink",
                "title": choice.title,
                "url": launch_url,
                "custom": choice.custom,
                "iframe": {"width": choice.width, "height": choice.height},
            }
        )
    ]
    accepts_html = "html" in (settings.get("accept_types") or ())
    multiple = str(settings.get("accept_multiple", "false")).lower() == "true"
    if accepts_html and multiple:
        snippet = iframe_snippet(choice.embed(root), choice.title, choice.height, choice.width)
        items.append(ContentItem({"type": "html", "title": choice.title, "html": snippet}))
    return items


def launched_view(custom: Mapping[str, str], root: str) -> str:
    """The embed a resource link's custom parameters name (the explainer's headline view when
    it names none)."""
    kind = custom.get("kind") or "scalar"
    if kind not in EXPLORERS:
        raise BadChoice("kind", f"no explorer called {kind!r}")
    explorer = EXPLORERS[kind]
    query = custom.get("query") or ("" if custom.get("kind") else HEADLINE_QUERY)
    chart = custom.get("chart", "")
    if chart and chart not in dict(explorer.charts):
        raise BadChoice("chart", f"the {kind} view has no chart {chart!r}")
    theme = custom.get("theme", "light")
    return Choice(explorer, query, chart, theme if theme in THEMES else "light", 0, 0).embed(root)


def presets(root: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each explorer's ready-made views as (label, address), for the picker's list."""
    return [
        (EXPLORERS[kind].label, [(p.label, f"{root}/{kind}?{p.query}") for p in found])
        for kind, found in PRESETS.items()
    ]
