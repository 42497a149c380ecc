"""PNG from a standalone chart SVG, with resvg (a Rust SVG renderer, as ``resvg-py``).

The fonts are the app's own (``static/fonts``, built by ``scripts/build_fonts.py``) and the
system's are skipped, so a PNG is the same on a laptop, in CI and in the slim Docker image.
"""

from __future__ import annotations

import resvg_py

from app.web.assets import STATIC_DIR

FONT_FILES = [
    str(STATIC_DIR / "fonts" / "noto-sans-charts.ttf"),
    str(STATIC_DIR / "fonts" / "noto-sans-math-charts.ttf"),  # symbols Noto Sans lacks
]
TEXT_FAMILY = "Noto Sans"


def png_bytes(svg: str) -> bytes:
    """``svg`` drawn at its intrinsic size (``standalone_svg``'s ``scale`` sets it)."""
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg,
            skip_system_fonts=True,
            font_files=FONT_FILES,
            font_family=TEXT_FAMILY,
            sans_serif_family=TEXT_FAMILY,
        )
    )
