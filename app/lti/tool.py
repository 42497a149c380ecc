"""The running tool: its settings, keys, store and pylti1p3 configuration, made once per process
on first use (not at import: the quick start's development key and database appear when LTI is
first asked for). Tests may put a tool of their own in place with ``use``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.types import Scope

from app.lti.adapter import DatabaseToolConf
from app.lti.config import LtiConfig
from app.lti.keys import KeyNotConfigured, ToolKeys, load_keys
from app.lti.store import Store, static_registrations


@dataclass(frozen=True)
class Tool:
    config: LtiConfig
    keys: ToolKeys
    store: Store
    conf: DatabaseToolConf

    @classmethod
    def from_config(cls, config: LtiConfig) -> Tool:
        keys = load_keys(config)
        store = Store(config.database_url, static_registrations(config.registrations_file))
        return cls(config, keys, store, DatabaseToolConf(store, keys))

    def platform_origins(self) -> list[str]:
        """Every origin a registered platform serves from (its issuer, its login), and the
        extra ones the settings name: who may frame the tool and receive its forms."""
        urls = [u for r in self.store.registrations() for u in (r.issuer, r.auth_login_url)]
        return sorted({origin_of(u) for u in urls if origin_of(u)} | set(self.config.frame_origins))


_tool: Tool | None = None
_lock = threading.Lock()


def current_tool() -> Tool:
    """The tool, made on first call (synchronous: it may read files and the database)."""
    global _tool
    with _lock:
        if _tool is None:
            _tool = Tool.from_config(LtiConfig.from_environment())
        return _tool


def use(tool: Tool | None) -> None:
    global _tool
    with _lock:
        _tool = tool


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else ""


async def csp_sources(scope: Scope) -> tuple[list[str], list[str]]:
    """For ``/lti/*``'s Content-Security-Policy: the origins that may frame it, and those its
    forms may post to (the registered platforms, and the return address a verified
    deep-linking request named for this response). A route may widen who frames it: dynamic
    registration is opened by a platform the tool does not know yet."""
    try:
        origins = await run_in_threadpool(lambda: current_tool().platform_origins())
    except KeyNotConfigured:
        origins = []
    state = scope.get("state", {})
    extra = list(state.get("lti_origins", ()))
    forms = sorted({*origins, *extra})
    return list(state.get("lti_frame_ancestors", ())) or forms, forms
