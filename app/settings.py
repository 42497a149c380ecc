"""Serving settings, read once from the environment.

HOST, PORT, WORKERS, LOG_LEVEL; ROOT_PATH, the path prefix the app is served under behind a
proxy (``/course/lens``: every link, asset, form, socket and snippet then carries it); and
FORWARDED_ALLOW_IPS, the proxy addresses whose X-Forwarded-Proto and X-Forwarded-For are
believed (docs/deploy.md). FRAMES_AFTER_MS and FRAMES_EVERY_MS: how long a network run trains
before the live feed sends a frame of it on the way, and how often after that (a run done
sooner is answered once; 0 and 0 send every frame epoch).
PUBLIC_HOSTS: the hosts (``host`` or ``host:port``, comma-separated) whose page URLs /oembed
answers for besides the request's own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    log_level: str = "info"
    root_path: str = ""
    forwarded_allow_ips: str = "127.0.0.1"
    frames_after_ms: float = 100.0
    frames_every_ms: float = 250.0
    public_hosts: tuple[str, ...] = ()

    @classmethod
    def from_environment(cls) -> Settings:
        return cls(
            host=os.environ.get("HOST", cls.host),
            port=int(os.environ.get("PORT", cls.port)),
            workers=int(os.environ.get("WORKERS", cls.workers)),
            log_level=os.environ.get("LOG_LEVEL", cls.log_level),
            root_path=os.environ.get("ROOT_PATH", cls.root_path).rstrip("/"),
            forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", cls.forwarded_allow_ips),
            frames_after_ms=float(os.environ.get("FRAMES_AFTER_MS", cls.frames_after_ms)),
            frames_every_ms=float(os.environ.get("FRAMES_EVERY_MS", cls.frames_every_ms)),
            public_hosts=tuple(
                host.strip().lower()
                for host in os.environ.get("PUBLIC_HOSTS", "").split(",")
                if host.strip()
            ),
        )
