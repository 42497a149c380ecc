"""The JSON that an explorer page's script receives on every edit (see static/js/live-form.js).

One answer, two ways to ask: ``GET /{kind}/live?{query}`` and a message on the WebSocket at
the same address (``socket.py``). Bad input is a normal state while someone types,
so the live feed answers with ``error`` set (HTTP 200; the API proper answers 422) and the
browser console stays clean.
"""

from __future__ import annotations

import json
from collections.abc import Generator, Mapping

from fastapi.responses import Response
from starlette.requests import Request

from app.api.errors import FieldError
from app.web.charts.figures import themed_figures
from app.web.charts.legend import legend_html
from app.web.charts.static import chosen_drawings, static_charts
from app.web.explorers.explorer import Context, Explorer
from app.web.sharing.code_panel import live_code_panels
from app.web.sharing.downloads import computed_or_422
from app.web.sharing.links import origin, shared_context, with_sharing
from app.web.templating import templates


def live_answer(root: str, explorer: Explorer, query: Mapping[str, str], echo: str = "") -> str:
    """The feed's JSON text for ``query``: panels, the charts' SVG (themed), legends and
    summaries.
    ``root`` is the site's address, for the absolute URLs of the share panel; ``echo``, the
    question as a socket received it, is sent back in ``query`` so answers can be told apart."""
    return answer_text(explorer, query, shared_context(root, explorer, query), echo)


def live_answers(
    root: str, explorer: Explorer, query: Mapping[str, str], echo: str
) -> Generator[str, None, None]:
    """The answers to stream for ``query``: for an explorer whose run can be watched as it goes
    (``Explorer.stream``), those on the way, marked ``partial``, then the last; else one."""
    if explorer.stream is None:
        yield live_answer(root, explorer, query, echo)
        return
    for context in explorer.stream(explorer.values(query)):
        yield answer_text(explorer, query, with_sharing(root, explorer, context), echo)


def answer_text(explorer: Explorer, query: Mapping[str, str], context: Context, echo: str) -> str:
    error: FieldError | None = context["error"]
    theme = query.get("theme", "light")
    figures = None if context["figures"] is None else themed_figures(context["figures"], theme)
    answer = {
        "query": echo,
        "partial": context.get("partial", False),
        "permalink": context["root_path"] + context["permalink"],
        "json_twin": context["root_path"] + context["json_twin"],
        "title": context["title"],
        "caption": context["caption"],
        "panels": {
            **{
                panel: templates.get_template(explorer.panel_template(panel)).render(context)
                for panel in explorer.panels
            },
            "share": templates.get_template("sharing/share_panel.html").render(context),
            **live_code_panels(explorer, context, query.get("code")),
        },
        # The server's drawing of each chart (only the one the page shows, if it says which:
        # drawing=wide|narrow); Plotly's figures only when a reader points at one
        # (figures_url: static/js/charts.js).
        "charts": None
        if figures is None
        else static_charts(figures, chosen_drawings(query.get("drawing"))),
        "figures_url": context["root_path"] + context["figures_url"] + _theme_query(theme),
        "legends": None
        if figures is None
        else {name: legend_html(figure) for name, figure in figures.items()},
        "summaries": context["summaries"],
        "actions": None if figures is None else chart_actions(context, figures),
        "player": context["player"],
        "error": None
        if error is None
        else {"field": error.field, "message": error.message, "column": error.column},
    }
    return _json_text(answer)


def _json_text(value: object) -> str:
    """As Starlette's JSONResponse writes it; NaN never reaches here (figures use null)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _theme_query(theme: str) -> str:
    return "&theme=dark" if theme == "dark" else ""


def chart_actions(context: Context, figures: dict) -> dict[str, str]:
    """Each chart's copy buttons and image links for the new query, as HTML."""
    macro = templates.get_template("partials/chart.html").module.chart_actions
    return {name: str(macro(name, context["share"])) for name in figures}


def figures_response(request: Request, explorer: Explorer) -> Response:
    """``GET /{kind}/figures?{query}``: the Plotly figures of the page for ``query`` (themed
    by ``theme=``), by chart name; bad input is the API's 422 with its message. Pages do not
    carry their figures: a page shows the server's SVGs, and static/js/charts.js asks for these
    only when the reader first points at, touches or keys into one of its charts."""
    context = computed_or_422(request, explorer)
    theme = request.query_params.get("theme", "light")
    answer = themed_figures(context["figures"], theme)
    return Response(_json_text(answer), media_type="application/json")


def live_response(request: Request, explorer: Explorer) -> Response:
    answer = live_answer(origin(request), explorer, request.query_params, request.url.query)
    return Response(answer, media_type="application/json")
