"""The Hypothesis database of API failures found by exploring, kept in the repo.

Every suite run replays each entry before generating anything (Hypothesis's reuse phase), so a
failure found once is tried again in every run, even after its fix. The suite only reads it
(``replayed_only``): a run never changes files under version control. ``scripts.explore_api``
writes to it through ``KeptExampleDatabase``, which adds what a run finds and never forgets an
entry it started with (Hypothesis would otherwise drop a case as soon as it passes).

The entries are Hypothesis's choice sequences, which only decode to the same requests with the
same Hypothesis and Schemathesis versions and the same schema: pyproject.toml pins both.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis.database import DirectoryBasedExampleDatabase, ReadOnlyDatabase

FOUND = Path(__file__).resolve().parent / "found_failures"
KEY_PREFIX = b"schemathesis "


def database_key(label: str) -> bytes:
    """The key an operation's cases are filed under: its label, ``GET /api/v1/network``."""
    return KEY_PREFIX + label.encode()


def kept_labels(path: Path) -> set[str]:
    """The operations that have cases in the database at ``path``, by label (Hypothesis keeps
    every key it has filed cases under, and its secondary keys, in a list of its own)."""
    keys = DirectoryBasedExampleDatabase(path).fetch(DirectoryBasedExampleDatabase._metakeys_name)
    return {
        key.removeprefix(KEY_PREFIX).removesuffix(b".secondary").removesuffix(b".pareto").decode()
        for key in keys
        if key.startswith(KEY_PREFIX)
    }


def replayed_only(path: Path) -> ReadOnlyDatabase:
    """The database at ``path`` for reading: Hypothesis replays it, saves and deletes nothing."""
    return ReadOnlyDatabase(DirectoryBasedExampleDatabase(path))


class KeptExampleDatabase(DirectoryBasedExampleDatabase):
    """A directory database that keeps every entry it held when opened.

    Entries saved during this run behave as usual (Hypothesis moves and deletes them while it
    shrinks a failure to its smallest form); deleting an earlier one is ignored, and moving it
    copies it."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.kept = frozenset(Path(path).glob("*/*"))

    def delete(self, key: bytes, value: bytes) -> None:
        if self._value_path(key, value) not in self.kept:
            super().delete(key, value)

    def move(self, src: bytes, dest: bytes, value: bytes) -> None:
        if self._value_path(src, value) in self.kept:
            self.save(dest, value)
        else:
            super().move(src, dest, value)
