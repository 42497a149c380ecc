"""The registrations and nonces store on SQLite and on PostgreSQL (Debian's, started for the
test): what is stored comes back, a nonce is spent once even when two launches race for it, and
two replicas creating the tables at once both start."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import update

from app.lti.store import (
    NONCE_LIFETIME,
    PlatformRegistration,
    Store,
    nonces,
    static_registrations,
)
from tests.postgres import emptied

MOODLE = PlatformRegistration(
    "https://moodle.example.edu",
    "client-1",
    "https://moodle.example.edu/mod/lti/auth.php",
    "https://moodle.example.edu/mod/lti/token.php",
    "https://moodle.example.edu/mod/lti/certs.php",
    ("7",),
)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path) -> Iterator[Store]:
    if request.param == "sqlite":
        fresh = Store(f"sqlite:///{tmp_path / 'deep' / 'folder' / 'lti.sqlite3'}")
    else:
        fresh = emptied(Store(request.getfixturevalue("postgres_url")))
    yield fresh
    fresh.close()


def test_a_registration_comes_back_and_is_found_by_issuer_and_client(store):
    other = PlatformRegistration("https://canvas.instructure.com", "10000000000001", "a", "b", "c")
    store.add_registration(MOODLE)
    store.add_registration(other)
    assert store.registrations() == [MOODLE, other]
    assert store.find("https://moodle.example.edu") == [MOODLE]
    assert store.find("https://moodle.example.edu", "client-2") == []
    assert store.find("https://canvas.instructure.com", "10000000000001") == [other]
    assert other.knows_deployment("any") and not MOODLE.knows_deployment("8")


def test_registering_the_same_client_again_replaces_it(store):
    store.add_registration(MOODLE)
    again = PlatformRegistration(*[*vars(MOODLE).values()][:5], ("7", "8"))
    store.add_registration(again)
    assert store.registrations() == [again]
    assert store.counts()["registrations"] == 1


def test_a_nonce_is_fresh_once_then_spent(store):
    store.save_nonce("n-1")
    assert store.nonce_state("n-1") == "fresh"
    assert store.nonce_state("n-2") == "unknown"
    assert store.spend_nonce("n-1") is True
    assert store.nonce_state("n-1") == "used"
    assert store.spend_nonce("n-1") is False
    assert store.counts() == {"registrations": 0, "nonces": 1, "spent": 1}


def test_an_old_nonce_has_expired(store):
    store.save_nonce("old")
    with store.engine.begin() as connection:
        connection.execute(update(nonces).values(issued_at=time.time() - NONCE_LIFETIME - 1))
    assert store.nonce_state("old") == "expired"


def test_two_launches_racing_for_one_nonce_spend_it_once(store):
    store.save_nonce("raced")
    results: list[bool] = []
    barrier = threading.Barrier(8)

    def spend() -> None:
        barrier.wait()
        results.append(store.spend_nonce("raced"))

    threads = [threading.Thread(target=spend) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True]


def test_two_replicas_starting_together_share_the_tables(store):
    replicas = [Store(store.url) for _ in range(2)]
    replicas[0].add_registration(MOODLE)
    replicas[1].save_nonce("shared")
    assert store.registrations() == [MOODLE]
    assert replicas[0].nonce_state("shared") == "fresh"
    for replica in replicas:
        replica.close()


def test_static_registrations_come_first_in_pylti1p3s_format(tmp_path):
    path = tmp_path / "registrations.json"
    path.write_text(
        json.dumps(
            {
                "https://blackboard.com": [
                    {
                        "client_id": "app-1",
                        "auth_login_url": "https://developer.anthology.com/api/v1/gateway/oidcauth",
                        "auth_token_url": "https://developer.anthology.com/api/v1/gateway/oauth2/jwttoken",
                        "key_set_url": "https://developer.anthology.com/jwks.json",
                        "deployment_ids": ["d-1", "d-2"],
                    }
                ],
                "https://school.brightspace.com": {
                    "client_id": "bs-1",
                    "auth_login_url": "https://school.brightspace.com/d2l/lti/authenticate",
                    "auth_token_url": "https://auth.brightspace.com/core/connect/token",
                    "key_set_url": "https://school.brightspace.com/d2l/.well-known/jwks",
                },
            }
        )
    )
    static = static_registrations(path)
    assert [(r.issuer, r.client_id, r.deployment_ids) for r in static] == [
        ("https://blackboard.com", "app-1", ("d-1", "d-2")),
        ("https://school.brightspace.com", "bs-1", ()),
    ]
    store = Store(f"sqlite:///{tmp_path / 'lti.sqlite3'}", static)
    store.add_registration(MOODLE)
    assert store.registrations() == [*static, MOODLE]
    assert store.find("https://blackboard.com", "app-1") == static[:1]
    assert store.counts()["registrations"] == 1  # static ones are not copied into the database
    store.close()
