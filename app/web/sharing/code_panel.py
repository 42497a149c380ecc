"""What the Code panel under every explorer shows: the page's view as a script in each
framework (``app/web/sharing/code.py`` writes them), with its download, notebook and JSON links
and the last line every script prints.

A page carries all three scripts, so the reader's framework shows at once, before any script
runs. A live answer carries only the one the reader is looking at (the query's ``code``): a
script is written from a fresh analysis, several milliseconds for a model, and the live feed is
timed to the millisecond. The other tabs keep their last scripts and static/js/code-panel.js
asks for a fresh one when the reader opens one of them. Scripts are cached by query, so a
network run streamed frame by frame writes each once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl

from app.web.explorers.explorer import Context, Explorer
from app.web.explorers.registry import EXPLORERS
from app.web.sharing.code import FRAMEWORK_LABELS, FRAMEWORKS, Script, code_links, script_for
from app.web.templating import templates


@dataclass(frozen=True)
class CodeTab:
    """One framework's tab: its script for the page's input (None while the input is bad)."""

    framework: str
    label: str
    script: Script | None
    links: dict[str, str]


def code_panel(explorer: Explorer, context: Context) -> dict[str, Any]:
    """The whole panel, every framework, for a page."""
    tabs = [code_tab(explorer, context, framework) for framework in FRAMEWORKS]
    return {"tabs": tabs, **last_line(tabs[0])}


def live_code_panels(explorer: Explorer, context: Context, framework: str | None) -> dict[str, str]:
    """The live answer's part of the panel: the tab of ``framework`` and the last line, by
    the ids of the regions they refresh; nothing for a query that names no framework (an
    embed, which has no Code panel)."""
    if framework not in FRAMEWORKS:
        return {}
    tab = code_tab(explorer, context, framework)
    return {
        f"code-{framework}": templates.get_template("sharing/code_tab.html").render(
            context, tab=tab
        ),
        "code-last": templates.get_template("sharing/code_last_line.html").render(
            context, **last_line(tab)
        ),
    }


def code_tab(explorer: Explorer, context: Context, framework: str) -> CodeTab:
    query = context["query"]
    valid = context["error"] is None
    return CodeTab(
        framework=framework,
        label=FRAMEWORK_LABELS[framework],
        script=_script(explorer.kind, query, framework, _site(context)) if valid else None,
        links=code_links(explorer.kind, query, framework),
    )


def last_line(tab: CodeTab) -> dict[str, Any]:
    """What every script prints last (the same whatever the framework), as JSON text, and its
    fields; empty while the input is bad."""
    expected = {} if tab.script is None else tab.script.expected
    return {
        "last_line": json.dumps(expected, ensure_ascii=False) if expected else "",
        "last_line_fields": list(expected),
    }


def _site(context: Context) -> str:
    """Scheme, host and path prefix, for the page address a script names in its header."""
    page_url, permalink = context["share"]["page_url"], context["permalink"]
    return page_url.removesuffix(permalink)


@lru_cache(maxsize=256)
def _script(kind: str, query: str, framework: str, site: str) -> Script | None:
    explorer = EXPLORERS[kind]
    values = explorer.values(dict(parse_qsl(query, keep_blank_values=True)))
    return script_for(explorer, values, framework, site)
