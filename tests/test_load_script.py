"""A short run of the load script against the real server (the long one:
python -m scripts.load_test --connections 64 --seconds 60)."""

from scripts.load_test import ROUTES, run_load


def test_short_load_has_no_errors(server_url):
    results = run_load(server_url, connections=8, seconds=3)
    assert results.errors == []
    assert set(results.latencies) == set(ROUTES)  # every route was exercised
    assert all(len(v) >= 1 for v in results.latencies.values())
