"""The tool's own pages and documents: the setup page, the JWKS (keys from the settings, the
development key, rotation, production without a key), the Canvas JSON, the picker's markup and
the /lti/* Content-Security-Policy."""

from __future__ import annotations

import re

import jwt
import pytest

from app.lti.config import LtiConfig
from app.lti.keys import DEV_KEY_NAME, KeyNotConfigured, ToolKeys, load_keys, new_private_key
from app.lti.store import PlatformRegistration
from app.lti.tool import current_tool
from app.middleware.security import policies
from app.web import theme

MOODLE = PlatformRegistration(
    "https://moodle.example.edu",
    "client-1",
    "https://login.moodle.example.edu/mod/lti/auth.php",
    "https://moodle.example.edu/mod/lti/token.php",
    "https://moodle.example.edu/mod/lti/certs.php",
)


def test_the_setup_page_gives_every_address_and_each_platforms_steps(lti_client):
    page = lti_client.get("/lti")
    assert page.status_code == 200
    for path in ("register", "canvas.json", "login", "launch", "jwks"):
        assert f"<code>http://testserver/lti/{path}</code>" in page.text
    for platform in ("Canvas", "Moodle", "Blackboard Learn", "Brightspace"):
        assert f"<h2>{platform}" in page.text
    assert "0 platform clients registered." in page.text
    assert "<script" not in page.text
    assert "/lti" not in lti_client.get("/openapi.json").text


def test_the_jwks_publishes_the_settings_key_with_its_kid(lti_client, tmp_path, monkeypatch):
    pem = new_private_key()
    (tmp_path / "tool.pem").write_text(pem)
    monkeypatch.setenv("LTI_PRIVATE_KEY_FILE", str(tmp_path / "tool.pem"))
    (key,) = lti_client.get("/lti/jwks").json()["keys"]
    assert key["kid"] == ToolKeys.from_pems(pem).kid
    assert (key["kty"], key["alg"], key["use"]) == ("RSA", "RS256", "sig")
    assert not {"d", "p", "q", "dp", "dq", "qi"} & set(key)  # nothing private
    assert not (tmp_path / DEV_KEY_NAME).exists()  # a configured key: no development key made


def test_a_key_given_as_text_is_the_same_key(tmp_path):
    pem = new_private_key()
    (tmp_path / "tool.pem").write_text(pem)
    base = LtiConfig.from_environment()
    as_file = load_keys(base.__class__(**{**vars(base), "private_key_file": tmp_path / "tool.pem"}))
    as_text = load_keys(base.__class__(**{**vars(base), "private_key": pem.replace("\n", "\\n")}))
    assert as_file.kid == as_text.kid


def test_rotation_publishes_the_old_key_beside_the_new_one(lti_client, tmp_path, monkeypatch):
    old, new = new_private_key(), new_private_key()
    (tmp_path / "new.pem").write_text(new)
    (tmp_path / "old.pem").write_text(old)
    monkeypatch.setenv("LTI_PRIVATE_KEY_FILE", str(tmp_path / "new.pem"))
    monkeypatch.setenv("LTI_PREVIOUS_KEYS_FILE", str(tmp_path / "old.pem"))
    keys = lti_client.get("/lti/jwks").json()["keys"]
    assert [k["kid"] for k in keys] == [ToolKeys.from_pems(new).kid, ToolKeys.from_pems(old).kid]
    # a picker token signed by a replica still on the old key is still good
    signed_before = ToolKeys.from_pems(old).sign({"aud": "picker", "n": 1}, 60)
    assert current_tool().keys.verify(signed_before, "picker")["n"] == 1
    stranger = ToolKeys.from_pems(new_private_key()).sign({"aud": "picker"}, 60)
    with pytest.raises(jwt.InvalidTokenError):
        current_tool().keys.verify(stranger, "picker")


def test_the_development_key_is_made_once_and_kept(lti_client, tmp_path):
    first = lti_client.get("/lti/jwks").json()
    assert (tmp_path / DEV_KEY_NAME).stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "lti.sqlite3").exists()  # the database too, on first use
    base = LtiConfig.from_environment()
    assert load_keys(base).kid == first["keys"][0]["kid"]  # a second process: the same key


def test_production_never_makes_a_key(lti_client, tmp_path, monkeypatch):
    monkeypatch.setenv("ENVIRONMENT", "production")
    with pytest.raises(KeyNotConfigured):
        load_keys(LtiConfig.from_environment())
    for path in ("/lti", "/lti/jwks", "/lti/login?iss=x&login_hint=y"):
        answer = lti_client.get(path)
        assert answer.status_code == 503
        assert "LTI_PRIVATE_KEY_FILE" in answer.text
    assert not (tmp_path / DEV_KEY_NAME).exists()
    assert lti_client.get("/scalar").status_code == 200  # the rest of the site serves on


