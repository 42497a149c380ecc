"""Links and snippets for sharing what a reader sees: permalink, iframe, oEmbed, downloads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import escape
from starlette.requests import HTTPConnection

from app.web.charts.svg.standalone import IMAGE_WIDTH, image_size
from app.web.explorers.explorer import Context, Explorer
from app.web.explorers.registry import EXPLORERS
from app.web.explorers.scalar import HEADLINE_QUERY
from app.web.sharing.code import FRAMEWORK_LABELS, FRAMEWORKS, code_links
from app.web.sharing.exports import TABLES

# An iframe with one chart: caption, title, plot and HTML legend at 720 px, the plot at least
# 240 px high for every chart (measured in Chromium; tests/browser/test_embedding_in_chromium.py).
ONE_CHART_EMBED_HEIGHT = 540


def origin(connection: HTTPConnection) -> str:
    """The site's address as readers reach it; a live socket (ws://, wss://) gives http(s)://."""
    root = str(connection.base_url).rstrip("/")
    return "http" + root[2:] if root.startswith("ws") else root


def iframe_snippet(src: str, title: str, height: int, width: int | str = "100%") -> str:
    return ascii_only(
        f'<iframe src="{escape(src)}" title="{escape(title)}" width="{width}" height="{height}"'
        ' loading="lazy" style="border:0"></iframe>'
    )


def myst_iframe(src: str, caption: str, placeholder: str | None) -> str:
    """MyST's ``iframe`` directive (Jupyter Book 2, mystmd): the live embed on the web, and the
    chart's PNG in static exports (PDF, print), which cannot run an iframe."""
    lines = [f":::{{iframe}} {src}", ":width: 100%"]
    if placeholder:
        lines.append(f":placeholder: {placeholder}")
    return "\n".join([*lines, caption, ":::"])


def ascii_only(html: str) -> str:
    """``html`` with every non-ASCII character as a numeric reference (′ as &#8242;): a snippet
    pasted into a course page shows its words right whatever that page's character set."""
    return html.encode("ascii", "xmlcharrefreplace").decode("ascii")


class NotAView(ValueError):
    """An address that names no view of this app; the message says why."""


