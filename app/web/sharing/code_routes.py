"""Routes for a view as code: ``/code/{kind}.py`` (the script as a download),
``/notebook/{kind}.ipynb`` (the notebook) and ``/api/v1/{kind}/code`` (the JSON twin, one
operation per explorer).

Each takes ``framework`` and the page's own query. A query the page refuses is refused here
with the page's 422 (its message, and the column of a parse error): no script or notebook is
ever made from input the API would not answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, get_args

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from app.api.errors import TOO_LONG, FieldError
from app.web.explorers.explorer import Explorer
from app.web.explorers.registry import explorer_or_404
from app.web.sharing.code import FRAMEWORKS, Script, checked_script
from app.web.sharing.links import origin
from app.web.sharing.notebooks import notebook_for, notebook_text

Framework = Literal["numpy", "torch", "jax"]
Kind = Literal["scalar", "model", "network", "batches"]
KINDS: tuple[str, ...] = get_args(Kind)
FRAMEWORK_DESCRIPTION = (
    f"The framework the script is written for: {', '.join(FRAMEWORKS)}. NumPy backpropagates"
    " by hand; PyTorch and JAX use their autograd."
)
FrameworkQuery = Annotated[Framework, Query(description=FRAMEWORK_DESCRIPTION)]

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api/v1", tags=["code"], responses=TOO_LONG)


class CodeResponse(BaseModel):
    kind: Kind
    framework: Framework
    filename: str = Field(description="The file name the download route gives the script.")
    page: str = Field(description="The page whose numbers the script reproduces.")
    code: str = Field(description="The script: run it with `python <file>`.")
    requires: list[str] = Field(description="The packages it imports, as pip names them.")
    expected: dict[str, Any] = Field(
        description="The JSON object the script prints as its last line: the same fields, names"
        " and nesting as this explorer's API answer (null for a non-finite number)."
    )


def script_or_422(request: Request, explorer: Explorer, framework: str) -> Script:
    """The script for the request's query, or the page's own 422."""
    values = explorer.values(request.query_params)
    try:
        return checked_script(explorer, values, framework, origin(request))
    except FieldError as error:
        raise error.as_validation_error("query") from None


def code_route(kind: str) -> Callable[..., CodeResponse]:
    """The JSON twin's operation for one explorer (one per explorer, so that the API
    reference's try-it form and a generated client each get a plain query operation)."""

    def code_from_query(request: Request, framework: FrameworkQuery = "numpy") -> CodeResponse:
        script = script_or_422(request, explorer_or_404(kind), framework)
        return CodeResponse(
            kind=kind,
            framework=framework,
            filename=script.filename,
            page=script.page_url,
            code=script.code,
            requires=list(script.requires),
            expected=script.expected,
        )

    code_from_query.__doc__ = (
        f"The script that reproduces the page `/{kind}` with the same query, and the numbers"
        " its last line prints. Besides `framework` it takes the explorer's own query fields,"
        f" as its page and `/api/v1/{kind}` take them."
    )
    return code_from_query


for _kind in KINDS:
    api_router.add_api_route(
        f"/{_kind}/code",
        code_route(_kind),
        methods=["GET"],
        response_model=CodeResponse,
        name=f"{_kind}_code_from_query",
        summary=f"The {_kind} explorer's view as a NumPy, PyTorch or JAX script",
    )


@router.get("/code/{kind}.py")
def code_download(request: Request, kind: str, framework: FrameworkQuery = "numpy") -> Response:
    script = script_or_422(request, explorer_or_404(kind), framework)
    return Response(
        script.code,
        media_type="text/x-python; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{script.filename}"'},
    )


@router.get("/notebook/{kind}.ipynb")
def notebook_download(request: Request, kind: str, framework: FrameworkQuery = "numpy") -> Response:
    explorer = explorer_or_404(kind)
    script = script_or_422(request, explorer, framework)
    notebook = notebook_for(
        explorer, explorer.values(request.query_params), script, script.page_url
    )
    filename = script.filename.removesuffix(".py") + ".ipynb"
    return Response(
        notebook_text(notebook),
        media_type="application/x-ipynb+json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
