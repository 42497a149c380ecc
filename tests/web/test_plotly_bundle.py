"""The Plotly.js the site serves: the cartesian bundle of exactly the plotly.js version that the
installed ``plotly`` package bundles, vendored byte for byte as npm publishes it, with its
licence (``app/web/plotly_bundle.py``, ``scripts/fetch_plotly.py``)."""

import base64
import hashlib

import plotly
import plotly.offline
import pytest

from app.web import plotly_bundle
from scripts.fetch_plotly import integrity_of


def test_the_bundle_is_the_plotly_js_version_the_python_package_bundles():
    bundled = plotly.offline.get_plotlyjs_version()
    assert bundled == plotly_bundle.VERSION, (
        f"plotly {plotly.__version__} bundles plotly.js {bundled}, but the site serves the "
        f"cartesian bundle of {plotly_bundle.VERSION}: fetch {plotly_bundle.PACKAGE}@{bundled} "
        f"with `python -m scripts.fetch_plotly --version {bundled}`"
    )
    assert plotly_bundle.header_version(plotly_bundle.BUNDLE.read_bytes()) == bundled


def test_the_vendored_files_are_npm_s_byte_for_byte_with_the_licence():
    bundle = plotly_bundle.BUNDLE.read_bytes()
    assert hashlib.sha256(bundle).hexdigest() == plotly_bundle.SHA256
    licence = plotly_bundle.LICENSE.read_text()
    assert licence.startswith("MIT License") and "Plotly Technologies Inc." in licence
    assert 1_000_000 < len(bundle) < 2_000_000  # a partial bundle, not the full 4.8 MB


def test_only_a_cartesian_bundle_banner_names_a_version():
    assert plotly_bundle.header_version(b"/**\n* plotly.js (cartesian - minified) v9.0.2\n") == (
        "9.0.2"
    )
    full = (plotly.offline.get_plotlyjs()[:200]).encode()  # the full bundle's banner
    with pytest.raises(ValueError, match=r"not a plotly\.js cartesian bundle"):
        plotly_bundle.header_version(full)


def test_integrity_is_npm_s_sha512_in_base64(tmp_path):
    tarball = tmp_path / "package.tgz"
    tarball.write_bytes(b"abc")
    digest = hashlib.sha512(b"abc").digest()
    assert integrity_of(tarball) == "sha512-" + base64.b64encode(digest).decode()
    assert integrity_of(tarball).startswith("sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05")