def test_the_canvas_configuration(lti_client):
    config = lti_client.get("/lti/canvas.json").json()
    assert config["oidc_initiation_url"] == "http://testserver/lti/login"
    assert config["target_link_uri"] == "http://testserver/lti/launch"
    assert config["public_jwk_url"] == "http://testserver/lti/jwks"
    assert config["scopes"] == []
    (extension,) = config["extensions"]
    assert extension["privacy_level"] == "anonymous"  # Canvas then sends only an opaque sub
    placements = extension["settings"]["placements"]
    assert [(p["placement"], p["message_type"]) for p in placements] == [
        ("editor_button", "LtiDeepLinkingRequest"),
        ("link_selection", "LtiDeepLinkingRequest"),
    ]


def directives(response) -> dict[str, str]:
    policy = response.headers["content-security-policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def test_lti_pages_are_framed_only_by_registered_platforms(lti_client, monkeypatch):
    monkeypatch.setenv("LTI_FRAME_ORIGINS", "https://school.instructure.com")
    current_tool().store.add_registration(MOODLE)
    answer = lti_client.get("/lti")
    policy = directives(answer)
    assert policy["frame-ancestors"] == (
        "'self' https://login.moodle.example.edu https://moodle.example.edu"
        " https://school.instructure.com"
    )
    assert policy["form-action"] == policy["frame-ancestors"]
    assert policy["script-src"] == "'self'"  # no inline script, not even the theme's
    assert "x-frame-options" not in answer.headers
    assert "1 platform client registered." in answer.text


def test_every_other_page_keeps_its_policy(lti_client):
    current_tool().store.add_registration(MOODLE)
    page_policy, embed_policy = policies(theme.INLINE_SCRIPTS)
    assert lti_client.get("/").headers["content-security-policy"] == page_policy
    assert lti_client.get("/").headers["x-frame-options"] == "SAMEORIGIN"
    embed = lti_client.get("/embed/scalar").headers["content-security-policy"]
    assert embed == embed_policy
    assert "moodle" not in page_policy + embed_policy


def test_the_preview_shows_the_embed_or_says_why_not(lti_client):
    shown = lti_client.get(
        "/lti/preview",
        params={"url": "http://testserver/network?hidden=4", "chart": "", "theme": "dark"},
        follow_redirects=False,
    )
    assert shown.status_code == 303
    assert re.fullmatch(
        r"http://testserver/embed/network\?.*hidden=4.*&theme=dark", shown.headers["location"]
    )
    refused = lti_client.get("/lti/preview", params={"url": "/api/v1/scalar"})
    assert refused.status_code == 422
    assert "/api/v1/scalar is not one of its pages" in refused.text


def test_dynamic_registration_can_be_switched_off(lti_client, monkeypatch):
    monkeypatch.setenv("LTI_DYNAMIC_REGISTRATION", "off")
    answer = lti_client.get(
        "/lti/register",
        params={
            "openid_configuration": "https://lms.example.edu/openid",
            "registration_token": "t",
        },
    )
    assert answer.status_code == 403
    assert "LTI_DYNAMIC_REGISTRATION=off" in answer.text
    assert current_tool().store.counts()["registrations"] == 0
    assert "frame-ancestors 'self' *" in answer.headers["content-security-policy"]


def test_static_registrations_from_the_settings_file(lti_client, tmp_path, monkeypatch):
    (tmp_path / "platforms.json").write_text(
        '{"https://school.brightspace.com": {"client_id": "bs-1",'
        ' "auth_login_url": "https://school.brightspace.com/d2l/lti/authenticate",'
        ' "auth_token_url": "https://auth.brightspace.com/core/connect/token",'
        ' "key_set_url": "https://school.brightspace.com/d2l/.well-known/jwks",'
        ' "deployment_ids": ["dep-1"]}}'
    )
    monkeypatch.setenv("LTI_REGISTRATIONS_FILE", str(tmp_path / "platforms.json"))
    page = lti_client.get("/lti")
    assert "1 platform client registered." in page.text
    assert directives(page)["frame-ancestors"] == "'self' https://school.brightspace.com"
    login = lti_client.get(
        "/lti/login",
        params={"iss": "https://school.brightspace.com", "login_hint": "u", "client_id": "bs-1"},
        follow_redirects=False,
    )
    assert login.status_code == 302
    assert login.headers["location"].startswith(
        "https://school.brightspace.com/d2l/lti/authenticate?scope=openid&response_type=id_token"
    )
    assert current_tool().store.counts() == {"registrations": 0, "nonces": 1, "spent": 0}
