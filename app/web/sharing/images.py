"""``/chart/{kind}/{chart}.svg`` and ``.png``: one chart as an image, for places that take
an image and not a page (Markdown notes, slides, LMS pages without iframes, link previews).

They take the page's query, plus ``theme=light|dark``, ``width=`` (240 to 2400 units) and
``scale=1|2|3`` (pixels per unit: a PNG's resolution, an SVG's intrinsic size). The image carries
the chart's title, y label, legend and the page's caption with its numbers.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from app.web.charts.svg.png import png_bytes
from app.web.charts.svg.standalone import IMAGE_WIDTH, standalone_svg
from app.web.explorers.registry import explorer_or_404
from app.web.sharing.downloads import chart_titles_or_404, computed_or_422

router = APIRouter(include_in_schema=False)

Theme = Annotated[Literal["light", "dark"], Query(description="colours of the image")]
Width = Annotated[int, Query(ge=240, le=2400, description="width in units (CSS pixels)")]
Scale = Annotated[int, Query(ge=1, le=3, description="pixels per unit")]


def drawn_chart(
    request: Request,
    kind: str,
    chart: str,
    theme: Theme = "light",
    width: Width = IMAGE_WIDTH,
    scale: Scale = 1,
) -> str:
    """The standalone SVG of one chart for the request's query, or the 404/422 that says why
    there is none (a dependency of both routes: the options are validated once, alike)."""
    explorer = explorer_or_404(kind)
    titles = chart_titles_or_404(explorer, chart)
    context = computed_or_422(request, explorer)
    figure = (context["figures"] or {}).get(chart)
    if figure is None:
        raise HTTPException(404, f"the chart '{chart}' is not drawn for these inputs")
    return standalone_svg(figure, titles[chart], context["caption"], theme, width, scale)


Drawn = Annotated[str, Depends(drawn_chart)]  # the chart as a standalone SVG document


@router.get("/chart/{kind}/{chart}.svg")
def chart_svg(svg: Drawn) -> Response:
    return Response(svg, media_type="image/svg+xml; charset=utf-8")


@router.get("/chart/{kind}/{chart}.png")
def chart_png(svg: Drawn) -> Response:
    return Response(png_bytes(svg), media_type="image/png")
