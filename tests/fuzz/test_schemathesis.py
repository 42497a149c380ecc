"""Schemathesis against our own OpenAPI schema: every operation, every check, the examples,
coverage and fuzzing phases (settings in schemathesis.toml). A longer run:
``schemathesis run http://127.0.0.1:8000/openapi.json --max-examples 1000``."""

import schemathesis
from hypothesis import HealthCheck, settings

from app.main import app

schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case):
    case.call_and_validate()
