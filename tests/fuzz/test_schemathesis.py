"""Schemathesis against our own OpenAPI schema: every operation, every check, the examples,
coverage and fuzzing phases (settings in schemathesis.toml).

The suite's run is the same every time: a fixed seed, and first the failures found before,
replayed from the database kept in the repo (``examples_db.FOUND``, read-only here). Random
exploration is a script run on demand, against a real server, which saves what it finds into
that database: ``python -m scripts.explore_api --examples 2000``. The script runs this very
test (so the database's entries are filed under the same keys), told by ``EXPLORE_*``
environment variables where the server is, how many examples and which seed.
"""

import os

import schemathesis
from hypothesis import HealthCheck, settings

from app.main import app
from tests.fuzz.examples_db import FOUND, KeptExampleDatabase, replayed_only

SEED = 20251204  # the suite's fixed seed; the explore script draws a new one each run
EXAMPLES = 30

BASE_URL = os.environ.get("EXPLORE_BASE_URL")
if BASE_URL:  # scripts.explore_api: a real server, a new seed, failures saved
    schema = schemathesis.openapi.from_url(f"{BASE_URL}/openapi.json")
    schema.config.seed = int(os.environ["EXPLORE_SEED"])
    examples = int(os.environ["EXPLORE_EXAMPLES"])
    database = KeptExampleDatabase(FOUND)
else:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    schema.config.seed = SEED
    examples = EXAMPLES
    database = replayed_only(FOUND)


@schema.parametrize()
@settings(
    max_examples=examples,
    deadline=None,
    derandomize=False,  # the seed above fixes the run; derandomize would drop the database
    database=database,
    print_blob=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case):
    case.call_and_validate()
