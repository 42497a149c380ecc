"""A browser's part in the LTI flow, by hand: follow the redirects, read the forms, post them,
and carry the tool's state cookie (a ``Secure`` cookie, which Python's cookie jar would not send
over http://, so it is kept and sent explicitly; a test may also leave it out)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import requests


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)


class FormReader(HTMLParser):
    """The forms of a page with the values a browser would submit unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.select: str | None = None
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script":
            self.scripts.append(a)
        if tag == "form":
            self.forms.append(Form(a.get("action") or "", (a.get("method") or "get").lower()))
        elif tag == "input" and self.forms and a.get("name"):
            kind = a.get("type", "text")
            if kind not in ("radio", "checkbox") or "checked" in a:
                self.forms[-1].fields[a["name"]] = a.get("value") or ""
        elif tag == "select" and self.forms:
            self.select = a.get("name")
            if self.select:
                self.forms[-1].fields.setdefault(self.select, "")
        elif tag == "option" and self.select and "selected" in a:
            self.forms[-1].fields[self.select] = a.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None


def read_forms(html: str) -> FormReader:
    reader = FormReader()
    reader.feed(html)
    return reader


def set_cookies(response: requests.Response) -> list[str]:
    return response.raw.headers.getlist("Set-Cookie")


def cookie_pairs(headers: list[str]) -> dict[str, str]:
    return dict(header.split(";", 1)[0].split("=", 1) for header in headers)


@dataclass
class Launch:
    """A launch up to the moment the browser posts it to the tool."""

    cookies: dict[str, str]
    set_cookie_headers: list[str]
    action: str
    fields: dict[str, str]

    def post(self, cookies: dict[str, str] | None = None, **changes: str) -> requests.Response:
        jar = self.cookies if cookies is None else cookies
        return requests.post(
            self.action,
            data={**self.fields, **changes},
            headers={"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())},
            allow_redirects=False,
            timeout=30,
        )


def begin(start_url: str) -> Launch:
    """Open the platform's launch: its redirect to the tool's login, the tool's redirect to the
    platform's authorization endpoint (setting the state cookie), and the platform's form."""
    to_login = requests.get(start_url, allow_redirects=False, timeout=30)
    assert to_login.status_code == 302, to_login.text
    login = requests.get(to_login.headers["location"], allow_redirects=False, timeout=30)
    assert login.status_code == 302, login.text
    headers = set_cookies(login)
    auth = requests.get(login.headers["location"], allow_redirects=False, timeout=30)
    assert auth.status_code == 200, auth.text
    (form,) = read_forms(auth.text).forms
    return Launch(cookie_pairs(headers), headers, form.action, form.fields)


def submit(form: Form, base: str, cookies: dict[str, str] | None = None, **changes: str):
    action = form.action if form.action.startswith("http") else base + form.action
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())}
    return requests.post(
        action, data={**form.fields, **changes}, headers=headers, allow_redirects=False, timeout=60
    )
