"""Every way a launch, a login, a registration or a pick can be wrong is refused with a 4xx page
that says why, and leaves nothing behind: no registration, no spent nonce, nothing inserted."""

from __future__ import annotations

import base64
import json
import re
import time
from html import unescape

import jwt
import pytest
import requests

from tests.lti.driver import Launch, begin, read_forms, submit


def reason(response: requests.Response) -> str:
    found = re.search(r'id="reason">(.*?)</p>', response.text, re.DOTALL)
    assert found, response.text
    return unescape(found.group(1))


def claims_of(launch: Launch) -> dict:
    return jwt.decode(launch.fields["id_token"], options={"verify_signature": False})


def signed_by_platform(platform, claims: dict) -> str:
    """``claims`` signed with the platform's own key, as a platform would sign them."""
    return platform.registration(platform.only_tool()).platform_encode_and_sign(claims)


@pytest.fixture
def unchanged(platform, registered):
    """Asserts, after the test, that the tool stored nothing and the platform inserted nothing."""
    before = registered.store.counts()
    inserted = len(platform.inserted)
    yield
    after = registered.store.counts()
    assert after["registrations"] == before["registrations"]
    assert after["spent"] == before["spent"]
    assert len(platform.inserted) == inserted


def refused(response: requests.Response, status: int, *words: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'self' *;" in response.headers["content-security-policy"] + ";"
    text = reason(response)
    for word in words:
        assert word in text, text


def test_a_tampered_token(platform, unchanged):
    launch = begin(platform.start_url("deep"))
    header, body, signature = launch.fields["id_token"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=="))
    claims["sub"] = "someone-else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    answer = launch.post(id_token=f"{header}.{forged}.{signature}")
    refused(answer, 401, "signature does not match", "altered")


def test_an_expired_token(platform, unchanged):
    launch = begin(platform.start_url("deep"))
    claims = {**claims_of(launch), "iat": int(time.time()) - 900, "exp": int(time.time()) - 600}
    refused(launch.post(id_token=signed_by_platform(platform, claims)), 401, "expired")


def test_a_token_for_another_audience(platform, unchanged):
    launch = begin(platform.start_url("deep"))
    claims = {**claims_of(launch), "aud": "another-tool", "azp": "another-tool"}
    answer = launch.post(id_token=signed_by_platform(platform, claims))
    refused(answer, 401, "'another-tool'", "audience", platform.issuer)


def test_an_unknown_deployment(platform, unchanged):
    launch = begin(platform.start_url("deep"))
    claims = {
        **claims_of(launch),
        "https://purl.imsglobal.org/spec/lti/claim/deployment_id": "deployment-elsewhere",
    }
    answer = launch.post(id_token=signed_by_platform(platform, claims))
    refused(answer, 403, "'deployment-elsewhere'", "not registered")


def test_an_unknown_issuer_at_launch_and_at_login(platform, registered, unchanged):
    launch = begin(platform.start_url("deep"))
    claims = {**claims_of(launch), "iss": "https://lms.example.edu"}
    answer = launch.post(id_token=signed_by_platform(platform, claims))
    refused(answer, 403, "No platform with issuer https://lms.example.edu")
    login = requests.get(
        f"{registered.url}/lti/login",
        params={"iss": "https://lms.example.edu", "login_hint": "u1"},
        allow_redirects=False,
        timeout=10,
    )
    refused(login, 403, "https://lms.example.edu", "is registered")
    assert "set-cookie" not in login.headers


def test_a_replayed_token(platform, registered):
    launch = begin(platform.start_url("deep"))
    assert launch.post().status_code == 200
    spent = registered.store.counts()["spent"]
    refused(launch.post(), 403, "already used", "replayed")
    assert registered.store.counts()["spent"] == spent


def test_a_launch_without_the_state_cookie(platform, unchanged):
    launch = begin(platform.start_url("deep"))
    refused(launch.post(cookies={}), 401, "without the cookie", "allow cookies")
    other = begin(platform.start_url("deep"))  # another login's cookie is no better
    refused(launch.post(cookies=other.cookies), 401, "without the cookie")


def test_a_login_aimed_at_another_target(platform, registered, unchanged):
    tool = platform.only_tool()
    login = requests.get(
        f"{registered.url}/lti/login",
        params={
            "iss": platform.issuer,
            "login_hint": "u1",
            "client_id": tool.client_id,
            "target_link_uri": "https://evil.example/launch",
        },
        allow_redirects=False,
        timeout=10,
    )
    refused(login, 400, "target_link_uri", "https://evil.example/launch")


@pytest.fixture
def picker_form(platform, registered):
    """The picker's form, opened by a deep-linking launch; after the test, nothing more was
    stored or inserted than that launch's spent nonce."""
    launch = begin(platform.start_url("deep"))
    picker = launch.post()
    assert picker.status_code == 200
    (form,) = [f for f in read_forms(picker.text).forms if f.action.endswith("/lti/picker")]
    before, inserted = registered.store.counts(), len(platform.inserted)
    yield form
    assert registered.store.counts() == before
    assert len(platform.inserted) == inserted


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"url": "https://example.com/scalar?f=x"}, "url", ["example.com is not this"]),
        ({"url": "/nowhere"}, "url", ["not a Gradient Lens view", "/nowhere"]),
        ({"url": "javascript:alert(1)"}, "url", ["not a web address"]),
        ({"url": "/scalar?f=sin(&x=1"}, "url", ["the view shows an error"]),
        ({"url": "/scalar", "chart": "landscape"}, "chart", ["has no chart 'landscape'"]),
        ({"width": "12"}, "width", ["from 100 to 4000"]),
        ({"theme": "neon"}, "theme", ["light or dark"]),
    ],
    ids=["other-site", "no-such-page", "not-http", "bad-function", "wrong-chart", "tiny", "theme"],
)
def test_a_picked_address_that_is_no_view(registered, picker_form, fields, field, words):
    form = picker_form
    answer = submit(form, registered.url, **fields)
    assert answer.status_code == 422
    message = re.search(rf'id="{field}-error">(.*?)</p>', answer.text, re.DOTALL).group(1)
    for word in words:
        assert word in unescape(message), message
    assert f'aria-invalid="true" aria-describedby="{field}-error"' in answer.text
    assert "JWT" not in answer.text  # nothing signed, nothing posted back
    again = [f for f in read_forms(answer.text).forms if f.action.endswith("/lti/picker")]
    assert again[0].fields["picker"] == form.fields["picker"]  # the instructor can correct it


