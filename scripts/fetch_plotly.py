"""Fetch the Plotly.js bundle the site serves (``app/web/plotly_bundle.py``) from the npm registry
and check it, with the machine's npm.

    python -m scripts.fetch_plotly                # the pinned version again: checked, rewritten
    python -m scripts.fetch_plotly --check        # only check the vendored copy against npm's
    python -m scripts.fetch_plotly --version 4.2  # another version: vendored, pins rewritten

The bundle is vendored (committed with its licence) so that a fresh clone, CI and the Docker
image serve it without reaching npm; this script is how it is refreshed and verified. The pinned
version's tarball must match ``TARBALL_INTEGRITY`` and its file ``SHA256``; for a new version
npm checks the tarball against the registry's published integrity, and the new pins are
written into ``app/web/plotly_bundle.py``. Move to the version the installed ``plotly`` Python
package bundles (``plotly.offline.get_plotlyjs_version()``): a test insists on it.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from app.web import plotly_bundle as pins

PINS_FILE = Path(pins.__file__)


def npm_pack(spec: str, workdir: Path) -> tuple[Path, str]:
    """The tarball of ``spec`` fetched by npm (which checks it against the registry), and the
    integrity npm reports for it."""
    result = subprocess.run(
        ["npm", "pack", spec, "--json", "--silent"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    )
    [packed] = json.loads(result.stdout)
    return workdir / packed["filename"], packed["integrity"]


def integrity_of(tarball: Path) -> str:
    """npm's integrity string of a file: ``sha512-`` and the Base64 of its SHA-512."""
    digest = hashlib.sha512(tarball.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode("ascii")


def members(tarball: Path) -> dict[str, bytes]:
    with tarfile.open(tarball) as archive:
        return {name: archive.extractfile(name).read() for name in pins.MEMBERS}


def fetched(version: str, expected_integrity: str | None) -> tuple[dict[str, bytes], str]:
    """The bundle's files from npm and the tarball's integrity, once checked (against the pin
    too, when there is one)."""
    with tempfile.TemporaryDirectory() as temp:
        tarball, reported = npm_pack(f"{pins.PACKAGE}@{version}", Path(temp))
        actual = integrity_of(tarball)
        if actual != reported or (expected_integrity and actual != expected_integrity):
            raise SystemExit(f"{tarball.name}: integrity {actual} is not the pinned one")
        files = members(tarball)
    bundle = files["package/plotly-cartesian.min.js"]
    if pins.header_version(bundle) != version:
        raise SystemExit(f"the bundle says v{pins.header_version(bundle)}, not v{version}")
    return files, actual


def rewrite_pins(version: str, integrity: str, sha256: str) -> None:
    text = PINS_FILE.read_text()
    for name, value in (("VERSION", version), ("SHA256", sha256)):
        text = re.sub(rf'^{name} = "[^"]*"', f'{name} = "{value}"', text, count=1, flags=re.M)
    text = re.sub(r'"sha512-[^"]*"', f'"{integrity}"', text, count=1)
    PINS_FILE.write_text(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--version", help="another plotly.js version (default: the pinned one)")
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    args = parser.parse_args()
    version = args.version or pins.VERSION
    pinned = version == pins.VERSION
    files, integrity = fetched(version, pins.TARBALL_INTEGRITY if pinned else None)
    bundle = files["package/plotly-cartesian.min.js"]
    sha256 = hashlib.sha256(bundle).hexdigest()
    if pinned and sha256 != pins.SHA256:
        raise SystemExit(f"the bundle's SHA-256 {sha256} is not the pinned {pins.SHA256}")
    if args.check:
        members_now = pins.MEMBERS.items()
        stale = [
            str(path)
            for name, path in members_now
            if not path.is_file() or path.read_bytes() != files[name]
        ]
        print("vendored copy differs from npm's: " + ", ".join(stale) if stale else "up to date")
        return 1 if stale else 0
    pins.VENDOR_DIR.mkdir(parents=True, exist_ok=True)
    for name, path in pins.MEMBERS.items():
        path.write_bytes(files[name])
    if not pinned:
        rewrite_pins(version, integrity, sha256)
    print(f"{pins.PACKAGE}@{version}: {len(bundle):,} bytes, sha256 {sha256}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
