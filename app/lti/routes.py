"""The LTI routes (contract in issue 24): the setup page, the JWKS, dynamic registration, the
Canvas JSON, the OIDC login, the launch, the picker's answer and its preview.

None is in the OpenAPI schema: they are for platforms and browsers, not API clients. Every
refusal is a page with the status and the reason (``Refused``), never a 500.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

import jwt
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pylti1p3.deep_link import DeepLink
from starlette.concurrency import run_in_threadpool

from app.lti.adapter import KeyedRegistration, LtiRequest, StateCookies
from app.lti.flow import (
    CUSTOM,
    DEEP_LINKING,
    DEPLOYMENT,
    MESSAGE_TYPE,
    Refused,
    ToolLaunch,
    ToolLogin,
)
from app.lti.keys import KeyNotConfigured
from app.lti.picker import (
    DEFAULT_WIDTH,
    BadChoice,
    choice_from_form,
    content_items,
    launched_view,
    presets,
)
from app.lti.registration import ToolRegistrar, ToolUrls, canvas_configuration
from app.lti.tool import Tool, current_tool, origin_of
from app.web.explorers.registry import EXPLORERS
from app.web.explorers.scalar import HEADLINE_QUERY
from app.web.sharing.links import origin
from app.web.templating import templates

router = APIRouter(include_in_schema=False)

PICKER_AUDIENCE = "gradient-lens/picker"
PICKER_LIFETIME = 3600  # an hour to choose
NO_STORE = {"Cache-Control": "no-store"}


def refusals(
    route: Callable[..., Awaitable[Response]],
) -> Callable[..., Awaitable[Response]]:
    """A route whose ``Refused`` becomes a page saying why, with its status."""

    @functools.wraps(route)
    async def answering(request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return await route(request, *args, **kwargs)
        except Refused as refused:
            # any site may frame a refusal: one from a platform not registered here must still
            # be read where it happened (the page has nothing to click but a link)
            request.state.lti_frame_ancestors = ["*"]
            return page(request, "lti/refused.html", {"reason": refused.reason}, refused.status)

    return answering


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    return templates.TemplateResponse(
        request, name, {"title": "Gradient Lens for course platforms", **context}, status, NO_STORE
    )


async def tool_or_refuse() -> Tool:
    try:
        return await run_in_threadpool(current_tool)
    except KeyNotConfigured as error:
        raise Refused(503, f"LTI is not set up on this server: {error}.") from error


def urls_of(request: Request) -> ToolUrls:
    return ToolUrls.under(origin(request))


def cookie_path(request: Request) -> str:
    return request.scope.get("root_path", "").rstrip("/") + "/lti/"


@router.get("/lti", response_class=HTMLResponse)
@refusals
async def setup(request: Request) -> Response:
    """What an administrator needs to register the tool, on any platform."""
    tool = await tool_or_refuse()
    platforms = await run_in_threadpool(tool.store.registrations)
    return page(request, "lti/setup.html", {"urls": urls_of(request), "platforms": platforms})


@router.get("/lti/jwks")
@refusals
async def jwks(request: Request) -> Response:
    tool = await tool_or_refuse()
    return JSONResponse(tool.keys.jwks(), headers={"Cache-Control": "public, max-age=300"})


@router.get("/lti/canvas.json")
async def canvas(request: Request) -> JSONResponse:
    return JSONResponse(canvas_configuration(urls_of(request)), headers=NO_STORE)


@router.get("/lti/register", response_class=HTMLResponse)
@refusals
async def register(
    request: Request, openid_configuration: str = "", registration_token: str = ""
) -> Response:
    """LTI Dynamic Registration: register with the platform that opened this page, then tell
    it (by postMessage, from a script file) that the window may close."""
    request.state.lti_frame_ancestors = ["*"]  # the platform is not registered yet
    if not openid_configuration:
        raise Refused(
            400,
            "This address is for a course platform's dynamic registration: the platform opens "
            "it with openid_configuration and registration_token. To register by hand, follow "
            "the steps on the setup page.",
        )
    tool = await tool_or_refuse()
    if not tool.config.dynamic_registration:
        raise Refused(
            403,
            "Dynamic registration is switched off on this server (LTI_DYNAMIC_REGISTRATION=off):"
            " its administrator registers platforms by hand.",
        )
    registrar = ToolRegistrar(
        urls_of(request), openid_configuration, registration_token, tool.store
    )
    platform = await run_in_threadpool(registrar.checked_register)
    return page(request, "lti/registered.html", {"platform": platform})


@router.api_route("/lti/login", methods=["GET", "POST"])
@refusals
async def login(request: Request) -> Response:
    """OIDC third-party initiated login: check the platform, set the state cookie, remember
    the nonce, and send the browser to the platform's authorization endpoint."""
    params = dict(request.query_params)
    if request.method == "POST":
        params.update({k: v for k, v in (await request.form()).items() if isinstance(v, str)})
    tool = await tool_or_refuse()
    lti_request = LtiRequest(params, request.cookies)
    flow = ToolLogin(lti_request, tool.conf, StateCookies(lti_request, cookie_path(request)))
    return await run_in_threadpool(flow.login, urls_of(request).launch)


