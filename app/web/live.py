"""The JSON that an explorer page's script receives on every edit (see static/js/live-form.js).

Bad input is a normal state while someone types, so the live feed answers 200 with ``error``
set (the API proper answers 422); the browser console stays clean.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from app.api.errors import FieldError
from app.web.templating import templates


def live_response(context: dict[str, Any], panels: dict[str, str]) -> JSONResponse:
    """``panels`` maps the id of each page region the script refreshes to its partial."""
    error: FieldError | None = context["error"]
    return JSONResponse(
        {
            "permalink": context["permalink"],
            "json_twin": context["json_twin"],
            "title": context["title"],
            "panels": {
                region: templates.get_template(partial).render(context)
                for region, partial in panels.items()
            },
            "figures": context["figures"],
            "summaries": context["summaries"],
            "error": None
            if error is None
            else {"field": error.field, "message": error.message, "column": error.column},
        }
    )
