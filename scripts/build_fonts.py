"""Build the fonts the site ships in ``static/fonts/``, from real packages on the npm registry.

Run on demand (``.venv/bin/python -m scripts.build_fonts``) when the pages start to use new
characters; the output is committed, so serving and CI need neither npm nor fontTools.

- ``noto-sans-math.woff2``: Noto Sans Math (SIL Open Font License 1.1, from
  ``@fontsource/noto-sans-math``), with its OpenType MATH table, subset to the characters the
  pages' formulas use (and the math italic letters a browser draws for single-letter
  identifiers), so MathML looks the same on a device with no math font of its own.
- ``noto-sans-charts.ttf`` and ``noto-sans-math-charts.ttf``: Noto Sans (OFL 1.1, from
  ``@expo-google-fonts/noto-sans``) and the same math font as TrueType, subset to the
  characters chart text uses: what ``/chart/...png`` rasterises with, so a PNG looks the same
  on every server, the slim Docker image included.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FONTS_DIR = Path(__file__).resolve().parents[1] / "static" / "fonts"
MATH_PACKAGE = "@fontsource/noto-sans-math@5.3.0"
MATH_FILE = "package/files/noto-sans-math-latin-400-normal.woff2"
TEXT_PACKAGE = "@expo-google-fonts/noto-sans@0.4.2"
TEXT_FILE = "package/400Regular/NotoSans_400Regular.ttf"

# Text of charts and formulas: Latin, Greek, combining accents (x̄, θ̂), punctuation and
# primes, super- and subscripts, letter-like symbols (ℎ, ℝ), arrows and the operators that
# the printer and the explanations write.
TEXT_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0xFF),
    (0x100, 0x24F),  # Latin Extended-A and -B: ȳ
    (0x2C6, 0x2DC),
    (0x300, 0x308),
    (0x391, 0x3C9),
    (0x3D1, 0x3D1),
    (0x3D5, 0x3D5),
    (0x3F5, 0x3F5),
    (0x1D62, 0x1D6A),  # subscript letters: xᵢ
    (0x2010, 0x2044),
    (0x2057, 0x2057),
    (0x2070, 0x209F),
    (0x2100, 0x214F),
    (0x2190, 0x21D4),
    (0x2202, 0x2202),
    (0x2207, 0x2209),
    (0x220F, 0x221E),
    (0x2223, 0x222B),
    (0x2248, 0x2248),
    (0x2260, 0x2265),
    (0x226A, 0x226B),
    (0x22A4, 0x22A5),
    (0x22C5, 0x22C5),
    (0x2308, 0x230B),
    (0x27E8, 0x27E9),
)
# What the formulas draw: ASCII, Greek, accents and primes, the operators and arrows above, and
# the mathematical alphanumerics, in which MathML draws a one-letter <mi> (italic) and 𝔼
# (double-struck). Latin-1 and the extended Latin of chart text are left out: formulas have none.
FORMULA_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0xA0),
    (0xAF, 0xAF),  # the bar of x̄ (MATH_ALIASES)
    (0xB1, 0xB1),
    (0xB7, 0xB7),
    (0xD7, 0xD7),
    (0xF7, 0xF7),
    (0x300, 0x308),
    (0x391, 0x3C9),
    (0x3D1, 0x3D1),
    (0x3D5, 0x3D5),
    (0x3F5, 0x3F5),
    (0x2016, 0x2016),  # ‖
    (0x2026, 0x2026),  # …
    (0x2032, 0x2034),  # primes
    (0x2057, 0x2057),
    (0x210E, 0x210E),  # the italic h
    (0x2192, 0x2192),
    (0x21A6, 0x21A6),
    (0x2202, 0x2202),  # ∂
    (0x2207, 0x2208),  # ∇ ∈
    (0x2211, 0x2212),  # ∑ −
    (0x221A, 0x221A),  # √
    (0x221E, 0x221E),
    (0x2223, 0x2225),
    (0x2248, 0x2248),
    (0x2260, 0x2260),
    (0x2264, 0x2265),
    (0x22A4, 0x22A4),  # ⊤
    (0x22C5, 0x22C5),
    (0x1D434, 0x1D467),  # italic Latin
    (0x1D53C, 0x1D53C),  # 𝔼
    (0x1D6E2, 0x1D71B),  # italic Greek
)


def code_points(ranges: tuple[tuple[int, int], ...]) -> list[int]:
    return [point for low, high in ranges for point in range(low, high + 1)]


def unpacked(package: str, member: str, workdir: Path) -> Path:
    """``member`` of the npm tarball of ``package``, fetched with the machine's npm."""
    tarball = subprocess.run(
        ["npm", "pack", package, "--silent"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]
    with tarfile.open(workdir / tarball) as archive:
        archive.extract(member, workdir, filter="data")
    return workdir / member


# Characters the formulas use that Noto Sans Math draws under another code point: the bar of
# x̄ (LaTeX's \\bar, U+00AF MACRON in MathML) is its stretchable combining overline.
MATH_ALIASES = {0xAF: 0x305}


def with_aliases(font: TTFont, aliases: dict[int, int]) -> TTFont:
    """``font`` with each alias mapped to the glyph of its target, in every Unicode cmap."""
    for table in font["cmap"].tables:
        if table.isUnicode():
            for alias, target in aliases.items():
                if target in table.cmap and alias not in table.cmap:
                    table.cmap[alias] = table.cmap[target]
    return font


def subset_font(
    source: Path, target: Path, points: list[int], flavor: str | None, aliases: dict[int, int]
) -> None:
    options = subset.Options()
    options.layout_features = ["*"]  # keep every substitution: primes, accents, MATH variants
    options.flavor = flavor
    options.name_IDs = ["*"]  # keep the copyright and licence records
    options.notdef_outline = True
    font = with_aliases(TTFont(source), aliases)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    font.flavor = flavor
    font.save(target)
    print(f"{target.relative_to(FONTS_DIR.parents[1])}: {target.stat().st_size:,} bytes")


def main() -> int:
    FONTS_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        workdir = Path(temp)
        math_font = unpacked(MATH_PACKAGE, MATH_FILE, workdir)
        text_font = unpacked(TEXT_PACKAGE, TEXT_FILE, workdir)
        math_points, text_points = code_points(FORMULA_RANGES), code_points(TEXT_RANGES)
        subset_font(
            math_font, FONTS_DIR / "noto-sans-math.woff2", math_points, "woff2", MATH_ALIASES
        )
        subset_font(math_font, FONTS_DIR / "noto-sans-math-charts.ttf", text_points, None, {})
        subset_font(text_font, FONTS_DIR / "noto-sans-charts.ttf", text_points, None, {})
    return 0


if __name__ == "__main__":
    sys.exit(main())
