"""The JSON that an explorer page's script receives on every edit (see static/js/live-form.js).

Bad input is a normal state while someone types, so the live feed answers 200 with ``error``
set (the API proper answers 422); the browser console stays clean.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from app.api.errors import FieldError
from app.web.explorers import Explorer
from app.web.figures import themed
from app.web.legend import legend_html
from app.web.sharing import sharing
from app.web.templating import templates


def live_response(request: Request, explorer: Explorer, context: dict[str, Any]) -> JSONResponse:
    error: FieldError | None = context["error"]
    context["share"] = sharing(request, explorer, context)
    theme = request.query_params.get("theme", "light")
    figures = (
        None
        if context["figures"] is None
        else {name: themed(figure, theme) for name, figure in context["figures"].items()}
    )
    return JSONResponse(
        {
            "permalink": context["permalink"],
            "json_twin": context["json_twin"],
            "title": context["title"],
            "caption": context["caption"],
            "panels": {
                **{
                    panel: templates.get_template(explorer.panel_template(panel)).render(context)
                    for panel in explorer.panels
                },
                "share": templates.get_template("partials/share.html").render(context),
            },
            "figures": figures,
            "legends": None
            if figures is None
            else {name: legend_html(figure) for name, figure in figures.items()},
            "summaries": context["summaries"],
            "error": None
            if error is None
            else {"field": error.field, "message": error.message, "column": error.column},
        }
    )
