"""Each API operation's Schemathesis test files its database entries under a key of its own."""

from __future__ import annotations

import pytest

from tests.fuzz.examples_db import database_key


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Hypothesis files a test's cases under a digest of the test function, the same for every
    operation of ``@schema.parametrize()`` and changed by any edit of its source. The key is
    the operation's label instead ("GET /api/v1/network"): one operation's failure is never
    replayed as another's, and the kept ones outlive edits of the test."""
    for item in items:
        label = getattr(item, "operation_label", None)
        if label and hasattr(getattr(item, "obj", None), "hypothesis"):
            item.obj._hypothesis_internal_database_key = database_key(label)
