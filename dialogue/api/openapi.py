"""The OpenAPI 3.1 document, built with apispec from the routes and the schemas in schemas.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from apispec import APISpec
from flask import Flask

from dialogue.api.schemas import SCHEMAS

F = TypeVar("F", bound=Callable[..., Any])

API_PREFIX = "/api/v1"
_CONVERTER = re.compile(r"<(?:(?P<converter>[a-z]+):)?(?P<name>\w+)>")
_PARAMETER_SCHEMAS: dict[str, dict[str, Any]] = {
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "id": {"type": "integer", "minimum": 0, "maximum": 999_999_999},
}


def operation(**details: Any) -> Callable[[F], F]:
    """Attach the OpenAPI operation (summary, parameters, responses, …) to a view."""

    def decorator(view: F) -> F:
        view.openapi_operation = details  # type: ignore[attr-defined]
        return view

    return decorator


def json_response(description: str, schema: str, **headers: dict[str, Any]) -> dict[str, Any]:
    """Return an OpenAPI response object whose JSON body is the named schema."""
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }
    if headers:
        response["headers"] = headers
    return response


def _openapi_path(rule: str) -> tuple[str, list[dict[str, Any]]]:
    """Turn a Flask rule into an OpenAPI path and its path parameters."""
    parameters = [
        {
            "name": match["name"],
            "in": "path",
            "required": True,
            "schema": _PARAMETER_SCHEMAS.get(match["converter"] or "", {"type": "string"}),
        }
        for match in _CONVERTER.finditer(rule)
    ]
    return _CONVERTER.sub(r"{\g<name>}", rule), parameters


def build_document(app: Flask) -> dict[str, Any]:
    """Return the OpenAPI document of every route under /api/v1."""
    spec = APISpec(
        title="Kernpunt API",
        version="1",
        openapi_version="3.1.0",
        info={
            "description": (
                "Consultations and residents' input of Kernpunt. Messages in error bodies are "
                "Dutch. Authenticate with `Authorization: Bearer <token>` "
                "(`flask tokens create EMAIL`)."
            ),
            "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        },
        servers=[{"url": "/"}],
    )
    spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    for name, schema in SCHEMAS.items():
        spec.components.schema(name, schema)
    paths: dict[str, dict[str, dict[str, Any]]] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith(API_PREFIX + "/"):
            continue
        view = app.view_functions[rule.endpoint]
        details = getattr(view, "openapi_operation", None)
        if details is None:
            raise LookupError(f"API route {rule.rule} has no @operation")
        path, path_parameters = _openapi_path(rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            entry = dict(details)
            entry.setdefault("operationId", rule.endpoint.replace(".", "_") + "_" + method.lower())
            entry["parameters"] = path_parameters + list(details.get("parameters", []))
            paths.setdefault(path, {})[method.lower()] = entry
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()
