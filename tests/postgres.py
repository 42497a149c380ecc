"""Debian's PostgreSQL for a test: a server of its own on a temporary folder and a free loopback
port, run as the ``postgres`` user (initdb refuses root). Under CI=true a missing PostgreSQL is a
failure, never a skip: scripts/test installs Debian's package."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.lti.store import Store, metadata
from scripts.serving import free_port


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def as_postgres(*command: str) -> list[str]:
    """Run as the postgres user when this process is root (initdb refuses root)."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


@contextlib.contextmanager
def running_postgres() -> Iterator[str]:
    """A fresh PostgreSQL for the block; its SQLAlchemy URL (user ``lens``, trust auth)."""
    binaries = postgres_bin()
    if binaries is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL is missing; CI must install Debian's postgresql")
        pytest.skip("Debian's postgresql is not installed (apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="lens-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.STDOUT}
    subprocess.run(
        as_postgres(str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "lens"),
        check=True,
        **quiet,
    )
    port = free_port()
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg_ctl = str(binaries / "pg_ctl")
    subprocess.run(
        as_postgres(
            pg_ctl, "-D", str(data), "-o", options, "-w", "-l", str(folder / "log"), "start"
        ),
        check=True,
        **quiet,
    )
    try:
        yield f"postgresql+psycopg://lens@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(as_postgres(pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"), **quiet)
        shutil.rmtree(folder, ignore_errors=True)


def emptied(store: Store) -> Store:
    """``store`` with no rows: the session's PostgreSQL is shared by the tests that use it."""
    with store.engine.begin() as connection:
        for table in metadata.sorted_tables:
            connection.execute(table.delete())
    return store
