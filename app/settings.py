"""Serving settings, read once from the environment (HOST, PORT, WORKERS, LOG_LEVEL)."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    log_level: str = "info"

    @classmethod
    def from_environment(cls) -> Settings:
        return cls(
            host=os.environ.get("HOST", cls.host),
            port=int(os.environ.get("PORT", cls.port)),
            workers=int(os.environ.get("WORKERS", cls.workers)),
            log_level=os.environ.get("LOG_LEVEL", cls.log_level),
        )
