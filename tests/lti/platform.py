"""An independent LTI 1.3 platform for the tests: lti1p3platform's core (its message launch,
OIDC login, registration and deep-linking checks), served by a second uvicorn on loopback.

lti1p3platform has no dynamic registration: its OpenID configuration and registration endpoint
are written here, after the 1EdTech spec. Its ``framework`` modules are not used (their
templates module imports ``pkg_resources``). This platform's own pages may run inline scripts:
the tool's policy is what is under test, not the platform's.
"""

from __future__ import annotations

import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import jwt
import uvicorn
from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jwcrypto.jwk import JWK
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.registration import Registration

from scripts.serving import free_port

TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"


@dataclass
class Tool:
    """A tool as the platform registered it."""

    client_id: str
    deployment_id: str
    login_url: str
    launch_url: str
    jwks_url: str
    redirect_uris: list[str]
    registration: dict[str, Any]


@dataclass
class Platform:
    """The platform's state: its key, the tools it registered and what they sent back."""

    url: str
    key_pem: str = field(default_factory=lambda: _new_key())
    registration_tokens: set[str] = field(default_factory=set)
    tools: dict[str, Tool] = field(default_factory=dict)
    accept_types: list[str] = field(default_factory=lambda: ["ltiResourceLink", "html"])
    accept_multiple: bool = True
    inserted: list[dict[str, Any]] = field(default_factory=list)  # content items accepted
    answers: list[dict[str, Any]] = field(default_factory=list)  # verified deep-link responses
    pending: dict[str, dict[str, Any]] = field(default_factory=dict)  # lti_message_hint -> launch

    @property
    def issuer(self) -> str:
        return self.url

    @property
    def public_pem(self) -> str:
        return JWK.from_pem(self.key_pem.encode()).export_to_pem().decode()

    def new_registration_token(self) -> str:
        token = secrets.token_urlsafe(16)
        self.registration_tokens.add(token)
        return token

    def only_tool(self) -> Tool:
        assert len(self.tools) == 1, self.tools
        return next(iter(self.tools.values()))

    def registration(self, tool: Tool) -> Registration:
        """lti1p3platform's registration of ``tool`` with this platform's key."""
        return (
            Registration()
            .set_iss(self.issuer)
            .set_client_id(tool.client_id)
            .set_deployment_id(tool.deployment_id)
            .set_oidc_login_url(tool.login_url)
            .set_launch_url(tool.launch_url)
            .set_deeplink_launch_url(tool.launch_url)
            .set_platform_public_key(self.public_pem)
            .set_platform_private_key(self.key_pem)
            .set_tool_key_set_url(tool.jwks_url)
        )

    def start_url(self, mode: str, item: int | None = None, user: str = "user-1") -> str:
        """Where the platform's course page sends the browser to launch the tool."""
        query = {"mode": mode, "user": user, **({"item": str(item)} if item is not None else {})}
        return f"{self.url}/course/start?{urlencode(query)}"


def _new_key() -> str:
    return (
        JWK.generate(kty="RSA", size=2048).export_to_pem(private_key=True, password=None).decode()
    )


class PlatformConf(LTI1P3PlatformConfAbstract):
    def init_platform_config(self, **kwargs: Any) -> None:
        self._registration = kwargs["registration"]

    def get_registration_by_params(self, **kwargs: Any) -> Registration:
        return self._registration


class Login(OIDCLoginAbstract):
    def set_lti_message_hint(self, **kwargs: Any) -> None:
        self._lti_message_hint = kwargs["hint"]

    def get_redirect(self, url: str) -> RedirectResponse:
        return RedirectResponse(url, status_code=302)


class Launch(LTIAdvantageMessageLaunchAbstract):
    """lti1p3platform's launch, answering with a form that posts itself to the tool."""

    def __init__(self, query: dict[str, str], conf: PlatformConf) -> None:
        super().__init__(None, conf)  # type: ignore[arg-type]
        self.query = query

    def get_preflight_response(self) -> dict[str, Any]:
        return self.query

    def render_launch_form(self, launch_data: dict[str, Any], **kwargs: Any) -> HTMLResponse:
        return HTMLResponse(auto_post(launch_data["launch_url"], launch_data))