def test_the_picked_address_is_escaped_when_echoed(registered, picker_form):
    answer = submit(picker_form, registered.url, url='/<script>alert("x")</script>')
    assert answer.status_code == 422
    assert "<script>alert" not in answer.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in answer.text


def test_an_altered_picker_field(registered, picker_form):
    header, body, signature = picker_form.fields["picker"].split(".")
    answer = submit(picker_form, registered.url, picker=f"{header}.{body}x.{signature}")
    refused(answer, 401, "altered")


def test_a_registration_the_platform_refuses(platform, registered, unchanged):
    query = {
        "openid_configuration": f"{platform.url}/.well-known/openid-configuration",
        "registration_token": "not-a-token-the-platform-issued",
    }
    answer = requests.get(f"{registered.url}/lti/register", params=query, timeout=30)
    refused(answer, 502, "registration failed")
    not_https = {**query, "openid_configuration": "http://lms.example.edu/openid"}
    answer = requests.get(f"{registered.url}/lti/register", params=not_https, timeout=30)
    refused(answer, 400, "must be an https:// address")
    bare = requests.get(f"{registered.url}/lti/register", timeout=30)
    refused(bare, 400, "dynamic registration", "setup page")


def test_a_registration_whose_issuer_is_not_its_address(platform, tool, unchanged):
    original = platform.url
    platform.url = original.replace("127.0.0.1", "localhost")  # the issuer it announces
    try:
        query = {
            "openid_configuration": f"{original}/.well-known/openid-configuration",
            "registration_token": platform.new_registration_token(),
        }
        answer = requests.get(f"{tool.url}/lti/register", params=query, timeout=30)
    finally:
        platform.url = original
    refused(answer, 400, "names issuer", "does not begin")
