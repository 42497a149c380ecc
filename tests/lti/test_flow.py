"""The whole LTI flow against the independent platform: dynamic registration, OIDC login, a
deep-linking request, the picker, the signed response the platform verifies and inserts, and a
resource-link launch that shows the chosen view."""

from __future__ import annotations

import html
import math
from urllib.parse import parse_qsl, urlsplit

import jwt
import pytest
import requests

from app.lti.store import PlatformRegistration
from app.web.explorers.registry import EXPLORERS
from tests.lti.driver import begin, read_forms, submit

LIGHT_LINE_FIT = "/model?model=m*x%2Bb&x=0,1,2&y=1,3,5.5&steps=10"


def test_dynamic_registration_stores_what_the_platform_answered(platform, registered):
    tool = platform.only_tool()
    (stored,) = registered.store.registrations()
    assert stored == PlatformRegistration(
        issuer=platform.issuer,
        client_id=tool.client_id,
        auth_login_url=f"{platform.url}/auth",
        auth_token_url=f"{platform.url}/token",
        key_set_url=f"{platform.url}/jwks",
        deployment_ids=(tool.deployment_id,),
    )
    sent = tool.registration
    configuration = sent["https://purl.imsglobal.org/spec/lti-tool-configuration"]
    assert configuration["claims"] == ["sub"]  # nothing but sub: no names, e-mail, roster
    assert sent["scope"] == ""  # no grades, no roster services
    assert sent["jwks_uri"] == f"{registered.url}/lti/jwks"
    assert sent["initiate_login_uri"] == f"{registered.url}/lti/login"
    assert sent["redirect_uris"] == [f"{registered.url}/lti/launch"]
    types = {m["type"] for m in configuration["messages"]}
    assert types == {"LtiDeepLinkingRequest", "LtiResourceLinkRequest"}


def test_the_registration_page_closes_by_a_script_file(registered):
    page = registered.registration_page
    assert "Gradient Lens is registered" in page.text
    (script,) = read_forms(page.text).scripts
    assert script["src"].startswith("/static/js/lti-close.js?v=")
    assert "<script>" not in page.text
    closing = requests.get(registered.url + script["src"], timeout=10).text
    assert 'postMessage({ subject: "org.imsglobal.lti.close" }, "*")' in closing
    assert "script-src 'self';" in page.headers["content-security-policy"]


def pick(platform, tool_url: str, **fields: str) -> requests.Response:
    """Open the picker from a deep-linking launch and submit it with ``fields``."""
    launch = begin(platform.start_url("deep"))
    picker = launch.post()
    assert picker.status_code == 200, picker.text
    (form,) = [f for f in read_forms(picker.text).forms if f.action.endswith("/lti/picker")]
    return submit(form, tool_url, **fields)


def answer_to_platform(answer: requests.Response) -> requests.Response:
    (form,) = read_forms(answer.text).forms
    assert set(form.fields) == {"JWT"}
    return requests.post(form.action, data=form.fields, timeout=30)


