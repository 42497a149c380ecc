"""A chart as a picture on its own: title, y label, plot, legend and a caption with the
numbers, on a solid background. What ``/chart/{kind}/{name}.svg`` serves and ``png.py``
rasterises, for course notes, slides and link previews that take an image, not a page.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

from app.web.charts.figures import Figure, themed
from app.web.charts.legend import SWATCH_HEIGHT, SWATCH_WIDTH, LegendEntry, legend_entries
from app.web.charts.palette import DARK, INK
from app.web.charts.svg.elements import el
from app.web.charts.svg.render import FONT, draw_chart, with_bar_groups

PAD = 16
TITLE_SIZE, LABEL_SIZE, LEGEND_SIZE, CAPTION_SIZE = 16, 12, 12, 11
EM_WIDTH = 0.56  # a generous mean character width, in ems, of a sans-serif face
LEGEND_GAP = 18  # between legend entries on a row
IMAGE_WIDTH = 800  # units, unless an image is asked for at another width


@dataclass(frozen=True)
class ImageColours:
    background: str
    ink: str
    muted: str


COLOURS = {
    "light": ImageColours("#ffffff", INK, "#51616b"),
    "dark": ImageColours("#12181d", DARK["ink"], "#a7b4bd"),
}


@dataclass(frozen=True)
class ImageLayout:
    """Where everything of an image goes: worked out without drawing the plot, so a page can
    give an ``<img>`` snippet its height (``image_size``) for the cost of a little arithmetic."""

    title: list[tuple[str, int]]  # (line, baseline)
    y_label: tuple[str, int] | None
    plot_top: int
    plot_height: int
    legend: list[tuple[LegendEntry, float, int]]  # (entry, left, top)
    caption: list[tuple[str, int]]
    height: int


def image_layout(figure: Figure, title: str, caption: str, width: int) -> ImageLayout:
    y = PAD
    title_lines = []
    for line in _wrapped(title, width, TITLE_SIZE * 1.08):  # bold is a little wider
        y += round(TITLE_SIZE * 1.3)
        title_lines.append((line, y))
    y_label = figure["layout"].get("meta", {}).get("y_label")
    if y_label:
        y += round(LABEL_SIZE * 1.8)
    label = (y_label, y) if y_label else None
    plot_top = y + 4
    plot_height = int(figure["layout"].get("height", 360))
    legend, y = _legend_places(figure, width, plot_top + plot_height)
    caption_lines = []
    for line in _wrapped(caption, width, CAPTION_SIZE):
        y += round(CAPTION_SIZE * 1.45)
        caption_lines.append((line, y))
    return ImageLayout(title_lines, label, plot_top, plot_height, legend, caption_lines, y + PAD)


def image_size(figure: Figure, title: str, caption: str, width: int) -> tuple[int, int]:
    """The width and height of the image ``standalone_svg`` draws."""
    return width, image_layout(figure, title, caption, width).height


def standalone_svg(
    figure: Figure,
    title: str,
    caption: str,
    theme: str = "light",
    width: int = IMAGE_WIDTH,
    scale: int = 1,
) -> str:
    """``figure`` as a self-contained SVG document ``width`` units wide; its height follows
    from the title, the plot, the legend and the caption. ``scale`` multiplies its intrinsic
    size (what a rasteriser draws it at), not its units."""
    colours = COLOURS[theme]
    figure = with_bar_groups(themed(figure, theme))
    layout = image_layout(figure, title, caption, width)
    parts = [
        _text(line, PAD, y, TITLE_SIZE, colours.ink, font_weight="600") for line, y in layout.title
    ]
    if layout.y_label:
        label, baseline = layout.y_label
        parts.append(_text(label, PAD, baseline, LABEL_SIZE, colours.muted))
    body, height = draw_chart(figure, width)
    parts.append(
        f'<svg x="0" y="{layout.plot_top}" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}">{body}</svg>'
    )
    for entry, x, top in layout.legend:
        parts.append(f'<g transform="translate({x} {top})">{entry.swatch}</g>')
        baseline = top + SWATCH_HEIGHT - 2
        parts.append(_text(entry.name, x + SWATCH_WIDTH + 6, baseline, LEGEND_SIZE, colours.ink))
    parts += [_text(line, PAD, y, CAPTION_SIZE, colours.muted) for line, y in layout.caption]
    total = layout.height
    background = el("rect", x=0, y=0, width=width, height=total, fill=colours.background)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width * scale}" height="{total * scale}"'
        f' viewBox="0 0 {width} {total}" font-family="{FONT}" font-size="12"'
        f' color="{colours.ink}" role="img">{el("title", title)}{background}{"".join(parts)}</svg>'
    )


def _legend_places(
    figure: dict[str, Any], width: int, top: int
) -> tuple[list[tuple[LegendEntry, float, int]], int]:
    """The legend entries in rows that wrap at the image's width, and where they end."""
    entries = legend_entries(figure)
    if not entries:
        return [], top
    places, x, row = [], float(PAD), top + 6
    for entry in entries:
        entry_width = SWATCH_WIDTH + 6 + _text_width(entry.name, LEGEND_SIZE)
        if x > PAD and x + entry_width > width - PAD:
            x, row = float(PAD), row + 22
        places.append((entry, x, row))
        x += entry_width + LEGEND_GAP
    return places, row + SWATCH_HEIGHT + 4


def _text(text: str, x: float, y: float, size: int, fill: str, **attributes: Any) -> str:
    return el("text", text, x=x, y=y, font_size=size, fill=fill, **attributes)


def _text_width(text: str, size: float) -> float:
    return len(text) * size * EM_WIDTH


def _wrapped(text: str, width: int, size: float) -> list[str]:
    """``text`` in lines that fit between the paddings (by a generous width estimate)."""
    if not text:
        return []
    per_line = max(12, int((width - 2 * PAD) / (size * EM_WIDTH)))
    return textwrap.wrap(text, per_line)
