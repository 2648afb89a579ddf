"""Expected access per route, gathered by tests/test_access_matrix.py and tests/security/test_csrf.py.

How to add your routes
----------------------
Create ``tests/access/<domain>.py`` with::

    from tests.access import row

    EXPECTED = {
        "consultations.show": row(200, 200, 200, 200, 200, 200),
        "officials.home": row(302, 403, 200, 200, 200, 200),
    }

``row(anonymous, resident, moderator, analyst, admin, other_admin)``; ``other_admin`` is the
admin of municipality B, every object in the world belongs to municipality A. A status is an
int (200, 302, 400, 403, 404, ...); a 302 for the anonymous visitor must lead to the login page
unless you write ``(302, "/expected/path/prefix")``. Add ``network=...`` to also check a
Town-Deal network user, ``platform=...`` a platform admin (no municipality, no input).

State-changing routes (POST) have a second table, ``POST_EXPECTED``, in the same form:
tests/test_access_post.py posts to each with a valid CSRF token and no other fields, as every
visitor, and checks the status; a refused request (login redirect, 401, 403, 404) must change
nothing but the audit log.

Routes with URL parameters get their values from SAMPLES: a parameter name -> a function of
the World (tests/world.py) that returns the value. Defaults are in ``SAMPLES`` here; a module
may add its own ``SAMPLES = {"theme_key": lambda world: make_theme(world.consultation).key}``; the
function may create objects (it runs inside the test, after the world is committed).
Name your URL parameters after what they hold (consultation_id, contribution_id, slug, ...):
a parameter without a sample fails the test with a message that says so.
"""

from __future__ import annotations

import importlib
import pkgutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from flask import Flask
from werkzeug.routing import Rule

from tests.world import World

#: The visitors of the matrix, in column order.
ROLES = ("anonymous", "resident", "moderator", "analyst", "admin", "other_admin")
#: Roles a row may add with a keyword argument.
EXTRA_ROLES = ("network", "platform")
LOGIN_PATH = "/account/inloggen"

Status = int | tuple[int, str]


def row(
    anonymous: Status,
    resident: Status,
    moderator: Status,
    analyst: Status,
    admin: Status,
    other_admin: Status,
    **extra: Status,
) -> dict[str, Status]:
    """Return one line of an EXPECTED table, in the column order of ROLES."""
    unknown = set(extra) - set(EXTRA_ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}; known extras: {EXTRA_ROLES}")
    values = (anonymous, resident, moderator, analyst, admin, other_admin)
    return dict(zip(ROLES, values, strict=True)) | extra


def everyone(status: Status = 200) -> dict[str, Status]:
    """Return a line where every visitor gets the same status."""
    return row(status, status, status, status, status, status)


Sample = Callable[[World], Any]

#: Default values for URL parameters; modules in this package may add more.
SAMPLES: dict[str, Sample] = {
    "municipality": lambda w: w.municipality.slug,
    "municipality_slug": lambda w: w.municipality.slug,
    "municipality_id": lambda w: w.municipality.id,
    "slug": lambda w: w.consultation.slug,
    "consultation_slug": lambda w: w.consultation.slug,
    "consultation_id": lambda w: w.consultation.id,
    "contribution_id": lambda w: w.contribution.id,
    "reply_id": lambda w: w.reply.id,
    "kern_id": lambda w: w.kern.id,
    "user_id": lambda w: w.users["moderator"].id,
    "token": lambda w: "ongeldige-link",
    "filename": lambda w: "css/kernpunt.css",
}


@dataclass
class Tables:
    """Everything gathered from the modules of this package."""

    expected: dict[str, dict[str, Status]]
    samples: dict[str, Sample]
    sources: dict[str, str]
    #: The POST_EXPECTED tables: what a POST with only a CSRF token gets, per visitor.
    post_expected: dict[str, dict[str, Status]] = field(default_factory=dict)


@cache
def gather() -> Tables:
    """Import every module in tests/access and merge their EXPECTED and SAMPLES."""
    tables = Tables({}, dict(SAMPLES), {})
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for name, table in (("EXPECTED", tables.expected), ("POST_EXPECTED", tables.post_expected)):
            for endpoint, line in getattr(module, name, {}).items():
                if endpoint in table:
                    raise AssertionError(
                        f"{endpoint} is in {name} of two modules, one is tests/access/{info.name}.py"
                    )
                missing = set(ROLES) - set(line)
                if missing:
                    raise AssertionError(f"{endpoint} in {info.name}.py lacks {sorted(missing)}")
                table[endpoint] = line
                tables.sources.setdefault(endpoint, info.name)
        tables.samples.update(getattr(module, "SAMPLES", {}))
    return tables


@cache
def rules_app() -> Flask:
    """Return an app used only to read the URL map at collection time (no database use)."""
    from dialogue import create_app
    from dialogue.config import TestConfig

    instance = tempfile.mkdtemp(prefix="kp-access-")
    return create_app(type("RulesConfig", (TestConfig,), {"INSTANCE_PATH": instance}))


def rules(methods: set[str]) -> list[Rule]:
    """Return the app's URL rules that accept one of methods, in a stable order."""
    found = [r for r in rules_app().url_map.iter_rules() if r.methods and r.methods & methods]
    return sorted(found, key=lambda r: (r.endpoint, r.rule))


def rule_id(rule: Rule) -> str:
    """Return a readable test id for a rule."""
    return f"{rule.endpoint}:{rule.rule}"


def url_values(rule: Rule, world: World, samples: dict[str, Sample]) -> dict[str, Any]:
    """Return sample values for the arguments of rule; fail clearly when one is unknown."""
    values = {}
    for name in sorted(rule.arguments):
        if name in (rule.defaults or {}):
            continue
        if name not in samples:
            raise LookupError(
                f"No sample value for URL parameter <{name}> of {rule.endpoint} ({rule.rule}). "
                f"Add SAMPLES = {{{name!r}: lambda world: ...}} to your tests/access/<domain>.py."
            )
        if name not in world.values:
            world.values[name] = samples[name](world)
        values[name] = world.values[name]
    return values
