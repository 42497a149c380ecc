"""The OIDC login and the launch, as pylti1p3 runs them, with the checks it leaves out (a spent
nonce, the target link) and a refusal that says what went wrong at each step.

Every refusal is a ``Refused`` with an HTTP status and a sentence for the person who sees it: an
instructor in a course, or the platform's administrator reading it back.
"""

from __future__ import annotations

import typing as t

import jwt
from pylti1p3.exception import LtiException, LtiKeyException
from pylti1p3.message_launch import MessageLaunch
from pylti1p3.oidc_login import OIDCLogin
from starlette.responses import Response

from app.lti.adapter import (
    DatabaseSession,
    DatabaseToolConf,
    LtiRedirect,
    LtiRequest,
    StateCookies,
    TimeoutSession,
)

MESSAGE_TYPE = "https://purl.imsglobal.org/spec/lti/claim/message_type"
CUSTOM = "https://purl.imsglobal.org/spec/lti/claim/custom"
DEPLOYMENT = "https://purl.imsglobal.org/spec/lti/claim/deployment_id"
DEEP_LINKING = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"

NO_STATE_COOKIE = (
    "The launch came back without the cookie its login set, so it cannot be told apart from a "
    "forged one. The browser did not keep the cookie inside the course page's frame: allow "
    "cookies for this site, or open the link in a new window, and launch again."
)


class Refused(Exception):
    """A step of the LTI flow refused, with the status to answer and why."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def unknown_issuer(issuer: str) -> Refused:
    return Refused(
        403,
        f"No platform with issuer {issuer} is registered with this tool. Its administrator "
        "registers it first (the tool's setup page, /lti, says how).",
    )


class ToolLogin(OIDCLogin[LtiRequest, DatabaseToolConf, DatabaseSession, StateCookies, Response]):
    """Third-party initiated login: check the platform and the target, set the state cookie,
    remember the nonce, and send the browser to the platform's authorization endpoint."""

    def __init__(self, request: LtiRequest, conf: DatabaseToolConf, cookies: StateCookies):
        super().__init__(
            request, conf, session_service=DatabaseSession(conf.store), cookie_service=cookies
        )

    def get_redirect(self, url: str) -> LtiRedirect:
        return LtiRedirect(url, self._cookie_service)

    def validate_oidc_login(self) -> t.Any:
        issuer = self._get_request_param("iss")
        if not issuer:
            raise Refused(400, "The login request names no issuer (iss).")
        if not self._get_request_param("login_hint"):
            raise Refused(400, "The login request has no login_hint.")
        if not self._tool_config.store.find(issuer):
            raise unknown_issuer(issuer)
        client_id = self._get_request_param("client_id")
        registration = self._tool_config.find_registration_by_params(issuer, client_id)
        if registration is None:
            raise Refused(
                403,
                f"Client {client_id} of {issuer} is not registered with this tool."
                if client_id
                else f"{issuer} has several clients registered here; its login must name one.",
            )
        return registration

    def login(self, launch_url: str) -> Response:
        target = self._get_request_param("target_link_uri")
        if target and target.split("?")[0] != launch_url:
            raise Refused(400, f"The login's target_link_uri ({target}) is not {launch_url}.")
        try:
            return self.redirect(launch_url)
        except LtiException as error:
            raise Refused(400, str(error)) from error


class ToolLaunch(MessageLaunch[LtiRequest, DatabaseToolConf, DatabaseSession, StateCookies]):
    """The launch: pylti1p3's checks in its order, each refusing with its own reason, and the
    nonce spent once everything else holds (a refused launch leaves nothing behind)."""

    def __init__(self, request: LtiRequest, conf: DatabaseToolConf, cookies: StateCookies):
        super().__init__(
            request,
            conf,
            session_service=DatabaseSession(conf.store),
            cookie_service=cookies,
            requests_session=TimeoutSession(),
        )

    def _get_request_param(self, key: str) -> str:
        return self._request.get_param(key)

    def checked(self) -> dict[str, t.Any]:
        """The launch's claims, every check passed; ``Refused`` otherwise."""
        try:
            self.validate()
        except LtiException as error:
            raise Refused(400, f"The launch message is not valid: {error}") from error
        return dict(self._jwt["body"])

    def validate_state(self) -> ToolLaunch:
        state = self._get_request_param("state")
        if not state:
            raise Refused(400, "The launch came without its state parameter.")
        cookie = self._cookie_service.get_cookie(state)
        if cookie is None:
            raise Refused(401, NO_STATE_COOKIE)
        if cookie != state:
            raise Refused(401, "The launch's state does not match the one its login set.")
        if not self._get_request_param("id_token"):
            raise Refused(400, "The launch came without its id_token.")
        return self

    def validate_nonce(self) -> ToolLaunch:
        nonce = self._get_jwt_body().get("nonce")
        if not nonce:
            raise Refused(400, "The launch token carries no nonce.")
        state = self._session_service.store.nonce_state(nonce)
        if state == "used":
            raise Refused(
                403, "This launch token was already used once: a replayed launch is refused."
            )
        if state == "unknown":
            raise Refused(403, "The launch token's nonce was not issued by this tool's login.")
        if state == "expired":
            raise Refused(401, "The login behind this launch is too old; launch again.")
        return self

    def validate_registration(self) -> ToolLaunch:
        body = self._get_jwt_body()
        issuer, client_id = body.get("iss", ""), self.get_client_id()
        store = self._tool_config.store
        if not store.find(issuer):
            raise unknown_issuer(issuer)
        self._registration = self._tool_config.find_registration_by_params(issuer, client_id)
        if self._registration is None:
            raise Refused(
                401,
                f"The launch token is addressed to {client_id!r} (its audience), which is not "
                f"a client of {issuer} registered with this tool.",
            )
        audiences = body.get("aud")
        if isinstance(audiences, list) and len(audiences) > 1 and body.get("azp") != client_id:
            raise Refused(401, "The launch token has several audiences and no azp naming ours.")
        return self

    def validate_jwt_signature(self) -> ToolLaunch:
        try:
            super().validate_jwt_signature()
        except LtiKeyException as error:
            raise Refused(
                401, f"The launch token's key could not be checked against the platform: {error}"
            ) from error
        except LtiException as error:
            if isinstance(error.__cause__, jwt.ExpiredSignatureError):
                raise Refused(401, "The launch token has expired; launch again.") from error
            raise Refused(
                401,
                "The launch token's signature does not match the platform's published keys: "
                "it was altered, or not signed by the platform.",
            ) from error
        return self

    def validate_deployment(self) -> ToolLaunch:
        deployment = self._get_jwt_body().get(DEPLOYMENT)
        platform = self._registration.platform  # type: ignore[union-attr]
        if not deployment or not platform.knows_deployment(deployment):
            raise Refused(
                403,
                f"Deployment {deployment!r} of {platform.issuer} is not registered with this "
                "tool; its administrator adds it to the registration.",
            )
        return self

    def save_launch_data(self) -> ToolLaunch:
        if not self._session_service.store.spend_nonce(self._get_jwt_body()["nonce"]):
            raise Refused(
                403, "This launch token was already used once: a replayed launch is refused."
            )
        return self

    @property
    def platform(self) -> t.Any:
        return self._registration.platform  # type: ignore[union-attr]

    @property
    def registration(self) -> t.Any:
        return self._registration
