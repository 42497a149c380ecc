"""Save what a running Gradient Lens serves for a fixed list of URLs, to compare two builds.

    python -m scripts.snapshot_responses http://127.0.0.1:8000 /tmp/before
    python -m scripts.snapshot_responses http://127.0.0.1:8001 /tmp/after
    diff -r /tmp/before /tmp/after && echo "the same, byte for byte"

Each URL becomes one file: its status, content type and ETag on the first lines, then the body
exactly as sent (gzip is not asked for). Every request names the same ``Host``, so absolute
links in share panels and oEmbed answers do not differ by the port a build was started on.
Plotly's ``to_html`` gives a chart's ``<div>`` a new random id on every call, so in a body the
ids (UUIDs) are replaced by ``<uuid>``, and the ETag of such a body is left out.
Use it around a change that must not change behaviour (a restructuring, a refactor).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import urllib.error
import urllib.request
from pathlib import Path

HOST = "lens.example"
RANDOM_ID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

PAGE_QUERIES = (
    "",
    "?f=tanh(2x)&x=-1,0.5,2",
    "?f=sigmoid(x))&x=0,1",  # a parse error: the page opens on its message
)
MODEL_QUERIES = (
    "",
    "?model=theta*x&loss=y+-+f&params=theta%3D0&x=1,2,3&y=2,4,7&learning_rate=0.1&steps=50",
    "?model=sigmoid(w*x+%2B+b)&loss=(y+-+f)%5E2&params=w%3D-0.5,+b%3D0.5"
    "&x=-3,-2,-1.2,-0.5,0.3,0.8,1.5,2.5&y=0,0,0,1,0,1,1,1&learning_rate=2&steps=200",
    "?model=m*x+%2B+b&params=m%3D0,b%3D0&x=1,2&y=oops",
)
NETWORK_QUERIES = (
    "",
    "?dataset=moons&hidden=16,+16&activation=relu&learning_rate=0.3",
    "?activation=identity&dataset=moons&learning_rate=0.3",
    "?epochs=-1",
)

URLS = (
    "/",
    "/healthz",
    "/openapi.json",
    "/api/docs",
    *(f"/scalar{q}" for q in PAGE_QUERIES),
    *(f"/scalar/live{q}" for q in PAGE_QUERIES),
    *(f"/api/v1/scalar{q}" for q in PAGE_QUERIES),
    *(f"/model{q}" for q in MODEL_QUERIES),
    *(f"/model/live{q}" for q in MODEL_QUERIES),
    *(f"/api/v1/model{q}" for q in MODEL_QUERIES),
    *(f"/network{q}" for q in NETWORK_QUERIES),
    *(f"/network/live{q}" for q in NETWORK_QUERIES),
    *(f"/api/v1/network{q}" for q in NETWORK_QUERIES),
    "/batches",
    "/batches?batch_size=3&batches=40&seed=2",
    "/batches/live?batch_size=3",
    "/api/v1/batches?batch_size=3",
    "/embed/batches?chart=sweep",
    "/model?steps=20&step=5&reduction=sum",
    "/network?epochs=10&epoch=4",
    "/api/v1/network?epochs=10&epoch=4",
    "/embed/scalar",
    "/embed/scalar?f=tanh(x)&x=-1,2&theme=dark&controls=1",
    "/embed/scalar?chart=derivative",
    "/embed/scalar?chart=nope",
    "/embed/model?theme=dark",
    "/embed/model?chart=landscape&theme=dark",
    "/embed/network?controls=1",
    "/embed/network?chart=boundaries&theme=dark",
    "/embed/nothing",
    "/scalar/live?f=tanh(x)&x=-1,2&theme=dark",
    "/oembed?url=http%3A%2F%2Flens.example%2F",
    "/oembed?url=http%3A%2F%2Flens.example%2Fmodel%3Fsteps%3D5&maxwidth=400&maxheight=300",
    "/oembed?url=http%3A%2F%2Flens.example%2Fembed%2Fnetwork",
    "/oembed?url=http%3A%2F%2Flens.example%2Fnowhere",
    "/export/scalar/points.csv?f=tanh(x)&x=-1,2",
    "/export/scalar/nope.csv",
    "/export/model/per-example.csv",
    "/export/model/trajectories.csv",
    "/export/network/training.csv",
    "/export/network/layers.csv",
    "/export/scalar/derivative.html",
    "/export/model/landscape.html?steps=5",
    "/export/network/nope.html",
    "/no-such-page",
    # Plotly's figures for good and refused queries, the API's answers to the same refusals
    "/scalar/figures?f=tanh(x)&x=-1,2&theme=dark",
    "/scalar/figures?f=sigmoid(x))&x=0,1",
    "/model/figures?x=1,2&y=1",
    "/network/figures?hidden=64,64,64",
    "/api/v1/network?hidden=64,64,64",
    "/batches/figures?batch_size=3",
    "/batches/figures?batch_size=99",
    "/api/v1/batches?batch_size=99",
    "/api/v1/batches?batches=all&x=" + ",".join(map(str, range(17))) + "&y=" + "0," * 16 + "0",
    # oEmbed for a URL on another host than the one asked
    "/oembed?url=http%3A%2F%2Fevil.example%2Fscalar",
)


def file_name(url: str) -> str:
    """A readable, unique file name for ``url``."""
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", url).strip("_")[:80] or "root"
    return f"{readable}-{hashlib.sha256(url.encode()).hexdigest()[:8]}.txt"


def fetch(base: str, url: str) -> bytes:
    request = urllib.request.Request(base + url, headers={"Host": HOST})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read()
    body, random_ids = RANDOM_ID.subn(b"<uuid>", body)
    etag = "(left out: the body had random ids)" if random_ids else headers.get("etag")
    head = f"{url}\n{status}\n{headers.get('content-type')}\n{etag}\n"
    return head.encode() + body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the running app, e.g. http://127.0.0.1:8000")
    parser.add_argument("folder", type=Path, help="where to write one file per URL")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    for url in URLS:
        (args.folder / file_name(url)).write_bytes(fetch(args.base.rstrip("/"), url))
    print(f"{len(URLS)} responses saved in {args.folder}")


if __name__ == "__main__":
    main()
