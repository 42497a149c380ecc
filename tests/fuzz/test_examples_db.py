"""The database of failures found by exploring: kept entries are never dropped, and each one
belongs to an operation the schema still has (else the suite would silently not replay it)."""

import schemathesis

from app.main import app
from tests.fuzz.examples_db import FOUND, KeptExampleDatabase, database_key, kept_labels


def test_the_kept_database_forgets_nothing_it_started_with_and_keeps_what_it_finds(tmp_path):
    key = database_key("GET /api/v1/example")
    KeptExampleDatabase(tmp_path).save(key, b"found before")
    database = KeptExampleDatabase(tmp_path)  # a new exploring run
    database.save(key, b"found now")
    database.save(key, b"shrunk away")
    database.delete(key, b"found before")  # Hypothesis: it passes now
    database.delete(key, b"shrunk away")  # Hypothesis: a smaller case replaced it
    database.move(key, key + b".secondary", b"found before")
    assert sorted(database.fetch(key)) == [b"found before", b"found now"]
    assert list(database.fetch(key + b".secondary")) == [b"found before"]
    assert kept_labels(tmp_path) == {"GET /api/v1/example"}


def test_every_kept_failure_belongs_to_an_operation_of_the_schema():
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = {result.ok().label for result in schema.get_all_operations()}
    kept = kept_labels(FOUND)
    assert "GET /api/v1/network" in kept  # ?epoch=..&epoch=..&epoch=0.0, answered 200 once
    assert kept <= operations
