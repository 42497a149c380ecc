"""The bundled fonts (static/fonts, built by scripts/build_fonts.py) cover what they draw."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache
from html import unescape
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from app.web.assets import STATIC_DIR
from app.web.charts.svg.png import FONT_FILES
from app.web.explorers.presets import (
    BATCHES_PRESETS,
    MODEL_PRESETS,
    NETWORK_PRESETS,
    SCALAR_PRESETS,
)
from app.web.explorers.registry import EXPLORERS

MATH_FONT = STATIC_DIR / "fonts" / "noto-sans-math.woff2"
PRESETS = {
    "scalar": SCALAR_PRESETS,
    "model": MODEL_PRESETS,
    "network": NETWORK_PRESETS,
    "batches": BATCHES_PRESETS,
}
PAGES = ["/", "/model?reduction=sum"] + [
    f"/{kind}?{EXPLORERS[kind].query(EXPLORERS[kind].values(p.values))}"
    for kind, presets in PRESETS.items()
    for p in presets
]


@cache
def characters_of(path: Path) -> frozenset[int]:
    return frozenset(TTFont(path).getBestCmap())


def math_italic(char: str) -> str:
    """The letter a browser draws for a one-letter <mi>: MathML Core's italic mapping."""
    if char == "h":
        return "\u210e"  # the italic h has its own place, outside the block
    if "a" <= char <= "z":
        return chr(0x1D44E + ord(char) - ord("a"))
    if "A" <= char <= "Z":
        return chr(0x1D434 + ord(char) - ord("A"))
    if "α" <= char <= "ω":
        return chr(0x1D6FC + ord(char) - ord("α"))
    return char


def test_the_math_font_keeps_its_math_table():
    font = TTFont(MATH_FONT)
    assert "MATH" in font
    assert font.flavor == "woff2"


@pytest.mark.parametrize("path", PAGES)
def test_the_math_font_has_every_character_the_formulas_draw(client, path):
    page = client.get(path).text
    needed = set()
    for formula in re.findall(r"<math.*?</math>", page, re.S):
        for identifier in re.findall(r"<mi>([^<]+)</mi>", formula):
            text = unescape(identifier)
            needed |= {math_italic(text)} if len(text) == 1 else set(text)
        needed |= set(unescape(re.sub(r"<[^>]+>", "", formula)))
    missing = {c for c in needed if not c.isspace() and ord(c) not in characters_of(MATH_FONT)}
    assert not missing, f"{path}: {sorted(missing)}"


@pytest.mark.parametrize("kind", EXPLORERS)
def test_the_chart_fonts_have_every_character_of_every_image(client, kind):
    covered = set().union(*(characters_of(Path(f)) for f in FONT_FILES))
    for preset in PRESETS[kind]:
        query = EXPLORERS[kind].query(EXPLORERS[kind].values(preset.values))
        for chart, _ in EXPLORERS[kind].charts:
            svg = client.get(f"/chart/{kind}/{chart}.svg?{query}").text
            text = "".join(ET.fromstring(svg).itertext())
            missing = {c for c in text if not c.isspace() and ord(c) not in covered}
            assert not missing, f"{kind}/{chart} ({preset.label}): {sorted(missing)}"
