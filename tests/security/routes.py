"""The application's routes, with URL arguments filled in from seeded objects."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from flask import Flask
from werkzeug.routing import Rule
from werkzeug.routing.converters import NumberConverter

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Route:
    """One rule with a concrete URL to request it by."""

    endpoint: str
    url: str
    methods: frozenset[str]


def _value(rule: Rule, argument: str, values: Mapping[str, object]) -> object:
    if argument in values:
        return values[argument]
    converter = rule._converters[argument]  # werkzeug keeps the converters here
    return 1 if isinstance(converter, NumberConverter) else "x"


def routes(app: Flask, values: Mapping[str, object] | None = None) -> Iterator[Route]:
    """Yield every rule except static files, arguments taken from values (by name) if given."""
    values = values or {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static" or rule.endpoint.endswith(".static"):
            continue
        arguments = {name: _value(rule, name, values) for name in rule.arguments}
        url = rule.build(arguments, append_unknown=False)[1]
        methods = frozenset(rule.methods or ()) - {"HEAD", "OPTIONS"}
        yield Route(rule.endpoint, url, methods)


def get_routes(app: Flask, values: Mapping[str, object] | None = None) -> list[Route]:
    """Return the routes that answer GET."""
    return [route for route in routes(app, values) if "GET" in route.methods]


def state_changing_routes(app: Flask, values: Mapping[str, object] | None = None) -> list[Route]:
    """Return the routes that change state (POST, PUT, PATCH, DELETE)."""
    return [route for route in routes(app, values) if route.methods & STATE_CHANGING]
