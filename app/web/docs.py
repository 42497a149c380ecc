"""The API reference at ``/api/docs``: a page of our own drawn from ``/openapi.json``.

Every operation with its parameters, request body, answers and a way to try it: a plain form
for each GET (its fields are the query, the answer is the JSON) and a ``curl`` line for each
POST. Swagger UI's markup had accessibility faults that are not ours to mend (controls nested
in controls, low contrast); this page has none, and it needs no script.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from app.web.explorers.scalar import SCALAR
from app.web.pages.explainer import headline_context
from app.web.sharing.links import link_preview, origin
from app.web.templating import templates

router = APIRouter(include_in_schema=False)

Schema = dict[str, Any]


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    default: str
    limits: str
    description: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    summary: str
    description: str
    parameters: list[Field]
    body: list[Field]
    body_example: str
    responses: list[tuple[str, str]]


@dataclass(frozen=True)
class Group:
    tag: str
    operations: list[Operation]


def type_of(schema: Schema) -> str:
    """A schema's type in a few words: ``integer``, ``list of number``, ``ModelRequest``."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(type_of(option) for option in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(json.dumps(value) for value in schema["enum"])
    if "const" in schema:
        return json.dumps(schema["const"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {type_of(schema.get('items', {}))}"
    if kind == "object" and "additionalProperties" in schema:
        return f"object of {type_of(schema['additionalProperties'])}"
    return "null" if kind == "null" else str(kind)


LIMITS = (
    ("minimum", "≥ {}"),
    ("exclusiveMinimum", "> {}"),
    ("maximum", "≤ {}"),
    ("exclusiveMaximum", "< {}"),
    ("minLength", "at least {} characters"),
    ("maxLength", "at most {} characters"),
    ("minItems", "at least {} items"),
    ("maxItems", "at most {} items"),
    ("pattern", "matches {}"),
)


def limits_of(schema: Schema) -> str:
    found = [template.format(schema[key]) for key, template in LIMITS if key in schema]
    for option in schema.get("anyOf", []):
        found += [template.format(option[key]) for key, template in LIMITS if key in option]
    return "; ".join(found)


def field(name: str, schema: Schema, required: bool, description: str = "") -> Field:
    default = schema.get("default")
    return Field(
        name=name,
        type=type_of(schema),
        required=required,
        default="" if default is None else json.dumps(default, ensure_ascii=False),
        limits=limits_of(schema),
        description=description or schema.get("description", ""),
    )


def body_fields(schema: Schema, components: dict[str, Schema]) -> tuple[list[Field], str]:
    """The fields of a JSON body and its example, for a body given by reference."""
    model = components[schema["$ref"].rsplit("/", 1)[-1]]
    required = set(model.get("required", []))
    fields = [
        field(name, prop, name in required) for name, prop in model.get("properties", {}).items()
    ]
    examples = model.get("examples") or []
    return fields, json.dumps(examples[0], ensure_ascii=False) if examples else ""


def operations(schema: Schema) -> list[Group]:
    """Every operation of the schema, grouped by its first tag, in the schema's order."""
    components = schema.get("components", {}).get("schemas", {})
    groups: dict[str, list[Operation]] = {}
    for path, item in schema["paths"].items():
        for method, spec in item.items():
            body: list[Field] = []
            example = ""
            content = spec.get("requestBody", {}).get("content", {}).get("application/json")
            if content:
                body, example = body_fields(content["schema"], components)
            parameters = [
                field(p["name"], p["schema"], p.get("required", False), p.get("description", ""))
                for p in spec.get("parameters", [])
            ]
            responses = [(code, r.get("description", "")) for code, r in spec["responses"].items()]
            groups.setdefault(spec.get("tags", ["other"])[0], []).append(
                Operation(
                    method=method.upper(),
                    path=path,
                    operation_id=spec["operationId"],
                    summary=spec.get("summary", ""),
                    description=spec.get("description", ""),
                    parameters=parameters,
                    body=body,
                    body_example=example,
                    responses=responses,
                )
            )
    return [Group(tag, ops) for tag, ops in groups.items()]


def prose(text: str) -> Markup:
    """The schema's Markdown descriptions as paragraphs: `code` and **strong**, nothing else."""
    html = []
    for paragraph in text.strip().split("\n\n"):
        escaped = str(escape(" ".join(paragraph.split())))
        parts = escaped.split("`")
        for i in range(1, len(parts), 2):
            parts[i] = f"<code>{parts[i]}</code>"
        joined = "".join(parts)
        strong = joined.split("**")
        for i in range(1, len(strong), 2):
            strong[i] = f"<strong>{strong[i]}</strong>"
        html.append(f"<p>{''.join(strong)}</p>")
    return Markup("".join(html))


@router.get("/api/docs", response_class=HTMLResponse)
async def api_docs(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    context = {
        "title": f"{schema['info']['title']} {schema['info']['version']} — reference",
        "info": schema["info"],
        "introduction": prose(schema["info"].get("description", "")),
        "groups": operations(schema),
        "prose": prose,
        # No chart of its own: a pasted link shows the headline example's.
        "site_preview": link_preview(origin(request), SCALAR, headline_context()),
    }
    return templates.TemplateResponse(request, "pages/api_docs.html", context)
