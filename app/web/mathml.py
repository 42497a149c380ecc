"""LaTeX to MathML on the server, so formulas render as math with no JavaScript."""

from __future__ import annotations

from functools import lru_cache

from latex2mathml.converter import convert
from markupsafe import Markup


@lru_cache(maxsize=1024)
def math_inline(latex: str) -> Markup:
    """Inline MathML for ``latex`` (produced by our printer or written in a template)."""
    return Markup(convert(latex.strip(), display="inline"))


@lru_cache(maxsize=256)
def math_block(latex: str) -> Markup:
    """Display-style MathML on its own line, in a wrapper that scrolls sideways on narrow
    screens and can take keyboard focus so that scrolling works without a mouse."""
    return Markup('<div class="math-display" tabindex="0">{}</div>').format(
        Markup(convert(latex.strip(), display="block"))
    )