def auto_post(action: str, fields: dict[str, Any]) -> str:
    inputs = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(str(v))}">'
        for k, v in fields.items()
        if k in ("id_token", "state", "JWT")
    )
    return (
        f'<!doctype html><title>Launching</title><form id="go" method="post" '
        f'action="{html.escape(action)}">{inputs}</form>'
        "<script>document.getElementById('go').submit()</script>"
    )


def launch_for(
    platform: Platform, tool: Tool, query: dict[str, str], hint: dict[str, Any]
) -> Launch:
    """The launch message the platform sends for ``hint`` (deep linking, or an inserted item)."""
    launch = Launch(query, PlatformConf(registration=platform.registration(tool)))
    launch.set_user_data(hint["user"], [INSTRUCTOR if hint["mode"] == "deep" else LEARNER])
    launch.set_launch_context_claim("course-1", context_title="Machine learning 101")
    if hint["mode"] == "deep":
        launch.set_dl(
            f"{platform.url}/deep-link-return",
            title="Week 3: averaging gradients",
            accept_types=set(platform.accept_types),
            extra_data={"opaque": "platform-data-42"},
        )
        settings = launch._deep_linking_launch_data[
            "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
        ]
        settings["accept_types"] = list(platform.accept_types)
        settings["accept_multiple"] = platform.accept_multiple
    else:
        item = platform.inserted[hint["item"]]
        launch.set_resource_link_claim(f"link-{hint['item']}", title=item.get("title"))
        launch.set_custom_parameters_claim(item.get("custom", {}))
        launch.set_launch_url(item.get("url") or tool.launch_url)
    return launch