@pytest.mark.parametrize(
    ("accept_types", "multiple", "inserted_types"),
    [
        (["ltiResourceLink", "html"], True, ["ltiResourceLink", "html"]),
        (["ltiResourceLink"], True, ["ltiResourceLink"]),
        (["ltiResourceLink", "html"], False, ["ltiResourceLink"]),
    ],
    ids=["both-items", "resource-link-only", "one-item-only"],
)
def test_deep_linking_answer_is_verified_and_inserted(
    platform, registered, accept_types, multiple, inserted_types
):
    platform.accept_types, platform.accept_multiple = accept_types, multiple
    try:
        answer = pick(
            platform,
            registered.url,
            url=registered.url + LIGHT_LINE_FIT,
            chart="landscape",
            theme="dark",
            width="800",
            height="",
        )
        assert answer.status_code == 200, answer.text
        assert 'src="/static/js/lti-answer.js?v=' in answer.text
        before = len(platform.inserted)
        accepted = answer_to_platform(answer)
        assert accepted.status_code == 200, accepted.text
    finally:
        platform.accept_types, platform.accept_multiple = ["ltiResourceLink", "html"], True
    items = platform.inserted[before:]
    assert [item["type"] for item in items] == inserted_types
    link = items[0]
    query = dict(parse_qsl(link["custom"]["query"]))
    assert link["custom"]["kind"] == "model"
    assert (query["model"], query["x"], query["y"], query["steps"]) == (
        "m*x+b",
        "0,1,2",
        "1,3,5.5",
        "10",
    )
    assert (link["custom"]["chart"], link["custom"]["theme"]) == ("landscape", "dark")
    assert link["iframe"] == {"width": 800, "height": 540}  # one chart's recommended height
    assert link["url"] == f"{registered.url}/lti/launch"
    assert link["title"] == "Gradient Lens: " + dict(EXPLORERS["model"].charts)["landscape"]
    claims = platform.answers[-1]
    assert claims["https://purl.imsglobal.org/spec/lti-dl/claim/data"] == {
        "opaque": "platform-data-42"
    }
    assert claims["nonce"]
    if "html" in inserted_types:
        snippet = items[1]["html"]
        query = link["custom"]["query"]
        embed = html.escape(f"{registered.url}/embed/model?{query}&chart=landscape&theme=dark")
        assert snippet.startswith(f'<iframe src="{embed}"')
        assert 'width="800" height="540"' in snippet


def test_a_resource_link_launch_shows_the_chosen_view(platform, registered):
    answer = pick(platform, registered.url, url="/scalar?f=tanh(x)&x=-1,0.5,2", chart="derivative")
    assert answer_to_platform(answer).status_code == 200
    item = len(platform.inserted) - 2  # the resource link (the html item follows it)
    assert platform.inserted[item]["custom"] == {
        "kind": "scalar",
        "query": "f=tanh%28x%29&x=-1%2C0.5%2C2",
        "chart": "derivative",
        "theme": "light",
    }
    launch = begin(platform.start_url("link", item, user="student-7"))
    claims = jwt.decode(launch.fields["id_token"], options={"verify_signature": False})
    assert (
        claims["https://purl.imsglobal.org/spec/lti/claim/custom"]
        == platform.inserted[item]["custom"]
    )
    shown = launch.post()
    assert shown.status_code == 303
    location = shown.headers["location"]
    assert (
        location == f"{registered.url}/embed/scalar?f=tanh%28x%29&x=-1%2C0.5%2C2&chart=derivative"
    )
    embed = requests.get(location, timeout=30)
    assert embed.status_code == 200
    assert 'id="chart-derivative"' in embed.text
    assert 'id="chart-function"' not in embed.text  # one chart: only the chosen one
    assert 'class="theme-light"' in embed.text
    slopes = [1 - math.tanh(x) ** 2 for x in (-1, 0.5, 2)]  # the caption's numbers, by hand
    mean, at_mean = sum(slopes) / 3, 1 - math.tanh(0.5) ** 2
    assert (
        f"f(x) = tanh(x) at x = -1, 0.5, 2: mean of the gradients {mean:.4f}, gradient at the"
        f" mean {at_mean:.4f} (gap {mean - at_mean:.4f})."
    ) in embed.text


def test_the_state_cookie_is_written_for_a_cross_site_frame(platform, registered):
    launch = begin(platform.start_url("deep"))
    (header,) = launch.set_cookie_headers
    name, rest = header.split("=", 1)
    assert name.startswith("lti1p3-state-")
    attributes = {a.strip().split("=")[0].lower() for a in rest.split(";")[1:]}
    assert {"httponly", "secure", "samesite", "partitioned", "max-age", "path"} <= attributes
    assert "SameSite=None" in header and "Path=/lti/" in header
    assert urlsplit(launch.action).path == "/lti/launch"
