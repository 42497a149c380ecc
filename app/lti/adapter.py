"""pylti1p3next for FastAPI: its request, cookie, redirect and session classes, and the tool
configuration it looks registrations up in.

pylti1p3 is synchronous (database calls, the platform's keys fetched with ``requests``): the
routes run these classes off the event loop. Its session service would keep the flow's state in
one process; here the nonce goes to the database and the state to a cookie, so any replica can
answer any step.
"""

from __future__ import annotations

import typing as t
from collections.abc import Mapping

import requests
from pylti1p3.cookie import CookieService
from pylti1p3.deployment import Deployment
from pylti1p3.redirect import Redirect
from pylti1p3.registration import Registration
from pylti1p3.request import Request
from pylti1p3.session import SessionService
from pylti1p3.tool_config import ToolConfAbstract
from starlette.responses import RedirectResponse, Response

from app.lti.keys import ToolKeys
from app.lti.store import PlatformRegistration, Store

HTTP_TIMEOUT = 10  # seconds for any call to a platform (keys, OpenID configuration, registration)
STATE_LIFETIME = 300  # seconds the state cookie lives: from the login to its launch


class TimeoutSession(requests.Session):
    """``requests`` waits forever by default; a platform that does not answer must not hold a
    worker thread for ever."""

    def request(self, *args: t.Any, **kwargs: t.Any) -> requests.Response:
        kwargs.setdefault("timeout", HTTP_TIMEOUT)
        return super().request(*args, **kwargs)


class LtiRequest(Request):
    """The parameters (query and form, already read) and cookies of one request."""

    def __init__(self, params: Mapping[str, str], cookies: Mapping[str, str]) -> None:
        self.params = dict(params)
        self.cookies = dict(cookies)

    @property
    def session(self) -> dict[str, t.Any]:
        return {}  # never used: DatabaseSession keeps nothing in a session

    def is_secure(self) -> bool:
        return True  # the state cookie is always Secure (localhost counts as secure)

    def get_param(self, key: str) -> str:
        return self.params.get(key)  # type: ignore[return-value]

    def get_cookie(self, key: str) -> str | None:
        return self.cookies.get(key)


def state_cookie(name: str, value: str, max_age: int, path: str) -> str:
    """A Set-Cookie value that survives inside a course platform's iframe: a cross-site frame
    needs ``SameSite=None; Secure``, and with third-party cookies phased out Chromium keeps only
    a ``Partitioned`` one (written by hand: Starlette's ``partitioned=`` needs Python 3.14)."""
    return (
        f"{name}={value}; Max-Age={max_age}; Path={path}; HttpOnly; Secure; SameSite=None;"
        " Partitioned"
    )


class StateCookies(CookieService):
    """Reads the request's cookies; the ones pylti1p3 sets are written onto the response."""

    def __init__(self, request: LtiRequest, path: str) -> None:
        self.request = request
        self.path = path
        self.pending: list[str] = []

    def _name(self, name: str) -> str:
        return f"{self._cookie_prefix}-{name}"

    def get_cookie(self, name: str) -> str | None:
        return self.request.get_cookie(self._name(name))

    def set_cookie(self, name: str, value: str | int, exp: int | None = STATE_LIFETIME) -> None:
        self.pending.append(state_cookie(self._name(name), str(value), exp or 0, self.path))

    def apply(self, response: Response) -> Response:
        for header in self.pending:
            response.headers.append("set-cookie", header)
        return response


class LtiRedirect(Redirect[Response]):
    def __init__(self, location: str, cookies: StateCookies) -> None:
        self.location = location
        self.cookies = cookies

    def do_redirect(self) -> Response:
        response = RedirectResponse(self.location, status_code=302)
        response.headers["cache-control"] = "no-store"
        return self.cookies.apply(response)

    def do_js_redirect(self) -> Response:
        return self.do_redirect()  # no inline script: a plain redirect does the same

    def set_redirect_url(self, location: str) -> None:
        self.location = location

    def get_redirect_url(self) -> str:
        return self.location


class DatabaseSession(SessionService):
    """Nonces in the database, where every replica sees them and a spent one stays spent; the
    launch needs nothing else from the login (the state travels in its cookie)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def save_nonce(self, nonce: str) -> None:
        self.store.save_nonce(nonce)

    def check_nonce(self, nonce: str) -> bool:
        return self.store.nonce_state(nonce) == "fresh"

    def save_launch_data(self, key: str, jwt_body: t.Any) -> None:
        pass  # the picker carries what it needs in a signed form field

    def get_launch_data(self, key: str) -> t.Any:
        return None

    def save_state_params(self, state: str, params: t.Any) -> None:
        pass

    def get_state_params(self, state: str) -> dict[str, object]:
        return {}

    def set_state_valid(self, state: str, id_token_hash: str) -> None:
        pass

    def check_state_is_valid(self, state: str, id_token_hash: str) -> bool:
        return False  # always check the cookie


class KeyedRegistration(Registration):
    """pylti1p3's registration with this tool's key and its ``kid`` (the thumbprint the JWKS
    publishes, not the one pylti1p3 would work out)."""

    def __init__(self, platform: PlatformRegistration, keys: ToolKeys) -> None:
        self.platform = platform
        self.kid = keys.kid
        (
            self.set_issuer(platform.issuer)
            .set_client_id(platform.client_id)
            .set_auth_login_url(platform.auth_login_url)
            .set_auth_token_url(platform.auth_token_url)
            .set_key_set_url(platform.key_set_url)
            .set_tool_private_key(keys.private_pem)
        )

    def get_kid(self) -> str:
        return self.kid


class DatabaseToolConf(ToolConfAbstract[LtiRequest]):
    """Registrations from the store (static ones and the database's), one issuer possibly
    having several clients."""

    def __init__(self, store: Store, keys: ToolKeys) -> None:
        self.store = store
        self.keys = keys

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def platform(self, iss: str, client_id: str | None) -> PlatformRegistration | None:
        """The registration for this issuer and client; without a client id, the issuer's
        only one (pylti1p3 asks so when a platform's login leaves ``client_id`` out)."""
        found = self.store.find(iss, client_id or None)
        return found[0] if len(found) == 1 else None

    def find_registration_by_issuer(self, iss: str, *args: t.Any, **kwargs: t.Any) -> t.Any:
        return self.find_registration_by_params(iss, None)  # type: ignore[arg-type]

    def find_registration_by_params(
        self, iss: str, client_id: str, *args: t.Any, **kwargs: t.Any
    ) -> t.Any:
        platform = self.platform(iss, client_id)
        return KeyedRegistration(platform, self.keys) if platform else None

    def find_deployment(self, iss: str, deployment_id: str) -> Deployment | None:
        return self.find_deployment_by_params(iss, deployment_id, None)  # type: ignore[arg-type]

    def find_deployment_by_params(
        self, iss: str, deployment_id: str, client_id: str, *args: t.Any, **kwargs: t.Any
    ) -> Deployment | None:
        platform = self.platform(iss, client_id)
        if platform is None or not platform.knows_deployment(deployment_id):
            return None
        return Deployment().set_deployment_id(deployment_id)
