"""The Plotly.js that pages and exported files use: plotly.js's official cartesian partial bundle
(npm ``plotly.js-cartesian-dist-min``), vendored in ``app/web/vendor/`` with its licence.

The charts draw four trace types (scatter, bar, heatmap, contour); the cartesian bundle has
them and a dozen more in 1.5 MB (444 kB in Brotli), where the full bundle the ``plotly`` Python
package ships is 4.8 MB (1.23 MB) and takes three times as long to evaluate. It is kept at
exactly the plotly.js version the installed ``plotly`` package bundles, so figures built with
its conventions draw the same (a test fails, naming the version to fetch, when they part).
``python -m scripts.fetch_plotly`` fetches the pinned package again and checks it against these
hashes; ``--version X`` fetches another version and rewrites the pins below.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = "plotly.js-cartesian-dist-min"
VERSION = "4.1.1"
# npm's integrity of the package tarball (what the registry publishes), and the file's own hash
TARBALL_INTEGRITY = "sha512-o8GrFeusncwBIxbBynRJpY4pkgVB6caM+JLpwrLYbbsO7dZ8FJ+SVN2Fr+L7kiG/Z6w4P5O0Jus/Qr5EefHVeg=="  # noqa: E501
SHA256 = "79542150855a52c567260e3137095dbe2b744e6d702a5cabe67da246942fba7a"

VENDOR_DIR = Path(__file__).resolve().parent / "vendor"
BUNDLE = VENDOR_DIR / "plotly-cartesian.min.js"
LICENSE = VENDOR_DIR / "plotly.js-LICENSE"
MEMBERS = {"package/plotly-cartesian.min.js": BUNDLE, "package/LICENSE": LICENSE}
"""Where each file of the npm tarball goes."""

COMPILE_HINT = b"//# allFunctionsCalledOnLoad\n"
"""V8's explicit compile hint (Chromium 136 and later; other engines read a comment). Nearly
every function in the bundle runs while it is evaluated (Plotly registers its modules), so
compiling them all ahead, on a background thread while the preloaded file streams in, takes
a third off the main thread's evaluation here (about 290 -> 185 ms, preloaded, cold)."""


def served_bytes() -> bytes:
    """The bundle as pages load it: the vendored file, byte for byte, after the compile hint."""
    return COMPILE_HINT + BUNDLE.read_bytes()


def header_version(bundle: bytes) -> str:
    """The version the bundle's own banner states: ``plotly.js (cartesian - minified) vX``."""
    banner = bundle[:200].decode("ascii", "replace")
    marker = "plotly.js (cartesian - minified) v"
    if marker not in banner:
        raise ValueError("not a plotly.js cartesian bundle")
    return banner.split(marker, 1)[1].split()[0]
