"""Heatmaps and filled contours for the server-drawn charts, as one PNG image each
(a data URI), written with zlib alone."""

from __future__ import annotations

import base64
import struct
import zlib

import numpy as np

from app.web.charts.palette import BLUE
from app.web.charts.svg.axes import Axis
from app.web.charts.svg.elements import el


def raster(trace: dict, x_axis: Axis, y_axis: Axis) -> str:
    z = np.array(trace["z"], dtype=float)  # a gap (None) becomes NaN
    finite = z[np.isfinite(z)]  # a surface can be NaN or infinite everywhere (J overflows)
    low = trace.get("zmin", finite.min() if finite.size else 0.0)
    high = trace.get("zmax", finite.max() if finite.size else 1.0)
    scaled = np.clip((z - low) / ((high - low) or 1.0), 0, 1)
    rgb = _colour_map(np.nan_to_num(scaled), trace.get("colorscale", [[0, "#ffffff"], [1, BLUE]]))
    xs, ys = trace["x"], trace["y"]
    x0, x1 = x_axis(xs[0]), x_axis(xs[-1])
    y0, y1 = y_axis(ys[-1]), y_axis(ys[0])
    pixelated = "image-rendering:pixelated" if trace.get("type") == "heatmap" else None
    return el(
        "image",
        x=x0,
        y=y0,
        width=x1 - x0,
        height=y1 - y0,
        preserveAspectRatio="none",
        style=pixelated,
        href=_png(rgb[::-1]),
    )


def _colour_map(values: np.ndarray, scale: list) -> np.ndarray:
    stops = np.array([s[0] for s in scale], dtype=float)
    colours = np.array([[int(c[1][i : i + 2], 16) for i in (1, 3, 5)] for c in scale], dtype=float)
    channels = [np.interp(values, stops, colours[:, k]) for k in range(3)]
    return np.stack(channels, axis=-1).round().astype(np.uint8)


def _png(rgb: np.ndarray) -> str:
    height, width, _ = rgb.shape
    raw = b"".join(b"\x00" + row.tobytes() for row in rgb)

    def chunk(tag: bytes, payload: bytes) -> bytes:
        body = tag + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )
    return "data:image/png;base64," + base64.b64encode(png).decode()
