"""Each API operation's Schemathesis test files its database entries under a key of its own."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """As Schemathesis's command line does: Hypothesis's key for a test is a digest of its
    function, which is the same for every operation of ``@schema.parametrize()``; adding the
    operation's label keeps one operation's failure from being replayed as another's."""
    for item in items:
        label = getattr(item, "operation_label", None)
        inner = getattr(getattr(item, "obj", None), "hypothesis", None)
        if label and inner is not None:
            inner.inner_test._hypothesis_internal_add_digest = label.encode()
