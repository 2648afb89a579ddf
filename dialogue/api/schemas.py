"""JSON schemas of the API, declared once: the OpenAPI document and the body check both read them."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from dialogue.contributions.validation import CLIENT_REF_MAX, TEXT_MAX, TEXT_MIN

#: Items per page of the contribution list.
PAGE_SIZE = 50

_NULLABLE_DATETIME = {"type": ["string", "null"], "format": "date-time"}

CONSULTATION: dict[str, Any] = {
    "type": "object",
    "description": "A consultation; drafts are listed only for officials of its municipality.",
    "properties": {
        "id": {"type": "integer"},
        "slug": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "string", "enum": ["draft", "open", "closed"]},
        "municipality": {"type": "string", "description": "The municipality's slug."},
        "areas": {
            "type": "array",
            "items": {"type": "string"},
            "description": (
                "The kernen (villages, neighbourhoods) the consultation concerns, by name;"
                " the field keeps its v1 name `areas`."
            ),
        },
        "opens_at": _NULLABLE_DATETIME,
        "closes_at": _NULLABLE_DATETIME,
    },
    "required": ["id", "slug", "title", "status", "municipality", "areas", "opens_at", "closes_at"],
    "additionalProperties": False,
}

CONSULTATION_LIST: dict[str, Any] = {
    "type": "object",
    "properties": {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Consultation"}}
    },
    "required": ["items"],
    "additionalProperties": False,
}

CONTRIBUTION: dict[str, Any] = {
    "type": "object",
    "description": "Input of a resident; the public sees published input only.",
    "properties": {
        "id": {"type": "integer"},
        "text": {"type": "string", "description": "The public text (redacted where needed)."},
        "area": {
            "type": ["string", "null"],
            "description": "The kern (village or neighbourhood) by name, if any; v1 name `area`.",
        },
        "status": {
            "type": "string",
            "enum": ["pending", "published", "hidden", "rejected", "withdrawn"],
        },
        "created_at": {"type": "string", "format": "date-time"},
        "theme": {"type": ["string", "null"], "description": "Label of the theme, if any."},
    },
    "required": ["id", "text", "area", "status", "created_at", "theme"],
    "additionalProperties": False,
}

CONTRIBUTION_PAGE: dict[str, Any] = {
    "type": "object",
    "properties": {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Contribution"}},
        "page": {"type": "integer", "minimum": 1},
        "pages": {"type": "integer", "minimum": 1},
    },
    "required": ["items", "page", "pages"],
    "additionalProperties": False,
}

NEW_CONTRIBUTION: dict[str, Any] = {
    "type": "object",
    "description": (
        "New input. The text is trimmed before its length is checked; texts with control, "
        "binary or direction-changing characters get 400; unknown fields are refused."
    ),
    "properties": {
        "text": {"type": "string", "minLength": TEXT_MIN, "maxLength": TEXT_MAX},
        "area": {
            "type": ["string", "null"],
            "description": (
                "The kern: the name of one of the consultation's kernen (case-insensitive),"
                " or null; the field keeps its v1 name `area`."
            ),
        },
        "client_ref": {
            "type": ["string", "null"],
            "maxLength": CLIENT_REF_MAX,
            "description": "Your own reference; a retry with the same reference returns the first result.",
        },
    },
    "required": ["text"],
    "additionalProperties": False,
}

CONTRIBUTION_RECEIPT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "status": {
            "type": "string",
            "enum": ["pending", "published", "hidden", "rejected", "withdrawn"],
        },
        "client_ref": {"type": ["string", "null"]},
    },
    "required": ["id", "status", "client_ref"],
    "additionalProperties": False,
}

ERRORS: dict[str, Any] = {
    "type": "object",
    "description": "What is wrong with the request, per field (Dutch messages).",
    "properties": {
        "errors": {"type": "object", "additionalProperties": {"type": "string"}},
    },
    "required": ["errors"],
}

ERROR: dict[str, Any] = {
    "type": "object",
    "description": "An error that concerns the whole request (Dutch title and message).",
    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
    "required": ["error", "message"],
}

NEW_VOTE: dict[str, Any] = {
    "type": "object",
    "description": "A resident's vote on published input; a second vote changes the first.",
    "properties": {"vote": {"type": "string", "enum": ["agree", "disagree", "pass"]}},
    "required": ["vote"],
    "additionalProperties": False,
}

VOTE_RECEIPT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer", "description": "The contribution voted on."},
        "vote": {"type": "string", "enum": ["agree", "disagree", "pass"]},
    },
    "required": ["id", "vote"],
    "additionalProperties": False,
}

_COUNT = {
    "type": ["integer", "null"],
    "description": "null when below the privacy threshold.",
}


def _objects(properties: dict[str, Any], *, description: str | None = None) -> dict[str, Any]:
    """Return the schema of a list of closed objects whose every property is required."""
    schema: dict[str, Any] = {
        "type": "array",
        "items": {
            "type": "object",
            "properties": properties,
            "required": list(properties),
            "additionalProperties": False,
        },
    }
    if description:
        schema["description"] = description
    return schema


COMMON_GROUND: dict[str, Any] = {
    "type": "object",
    "description": (
        "Opinion groups found in the votes (groups below the privacy threshold are left out), "
        "input sorted by group-informed consensus (highest first), and input on which groups "
        "differ by 30 points or more."
    ),
    "properties": {
        "groups": _objects({"id": {"type": "string"}, "size": {"type": "integer"}}),
        "statements": _objects(
            {
                "id": {"type": "integer"},
                "text": {"type": "string"},
                "agree": _COUNT,
                "disagree": _COUNT,
                "pass": _COUNT,
                "consensus": {"type": "number", "minimum": 0, "maximum": 1},
            }
        ),
        "divisive": _objects(
            {
                "id": {"type": "integer"},
                "text": {"type": "string"},
                "groups": _objects(
                    {
                        "id": {"type": "string"},
                        "agree_share": {"type": "number", "minimum": 0, "maximum": 1},
                    }
                ),
            }
        ),
        "kernen": _objects(
            {
                "kern": {"type": "string"},
                "voters": {"type": "integer"},
                "common_ground": _objects({"id": {"type": "integer"}, "text": {"type": "string"}}),
            },
            description=(
                "Per kern (a voter counts for the kern of their own input) with at least the "
                "privacy threshold of voters in a group: up to 3 inputs every group among "
                "them with at least that many of its voters agrees with (60%), highest "
                "consensus first. Kernen with fewer voters are left out."
            ),
        ),
    },
    "required": ["groups", "statements", "divisive", "kernen"],
    "additionalProperties": False,
}

#: Every schema by its component name in the OpenAPI document.
SCHEMAS: dict[str, dict[str, Any]] = {
    "Consultation": CONSULTATION,
    "ConsultationList": CONSULTATION_LIST,
    "Contribution": CONTRIBUTION,
    "ContributionPage": CONTRIBUTION_PAGE,
    "NewContribution": NEW_CONTRIBUTION,
    "ContributionReceipt": CONTRIBUTION_RECEIPT,
    "NewVote": NEW_VOTE,
    "VoteReceipt": VOTE_RECEIPT,
    "CommonGround": COMMON_GROUND,
    "Errors": ERRORS,
    "Error": ERROR,
}

_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "null": (type(None),),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
}


def _has_type(value: Any, allowed: str | list[str]) -> bool:
    names = [allowed] if isinstance(allowed, str) else allowed
    if isinstance(value, bool) and "boolean" not in names:
        return False  # bool is an int in Python, never in JSON
    return any(isinstance(value, _PYTHON_TYPES[name]) for name in names)


def shape_errors(schema: dict[str, Any], body: Any) -> dict[str, object]:
    """Return per-field errors for a body that is not an object of the schema's fields and types.

    Only the shape is checked here; what the values mean (length, kern, …) is checked by
    the service that stores them, so that the web form and the API share one validation.
    """
    if not isinstance(body, dict):
        return {"body": _l('Stuur een JSON-object, bijvoorbeeld {"text": "..."}.')}
    errors: dict[str, object] = {}
    properties: dict[str, Any] = schema["properties"]
    if schema.get("additionalProperties") is False:
        for name in body:
            if name not in properties:
                errors[str(name)[:100]] = _l("Dit veld kennen we niet. Laat het weg.")
    for name in schema.get("required", []):
        if name not in body:
            errors[name] = _l("Dit veld is verplicht.")
    for name, definition in properties.items():
        if name in body and not _has_type(body[name], definition["type"]):
            errors[name] = (
                _l("Gebruik tekst of null.")
                if "null" in definition["type"]
                else _l("Gebruik tekst.")
            )
    return errors
