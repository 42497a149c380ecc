"""The LTI settings, read from the environment (README: "LTI 1.3").

LTI_DATABASE_URL   any SQLAlchemy URL (``postgresql+psycopg://...`` when several replicas
                   serve); default a SQLite file in LTI_DATA_DIR, created on first use.
LTI_DATA_DIR       where the default database and the development key live (``var/lti``).
LTI_PRIVATE_KEY    the tool's RSA private key as PEM text, or LTI_PRIVATE_KEY_FILE its path:
                   the same on every replica.
LTI_PREVIOUS_KEYS_FILE  PEM keys (public or private) still published in the JWKS after a
                   rotation, so platforms holding tokens signed by them can still check them.
LTI_REGISTRATIONS_FILE  static registrations (platforms registered by hand), JSON.
LTI_FRAME_ORIGINS  extra origins allowed to frame /lti/* (Canvas: the school's own domain).
LTI_DYNAMIC_REGISTRATION=off  only the static registrations: /lti/register refuses.
ENVIRONMENT=production  no development key is ever made: LTI answers 503 until a key is set.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class LtiConfig:
    database_url: str
    data_dir: Path
    private_key: str | None  # PEM text
    private_key_file: Path | None
    previous_keys_file: Path | None
    registrations_file: Path | None
    frame_origins: tuple[str, ...]
    production: bool
    dynamic_registration: bool = True

    @classmethod
    def from_environment(cls) -> LtiConfig:
        env = os.environ
        data_dir = Path(env.get("LTI_DATA_DIR") or ROOT / "var" / "lti")
        return cls(
            database_url=env.get("LTI_DATABASE_URL") or f"sqlite:///{data_dir / 'lti.sqlite3'}",
            data_dir=data_dir,
            private_key=env.get("LTI_PRIVATE_KEY") or None,
            private_key_file=_path(env.get("LTI_PRIVATE_KEY_FILE")),
            previous_keys_file=_path(env.get("LTI_PREVIOUS_KEYS_FILE")),
            registrations_file=_path(env.get("LTI_REGISTRATIONS_FILE")),
            frame_origins=tuple(env.get("LTI_FRAME_ORIGINS", "").replace(",", " ").split()),
            production=env.get("ENVIRONMENT", "").lower() == "production",
            dynamic_registration=env.get("LTI_DYNAMIC_REGISTRATION", "on").lower() != "off",
        )


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None