def create_app(platform: Platform) -> FastAPI:
    app = FastAPI()

    @app.get("/.well-known/openid-configuration")
    def openid_configuration() -> JSONResponse:
        return JSONResponse(
            {
                "issuer": platform.issuer,
                "authorization_endpoint": f"{platform.url}/auth",
                "token_endpoint": f"{platform.url}/token",
                "jwks_uri": f"{platform.url}/jwks",
                "registration_endpoint": f"{platform.url}/register",
                "scopes_supported": ["openid"],
                "response_types_supported": ["id_token"],
                "subject_types_supported": ["public", "pairwise"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
                "claims_supported": ["sub", "iss", "name", "email"],
                "https://purl.imsglobal.org/spec/lti-platform-configuration": {
                    "product_family_code": "lti1p3platform-harness",
                    "version": "0.1.8",
                    "messages_supported": [
                        {"type": "LtiResourceLinkRequest"},
                        {"type": "LtiDeepLinkingRequest"},
                    ],
                },
            }
        )

    @app.get("/favicon.ico")
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/jwks")
    def jwks() -> JSONResponse:
        return JSONResponse({"keys": [Registration.get_jwk(platform.public_pem)]})

    @app.post("/register")
    async def register(request: Request) -> JSONResponse:
        """The registration endpoint (LTI Dynamic Registration 1.0, section 3.5)."""
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if token not in platform.registration_tokens:
            raise HTTPException(401, "unknown registration token")
        platform.registration_tokens.discard(token)
        body = await request.json()
        configuration = body[TOOL_CONFIGURATION]
        assert body["token_endpoint_auth_method"] == "private_key_jwt"
        assert {"implicit", "client_credentials"} <= set(body["grant_types"])
        assert body["response_types"] == ["id_token"]
        assert body["application_type"] == "web"
        for key in ("initiate_login_uri", "jwks_uri", "redirect_uris"):
            assert body[key], key
        tool = Tool(
            client_id=f"client-{secrets.token_hex(4)}",
            deployment_id=f"deployment-{secrets.token_hex(3)}",
            login_url=body["initiate_login_uri"],
            launch_url=configuration["target_link_uri"],
            jwks_url=body["jwks_uri"],
            redirect_uris=body["redirect_uris"],
            registration=body,
        )
        platform.tools[tool.client_id] = tool
        answer = {
            **body,
            "client_id": tool.client_id,
            TOOL_CONFIGURATION: {**configuration, "deployment_id": tool.deployment_id},
        }
        return JSONResponse(answer)

    @app.get("/admin/register", response_class=HTMLResponse)
    def admin_register(tool: str) -> str:
        """The administrator's page: the tool's registration URL in a frame, closed by the
        tool's postMessage."""
        query = urlencode(
            {
                "openid_configuration": f"{platform.url}/.well-known/openid-configuration",
                "registration_token": platform.new_registration_token(),
            }
        )
        return (
            "<!doctype html><title>Register a tool</title><p id='status'>registering</p>"
            f'<iframe id="tool" src="{html.escape(tool)}?{html.escape(query)}" width="800" '
            'height="500"></iframe><script>window.addEventListener("message", (e) => {'
            " if (e.data && e.data.subject === 'org.imsglobal.lti.close') {"
            " document.getElementById('status').textContent = 'closed'; } });</script>"
        )

    @app.get("/course/page", response_class=HTMLResponse)
    def course_page(mode: str, item: int | None = None) -> str:
        """A course page that frames the tool's launch, as an LMS does."""
        src = platform.start_url(mode, item)
        return (
            "<!doctype html><title>Course</title><h1>Machine learning 101</h1>"
            f'<iframe id="tool" src="{html.escape(src)}" width="1100" height="900"></iframe>'
        )

    @app.get("/course/start")
    def start(mode: str, user: str, item: int | None = None) -> RedirectResponse:
        tool = platform.only_tool()
        hint = secrets.token_hex(8)
        platform.pending[hint] = {"mode": mode, "user": user, "item": item}
        login = Login(None, PlatformConf(registration=platform.registration(tool)))
        login.set_lti_message_hint(hint=hint)
        return login.initiate_login(user)

    @app.get("/auth")
    def auth(request: Request) -> HTMLResponse:
        """The authorization endpoint: check the tool's request, answer with the launch."""
        query = dict(request.query_params)
        tool = platform.tools.get(query.get("client_id", ""))
        if tool is None or query.get("redirect_uri") not in tool.redirect_uris:
            raise HTTPException(400, "unknown client or redirect_uri")
        for key, value in {
            "scope": "openid",
            "response_type": "id_token",
            "prompt": "none",
            "response_mode": "form_post",
        }.items():
            if query.get(key) != value:
                raise HTTPException(400, f"{key} must be {value}")
        hint = platform.pending.pop(query.get("lti_message_hint", ""), None)
        if hint is None or query.get("login_hint") != hint["user"]:
            raise HTTPException(400, "unknown lti_message_hint or login_hint")
        return launch_for(platform, tool, query, hint).lti_launch()

    @app.post("/deep-link-return", response_class=HTMLResponse)
    def deep_link_return(JWT: str = Form()) -> str:
        """Verify the tool's deep-linking response with lti1p3platform, and insert its items."""
        unverified = jwt.decode(JWT, options={"verify_signature": False})
        tool = platform.tools.get(unverified.get("iss", ""))
        if tool is None:
            raise HTTPException(400, "the response's iss is no registered client")
        conf = PlatformConf(registration=platform.registration(tool))
        conf.set_accepted_deeplinking_types(platform.accept_types)
        items = conf.validate_deeplinking_resp({"JWT": JWT})  # signature, message type, types
        claims = jwt.decode(
            JWT,
            conf.get_tool_public_key(),
            algorithms=["RS256"],
            audience=platform.issuer,
            issuer=tool.client_id,
        )
        deployment = claims["https://purl.imsglobal.org/spec/lti/claim/deployment_id"]
        if deployment != tool.deployment_id:
            raise HTTPException(400, "wrong deployment")
        if not platform.accept_multiple and len(items) > 1:
            raise HTTPException(400, "more than one item")
        platform.answers.append(claims)
        first = len(platform.inserted)
        platform.inserted.extend(items)
        return (
            "<!doctype html><title>Inserted</title>"
            f"<p id='inserted' data-first='{first}'>Inserted {len(items)} item(s)</p>"
            f"<pre>{html.escape(json.dumps(items))}</pre>"
        )

    return app


class Served:
    """The platform's app on a uvicorn server of its own, in a thread of the test process."""

    def __init__(self) -> None:
        self.port = free_port()
        self.platform = Platform(f"http://127.0.0.1:{self.port}")
        config = uvicorn.Config(
            create_app(self.platform), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Platform:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test platform did not start")
            time.sleep(0.05)
        return self.platform

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