def view_of(url: str, prefix: str) -> tuple[str, str]:
    """The explorer and query that an address of this app shows: a page or its embed, ``/``
    being the explainer's headline example. ``prefix`` is the path the app is served under.
    Used by oEmbed and by the LTI picker; the host is not checked here."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise NotAView("it is not a web address (http:// or https://)")
    path = parts.path.removeprefix(prefix) if prefix else parts.path
    path = path.rstrip("/") or "/"
    if path == "/":
        return "scalar", HEADLINE_QUERY
    name = path.removeprefix("/embed/").removeprefix("/")
    if name not in EXPLORERS:
        pages = ", ".join(f"/{kind}" for kind in EXPLORERS)
        raise NotAView(f"{parts.path or '/'} is not one of its pages (/, {pages})")
    return name, parts.query


def embed_url(root: str, explorer: Explorer, query: str, chart: str | None = None) -> str:
    url = f"{root}/embed/{explorer.kind}?{query}"
    return f"{url}&chart={chart}" if chart else url


@dataclass(frozen=True)
class ChartImage:
    """One chart as an image: its URLs and the snippets that put it in notes and pages."""

    png: str
    png_2x: str
    svg: str
    markdown: str
    img: str


def chart_image(
    root: str, explorer: Explorer, context: Context, name: str, title: str
) -> ChartImage:
    """The links to ``/chart/{kind}/{name}.png`` and ``.svg`` for the context's query, with a
    Markdown image and an ``<img>`` (1× and 2×, its size set) whose alt text is the chart's
    text summary."""
    base = f"{root}/chart/{explorer.kind}/{name}"
    query = context["query"]
    png, png_2x = f"{base}.png?{query}", f"{base}.png?{query}&scale=2"
    summary = (context["summaries"] or {}).get(name, title)
    width, height = image_size(context["figures"][name], title, context["caption"], IMAGE_WIDTH)
    alt = summary.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    img = ascii_only(
        f'<img src="{escape(png)}" srcset="{escape(png)} 1x, {escape(png_2x)} 2x"'
        f' width="{width}" height="{height}" alt="{escape(summary)}"'
        ' style="max-width:100%;height:auto" loading="lazy">'
    )
    return ChartImage(png, png_2x, f"{base}.svg?{query}", f"![{alt}]({png})", img)


@dataclass(frozen=True)
class LinkPreview:
    """What a forum, chat or LMS shows for a pasted link: the headline chart as a PNG."""

    image: str
    width: int
    height: int
    alt: str


PREVIEW_WIDTH = 1200  # the width link previews are made for


def link_preview(root: str, explorer: Explorer, context: Context) -> LinkPreview | None:
    """The explorer's headline chart for the context's query, drawn for a link preview."""
    name = explorer.preview_chart
    if not context["figures"] or name not in context["figures"]:
        return None
    title = dict(explorer.charts)[name]
    image = f"{root}/chart/{explorer.kind}/{name}.png?{context['query']}&width={PREVIEW_WIDTH}"
    width, height = image_size(context["figures"][name], title, context["caption"], PREVIEW_WIDTH)
    return LinkPreview(image, width, height, (context["summaries"] or {}).get(name, title))


def oembed_discovery(root: str, page_url: str) -> str:
    return f"{root}/oembed?url={quote(page_url, safe='')}&format=json"


def sharing(
    root: str, explorer: Explorer, context: Context, path: str | None = None
) -> dict[str, Any]:
    """What the share panel shows; absolute URLs (``root`` is ``origin(...)``), because
    snippets travel to other sites.

    ``path`` is the page's own address when it is not the explorer's permalink (``/``)."""
    query = context["query"]
    page_url = root + (path or context["permalink"])
    title = f"Gradient Lens: {explorer.label.lower()} — {context['caption'] or context['title']}"
    images = {
        name: chart_image(root, explorer, context, name, chart_title)
        for name, chart_title in explorer.charts
        if context["figures"] and name in context["figures"]
    }
    headline = images.get(explorer.preview_chart)
    return {
        "page_url": page_url,
        "oembed": oembed_discovery(root, page_url),
        "snippet": iframe_snippet(embed_url(root, explorer, query), title, explorer.embed_height),
        "myst": myst_iframe(
            embed_url(root, explorer, query), title, headline.png if headline else None
        ),
        "charts": {
            name: iframe_snippet(
                embed_url(root, explorer, query, name),
                f"Gradient Lens: {chart_title}",
                ONE_CHART_EMBED_HEIGHT,
            )
            for name, chart_title in explorer.charts
        },
        "tables": [
            (label, f"/export/{explorer.kind}/{name}.csv?{query}")
            for name, (label, _) in TABLES[explorer.kind].items()
        ],
        "images": images,
        "preview": link_preview(root, explorer, context),
        "html_exports": {
            name: f"/export/{explorer.kind}/{name}.html?{query}" for name, _ in explorer.charts
        },
        "notebooks": [
            (FRAMEWORK_LABELS[framework], code_links(explorer.kind, query, framework)["notebook"])
            for framework in FRAMEWORKS
        ],
    }


def shared_context(root: str, explorer: Explorer, query: Mapping[str, str]) -> Context:
    """The explorer's numbers and figures for ``query``, with its share links: what its page,
    its embed and its live feed all start from."""
    return with_sharing(root, explorer, explorer.build(explorer.values(query)))


def with_sharing(root: str, explorer: Explorer, context: Context) -> Context:
    """``context`` with its share links and the path prefix that its relative links take."""
    context["share"] = sharing(root, explorer, context)
    context["root_path"] = urlsplit(root).path.rstrip("/")
    return context
