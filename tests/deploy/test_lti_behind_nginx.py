"""The LTI flow through real nginx in front of two replicas under /course/lens, sharing one
PostgreSQL and one key file (ENVIRONMENT=production: no development key anywhere): the login
answered by one replica, the launch by the other, and the picker's answer by either."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from app.lti.keys import DEV_KEY_NAME, ToolKeys, new_private_key
from app.lti.store import Store
from scripts.proxy import Deployment
from tests.conftest import nginx_or_skip
from tests.lti.driver import begin, read_forms, submit
from tests.lti.platform import Platform, Served
from tests.postgres import emptied

PREFIX = "/course/lens"


@pytest.fixture(scope="module")
def setting(
    tmp_path_factory, postgres_url
) -> Iterator[tuple[Deployment, Platform, Store, str, Path]]:
    nginx_or_skip()
    folder = tmp_path_factory.mktemp("lti-replicas")
    key = new_private_key()
    (folder / "tool.pem").write_text(key)
    store = emptied(Store(postgres_url))
    with Served() as platform:
        environment = {
            "ENVIRONMENT": "production",
            "LTI_DATABASE_URL": postgres_url,
            "LTI_PRIVATE_KEY_FILE": str(folder / "tool.pem"),
            "LTI_DATA_DIR": str(folder),
        }
        with pytest.MonkeyPatch.context() as patch:
            for name, value in environment.items():
                patch.setenv(name, value)
            deployment = Deployment(replicas=2, prefix=PREFIX, log_upstreams=True).start()
        try:
            yield deployment, platform, store, key, folder
        finally:
            store.close()
            deployment.stop()


def served_by(deployment: Deployment, method: str) -> list[tuple[str, str]]:
    """(request URI, the replica that answered it) for each ``method`` request nginx passed on."""
    lines = (deployment.folder / "upstreams.log").read_text().splitlines()
    return [(uri, upstream) for m, uri, upstream in map(str.split, lines) if m == method]


def replicas_that_answered(
    deployment: Deployment, method: str, matches: Callable[[str], bool], seconds: float = 10
) -> list[str]:
    """The replica that answered each ``method`` request whose URI ``matches``, once there is one.
    nginx writes a request's log line as it finishes it, which can be just after the client has
    read the answer: the line is waited for (one passed; 10 s at most), never assumed."""
    deadline = time.monotonic() + seconds
    while True:
        found = [upstream for uri, upstream in served_by(deployment, method) if matches(uri)]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.02)


def test_login_on_one_replica_and_launch_on_the_other(setting):
    deployment, platform, store, key, folder = setting
    query = {
        "openid_configuration": f"{platform.url}/.well-known/openid-configuration",
        "registration_token": platform.new_registration_token(),
    }
    registered = requests.get(f"{deployment.url}/lti/register", params=query, timeout=30)
    assert registered.status_code == 200, registered.text
    assert store.registrations()[0].issuer == platform.issuer
    tool = platform.only_tool()
    assert tool.login_url == f"{deployment.url}/lti/login"
    (jwk,) = requests.get(f"{deployment.url}/lti/jwks", timeout=10).json()["keys"]
    assert jwk["kid"] == ToolKeys.from_pems(key).kid  # the settings' key, on every replica

    launch = begin(platform.start_url("deep"))
    assert f"Path={PREFIX}/lti/" in launch.set_cookie_headers[0]
    picker = launch.post()
    assert picker.status_code == 200, picker.text
    login_path = urlsplit(tool.login_url).path
    logins = replicas_that_answered(deployment, "GET", lambda uri: uri.startswith(f"{login_path}?"))
    launches = replicas_that_answered(deployment, "POST", lambda uri: uri == f"{PREFIX}/lti/launch")
    assert len(logins) == 1 and len(launches) == 1
    assert logins[0] != launches[0]  # two replicas: the state lived in the cookie and database

    (form,) = [f for f in read_forms(picker.text).forms if f.action.endswith("/lti/picker")]
    assert form.action == f"{PREFIX}/lti/picker"
    answer = submit(form, f"http://127.0.0.1:{deployment.port}", url=f"{deployment.url}/batches")
    assert answer.status_code == 200, answer.text
    (back,) = read_forms(answer.text).forms
    accepted = requests.post(back.action, data=back.fields, timeout=30)
    assert accepted.status_code == 200, accepted.text
    link = platform.inserted[-2]
    assert link["url"] == f"{deployment.url}/lti/launch"
    assert link["custom"]["kind"] == "batches"

    shown = begin(platform.start_url("link", len(platform.inserted) - 2)).post()
    assert shown.status_code == 303
    assert shown.headers["location"].startswith(f"{deployment.url}/embed/batches?")
    embed = requests.get(shown.headers["location"], timeout=60)
    assert embed.status_code == 200 and 'id="batches-charts"' in embed.text
    assert store.counts()["spent"] == 2
    assert not (folder / DEV_KEY_NAME).exists()
