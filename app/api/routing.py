"""What every API router shares: the 414 any operation may answer, and one value for each
query parameter.

A query parameter given more than once is refused: which value was meant is anyone's guess.
FastAPI quietly keeps the last of ``?epoch=3&epoch=5`` for a parameter that takes one value;
the API answers 422 instead, in FastAPI's error shape, naming the parameter and every value.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError

from app.api.errors import BAD_BODY, TOO_LONG


def one_value_each(request: Request) -> None:
    """A router dependency: each of the operation's query parameters at most once."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    names = query_names(dependant)
    errors = [
        {
            "loc": ["query", name],
            "msg": f"{name} is given {len(values)} times; give it once",
            "type": "repeated_parameter",
            "input": values,
        }
        for name in sorted(names)
        if len(values := request.query_params.getlist(name)) > 1
    ]
    if errors:
        raise RequestValidationError(errors)


def query_names(dependant: Dependant) -> set[str]:
    """The names of the query parameters an operation takes, its dependencies' too."""
    names = {param.alias for param in dependant.query_params}
    for dependency in dependant.dependencies:
        names |= query_names(dependency)
    return names


ONE_VALUE_EACH = [Depends(one_value_each)]
"""``dependencies=`` for every router of operations that take a query."""


def api_router(tag: str) -> APIRouter:
    """The router of one part of ``/api/v1``, under ``tag`` in the API's reference."""
    return APIRouter(prefix="/api/v1", tags=[tag], responses=TOO_LONG, dependencies=ONE_VALUE_EACH)


def json_post(router: APIRouter, path: str, response_model: type, summary: str) -> Callable:
    """``@router.post`` for an operation that takes a JSON body: it may also answer 400 (not
    JSON) and 413 (over 64 KiB)."""
    return router.post(path, responses=BAD_BODY, response_model=response_model, summary=summary)
