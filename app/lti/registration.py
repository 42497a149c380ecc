"""How platforms learn about the tool: LTI Dynamic Registration (the platform hands over its
OpenID configuration and a token; the tool posts its configuration and stores what comes back),
Canvas's developer-key JSON, and the list of URLs a manual registration asks for.

The tool asks for the ``sub`` claim only: no names, no e-mail, no roster, no grades.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from pylti1p3.dynamic_registration import DynamicRegistration
from pylti1p3.exception import LtiException

from app.lti.adapter import TimeoutSession
from app.lti.flow import Refused
from app.lti.store import PlatformRegistration, Store

NAME = "Gradient Lens"
DESCRIPTION = (
    "Interactive, exact charts of gradients and their averages (mini-batch SGD), inserted "
    "into course pages by deep linking."
)
TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"


@dataclass(frozen=True)
class ToolUrls:
    """Every address of the tool, under the site's root (prefix included)."""

    root: str
    domain: str
    login: str
    launch: str
    jwks: str
    register: str
    canvas: str
    icon: str

    @classmethod
    def under(cls, root: str) -> ToolUrls:
        lti = f"{root}/lti"
        return cls(
            root,
            urlsplit(root).netloc,
            *(f"{lti}/{name}" for name in ("login", "launch", "jwks", "register", "canvas.json")),
            f"{root}/static/favicon.svg",
        )


def messages(urls: ToolUrls) -> list[dict[str, Any]]:
    return [
        {
            "type": "LtiDeepLinkingRequest",
            "target_link_uri": urls.launch,
            "label": "Gradient Lens chart",
            "icon_uri": urls.icon,
            "placements": ["editor_button", "link_selection", "ContentArea", "RichTextEditor"],
        },
        {"type": "LtiResourceLinkRequest", "target_link_uri": urls.launch, "label": NAME},
    ]


class ToolRegistrar(DynamicRegistration):
    """pylti1p3's dynamic registration, filled in with this tool's addresses; what the
    platform answers is stored as a registration."""

    client_name = NAME
    description = DESCRIPTION

    def __init__(self, urls: ToolUrls, openid_configuration: str, token: str, store: Store):
        self.urls = urls
        self.openid_configuration = openid_configuration
        self.token = token
        self.store = store

    def get_request_session(self) -> requests.Session:
        return TimeoutSession()

    def get_initiate_login_uri(self) -> str:
        return self.urls.login

    def get_jwks_uri(self) -> str:
        return self.urls.jwks

    def get_redirect_uris(self) -> list[str]:
        return [self.urls.launch]

    def get_domain(self) -> str:
        return self.urls.domain

    def get_target_link_uri(self) -> str:
        return self.urls.launch

    def get_messages(self) -> list[dict[str, Any]]:
        return messages(self.urls)

    def get_logo_uri(self) -> str:
        return self.urls.icon

    def get_openid_configuration_endpoint(self) -> str:
        return self.openid_configuration

    def get_registration_token(self) -> str:
        return self.token

    def get_openid_configuration(self) -> dict[str, Any]:
        configuration = super().get_openid_configuration()
        issuer = str(configuration.get("issuer", ""))
        if not issuer or not self.openid_configuration.startswith(issuer):
            raise Refused(
                400,
                f"The platform's OpenID configuration names issuer {issuer!r}, which does not "
                f"begin its own address {self.openid_configuration}.",
            )
        missing = [
            key
            for key in ("authorization_endpoint", "token_endpoint", "jwks_uri")
            if not configuration.get(key)
        ]
        if missing:
            raise Refused(502, f"The platform's OpenID configuration lacks {', '.join(missing)}.")
        return configuration

    def complete_registration(
        self, openid_configuration: dict[str, Any], openid_registration: dict[str, Any]
    ) -> PlatformRegistration:
        deployment = openid_registration[TOOL_CONFIGURATION].get("deployment_id")
        platform = PlatformRegistration(
            issuer=openid_configuration["issuer"],
            client_id=str(openid_registration["client_id"]),
            auth_login_url=openid_configuration["authorization_endpoint"],
            auth_token_url=openid_configuration["token_endpoint"],
            key_set_url=openid_configuration["jwks_uri"],
            deployment_ids=(str(deployment),) if deployment else (),
        )
        self.store.add_registration(platform)
        return platform

    def checked_register(self) -> PlatformRegistration:
        """Register, or refuse saying what the platform did wrong; nothing is stored then."""
        check_fetchable(self.openid_configuration)
        try:
            return self.register()
        except Refused:
            raise
        except (LtiException, AssertionError, KeyError, ValueError) as error:
            raise Refused(502, f"The platform's registration failed: {error}") from error
        except requests.RequestException as error:
            raise Refused(502, f"The platform could not be reached: {error}") from error


def check_fetchable(url: str) -> None:
    """The tool fetches this address itself: only https, or http on this machine (a platform
    being tried out next to the tool)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and is_loopback(parts.hostname or ""):
        return
    raise Refused(400, f"openid_configuration must be an https:// address, not {url!r}.")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def canvas_configuration(urls: ToolUrls) -> dict[str, Any]:
    """Canvas's developer-key JSON: deep linking from the rich-content editor's button and the
    module and link picker, anonymous (Canvas then sends only an opaque ``sub``)."""
    placement = {
        "message_type": "LtiDeepLinkingRequest",
        "target_link_uri": urls.launch,
        "text": "Gradient Lens chart",
        "icon_url": urls.icon,
        "selection_width": 1000,
        "selection_height": 720,
    }
    return {
        "title": NAME,
        "description": DESCRIPTION,
        "oidc_initiation_url": urls.login,
        "target_link_uri": urls.launch,
        "public_jwk_url": urls.jwks,
        "scopes": [],
        "extensions": [
            {
                "domain": urls.domain,
                "tool_id": "gradient-lens",
                "platform": "canvas.instructure.com",
                "privacy_level": "anonymous",
                "settings": {
                    "text": NAME,
                    "icon_url": urls.icon,
                    "placements": [
                        {"placement": "editor_button", **placement},
                        {"placement": "link_selection", **placement},
                    ],
                },
            }
        ],
        "custom_fields": {},
    }
