"""Platform registrations and spent nonces in a database (SQLAlchemy Core): SQLite by default, any
SQLAlchemy URL when several replicas serve (PostgreSQL). This is the only state LTI keeps, and
every replica reads the same rows, so a login answered by one replica and a launch answered by
another agree. Calls are synchronous: routes run them off the event loop.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import (
    JSON,
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

NONCE_LIFETIME = 600  # seconds between the login and its launch
NONCE_KEPT = 86_400  # a spent nonce is kept a day, past the lifetime of any token bearing it

metadata = MetaData()
registrations = Table(
    "lti_registrations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("issuer", String(512), nullable=False),
    Column("client_id", String(255), nullable=False),
    Column("auth_login_url", Text, nullable=False),
    Column("auth_token_url", Text, nullable=False),
    Column("key_set_url", Text, nullable=False),
    Column("deployment_ids", JSON, nullable=False),
    Column("created_at", Float, nullable=False),
    UniqueConstraint("issuer", "client_id"),
)
nonces = Table(
    "lti_nonces",
    metadata,
    Column("nonce", String(128), primary_key=True),
    Column("issued_at", Float, nullable=False),
    Column("used_at", Float, nullable=True),
)

NonceState = Literal["fresh", "unknown", "used", "expired"]


@dataclass(frozen=True)
class PlatformRegistration:
    """What the tool knows of one platform client: where to send logins, whose keys to trust,
    and which deployments of it may launch (none listed: any deployment of this client)."""

    issuer: str
    client_id: str
    auth_login_url: str
    auth_token_url: str
    key_set_url: str
    deployment_ids: tuple[str, ...] = field(default=())

    def knows_deployment(self, deployment_id: str) -> bool:
        return not self.deployment_ids or deployment_id in self.deployment_ids


class Store:
    def __init__(self, url: str, static: Iterable[PlatformRegistration] = ()) -> None:
        self.url = url
        self.static = tuple(static)
        self.engine = _engine(url)
        _create_tables(self.engine)

    def close(self) -> None:
        """Close the pooled connections (tests open many stores; a server keeps its one)."""
        self.engine.dispose()

    # registrations

    def add_registration(self, registration: PlatformRegistration) -> None:
        """Store a registration; the same issuer and client again replaces the old one."""
        row = {
            "issuer": registration.issuer,
            "client_id": registration.client_id,
            "auth_login_url": registration.auth_login_url,
            "auth_token_url": registration.auth_token_url,
            "key_set_url": registration.key_set_url,
            "deployment_ids": list(registration.deployment_ids),
            "created_at": time.time(),
        }
        with self.engine.begin() as connection:
            connection.execute(
                delete(registrations).where(
                    registrations.c.issuer == registration.issuer,
                    registrations.c.client_id == registration.client_id,
                )
            )
            connection.execute(insert(registrations).values(**row))

    def registrations(self) -> list[PlatformRegistration]:
        """The static registrations, then the database's, oldest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(registrations).order_by(registrations.c.id)).all()
        stored = [
            PlatformRegistration(
                row.issuer,
                row.client_id,
                row.auth_login_url,
                row.auth_token_url,
                row.key_set_url,
                tuple(row.deployment_ids),
            )
            for row in rows
        ]
        return [*self.static, *stored]

    def find(self, issuer: str, client_id: str | None = None) -> list[PlatformRegistration]:
        return [
            r
            for r in self.registrations()
            if r.issuer == issuer and (client_id is None or r.client_id == client_id)
        ]

    # nonces

    def save_nonce(self, nonce: str) -> None:
        now = time.time()
        with self.engine.begin() as connection:
            connection.execute(delete(nonces).where(nonces.c.issued_at < now - NONCE_KEPT))
            connection.execute(insert(nonces).values(nonce=nonce, issued_at=now, used_at=None))

    def nonce_state(self, nonce: str) -> NonceState:
        with self.engine.connect() as connection:
            row = connection.execute(select(nonces).where(nonces.c.nonce == nonce)).first()
        if row is None:
            return "unknown"
        if row.used_at is not None:
            return "used"
        if row.issued_at < time.time() - NONCE_LIFETIME:
            return "expired"
        return "fresh"

    def spend_nonce(self, nonce: str) -> bool:
        """Mark the nonce used; False if it was already (a replay, or two launches racing)."""
        with self.engine.begin() as connection:
            result = connection.execute(
                update(nonces)
                .where(nonces.c.nonce == nonce, nonces.c.used_at.is_(None))
                .values(used_at=time.time())
            )
        return result.rowcount == 1

    def counts(self) -> dict[str, int]:
        """How many registrations, nonces and spent nonces the database holds."""
        with self.engine.connect() as connection:

            def count(table: Table, *where: Any) -> int:
                query = select(func.count()).select_from(table).where(*where)
                return connection.execute(query).scalar_one()

            return {
                "registrations": count(registrations),
                "nonces": count(nonces),
                "spent": count(nonces, nonces.c.used_at.is_not(None)),
            }


def _engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # several replicas may share the file: wait for a lock instead of failing at once
        return create_engine(url, connect_args={"timeout": 15})
    return create_engine(url, pool_pre_ping=True)


def _create_tables(engine: Engine) -> None:
    """Create the tables on first start; two replicas starting together may race to it."""
    try:
        metadata.create_all(engine)
    except (IntegrityError, OperationalError, ProgrammingError):
        metadata.create_all(engine)


def static_registrations(path: Path | None) -> list[PlatformRegistration]:
    """Registrations from a JSON file in pylti1p3's own format: each issuer to one client's
    settings or to a list of them (``client_id``, ``auth_login_url``, ``auth_token_url``,
    ``key_set_url``, ``deployment_ids``)."""
    if path is None:
        return []
    data = json.loads(path.read_text())
    found = []
    for issuer, clients in data.items():
        for client in clients if isinstance(clients, list) else [clients]:
            found.append(
                PlatformRegistration(
                    issuer,
                    client["client_id"],
                    client["auth_login_url"],
                    client["auth_token_url"],
                    client["key_set_url"],
                    tuple(client.get("deployment_ids", ())),
                )
            )
    return found