@router.post("/lti/launch", response_class=HTMLResponse)
@refusals
async def launch(request: Request) -> Response:
    """The launch: a deep-linking request opens the picker; a resource link shows its view."""
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    tool = await tool_or_refuse()
    lti_request = LtiRequest(form, request.cookies)
    flow = ToolLaunch(lti_request, tool.conf, StateCookies(lti_request, cookie_path(request)))
    claims = await run_in_threadpool(flow.checked)
    kind = claims.get(MESSAGE_TYPE)
    if kind == "LtiDeepLinkingRequest":
        settings = claims[DEEP_LINKING]
        picker = tool.keys.sign(
            {
                "aud": PICKER_AUDIENCE,
                "platform": claims["iss"],
                "client_id": flow.get_client_id(),
                "deployment_id": claims[DEPLOYMENT],
                "settings": settings,
            },
            PICKER_LIFETIME,
        )
        return picker_page(request, picker, settings, {"url": origin(request) + "/"})
    if kind == "LtiResourceLinkRequest":
        try:
            view = launched_view(claims.get(CUSTOM) or {}, origin(request))
        except BadChoice as bad:
            raise Refused(422, f"The link's custom parameter {bad}.") from bad
        return RedirectResponse(view, status_code=303, headers=NO_STORE)
    raise Refused(400, f"This tool answers resource links and deep linking, not {kind}.")


def picker_page(
    request: Request,
    picker: str,
    settings: dict[str, Any],
    values: dict[str, str],
    error: BadChoice | None = None,
) -> Response:
    request.state.lti_origins = [origin_of(settings.get("deep_link_return_url", ""))]
    context = {
        "picker": picker,
        "settings": settings,
        "values": {"chart": "", "theme": "light", "width": str(DEFAULT_WIDTH), **values},
        "error": error,
        "presets": presets(origin(request)),
        "explorers": EXPLORERS.values(),
        "headline": f"{origin(request)}/scalar?{HEADLINE_QUERY}",
    }
    return page(request, "lti/picker.html", context, 422 if error else 200)


@router.post("/lti/picker", response_class=HTMLResponse)
@refusals
async def answer(request: Request) -> Response:
    """The picker's choice, signed as a deep-linking response and posted back to the
    platform by a form that submits itself (its script is a file)."""
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    tool = await tool_or_refuse()
    try:
        claims = tool.keys.verify(form.get("picker", ""), PICKER_AUDIENCE)
    except jwt.ExpiredSignatureError as error:
        raise Refused(401, "The picker was open for over an hour; open it again.") from error
    except jwt.InvalidTokenError as error:
        raise Refused(401, "The picker's signed field is missing or was altered.") from error
    settings = claims["settings"]
    root = origin(request)
    try:
        choice = await run_in_threadpool(choice_from_form, form, root)
    except BadChoice as bad:
        return picker_page(request, form["picker"], settings, form, bad)
    platform = await run_in_threadpool(tool.conf.platform, claims["platform"], claims["client_id"])
    if platform is None:
        raise Refused(403, f"{claims['platform']} is no longer registered with this tool.")
    deep_link = AnswerLink(
        KeyedRegistration(platform, tool.keys), claims["deployment_id"], settings
    )
    token = deep_link.get_response_jwt(
        content_items(choice, root, urls_of(request).launch, settings)
    )
    return_url = settings["deep_link_return_url"]
    request.state.lti_origins = [origin_of(return_url)]
    return page(
        request, "lti/answer.html", {"return_url": return_url, "token": token, "choice": choice}
    )


class AnswerLink(DeepLink):
    """pylti1p3's deep-linking response, leaving ``data`` out when the request had none."""

    def get_message_jwt(self, resources: Any) -> dict[str, object]:
        message = super().get_message_jwt(resources)
        data = "https://purl.imsglobal.org/spec/lti-dl/claim/data"
        if message.get(data) is None:
            del message[data]
        return message


@router.get("/lti/preview")
async def preview(
    request: Request, url: str = "", chart: str = "", theme: str = "light"
) -> Response:
    """The picker's live preview: the embed its fields name, or why they name none."""
    form = {"url": url, "chart": chart, "theme": theme}
    try:
        choice = await run_in_threadpool(choice_from_form, form, origin(request))
    except BadChoice as bad:
        return page(request, "lti/refused.html", {"reason": str(bad)}, 422)
    return RedirectResponse(choice.embed(origin(request)), status_code=303)
