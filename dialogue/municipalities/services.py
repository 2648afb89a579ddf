"""Setting up a municipality (command line) and its admin's settings (audited)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from dialogue.accounts.models import Role, User
from dialogue.audit.services import SYSTEM_ACTOR, record
from dialogue.contributions.validation import clean_text, has_forbidden_characters
from dialogue.extensions import db
from dialogue.moderation.reasons import add_default_reasons
from dialogue.municipalities.models import Municipality, MunicipalityLogo

NAME_MIN, NAME_MAX = 2, 120
SLUG_MIN, SLUG_MAX = 2, 60
#: Lower-case letters and digits in groups separated by single hyphens.
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


class MunicipalityError(ValueError):
    """A municipality cannot be created with these values; the message says why.

    The message is English (command line); `dutch` says the same for the web form, and `field`
    names the form field it is about.
    """

    def __init__(self, message: str, dutch: str, field: str = "name") -> None:
        super().__init__(message)
        self.dutch = dutch
        self.field = field


def slug_from_name(name: str) -> str:
    """Return the web address part for name: ASCII, lower case, hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _NON_SLUG.sub("-", ascii_name.lower()).strip("-")[:SLUG_MAX].strip("-")


def reserved_slugs() -> set[str]:
    """Return the first path segments the site itself uses (/beheer, /privacy, /api, …)."""
    segments = set()
    for rule in current_app.url_map.iter_rules():
        first = rule.rule.strip("/").split("/")[0]
        if first and "<" not in first:
            segments.add(first.lower())
    return segments


def clean_municipality_name(name: str) -> str:
    """Return name tidied, or raise MunicipalityError when it is empty, too long or taken."""
    cleaned = " ".join(clean_text(name).split())
    if not NAME_MIN <= len(cleaned) <= NAME_MAX:
        raise MunicipalityError(
            f"the name must be {NAME_MIN} to {NAME_MAX} characters long",
            _("Gebruik een naam van %(low)s tot %(high)s tekens.", low=NAME_MIN, high=NAME_MAX),
        )
    if has_forbidden_characters(cleaned):
        raise MunicipalityError(
            "the name contains control or direction characters",
            _("De naam bevat tekens die niet zijn toegestaan."),
        )
    taken = db.session.scalar(
        select(Municipality.id).where(func.lower(Municipality.name) == cleaned.lower())
    )
    if taken is not None:
        raise MunicipalityError(
            f"a municipality named {cleaned!r} already exists",
            _("Er is al een gemeente met de naam %(name)s.", name=cleaned),
        )
    return cleaned


def check_slug(slug: str) -> str:
    """Return slug, or raise MunicipalityError when its format is wrong, or it is used or taken."""
    if not SLUG_MIN <= len(slug) <= SLUG_MAX:
        raise MunicipalityError(
            f"the slug must be {SLUG_MIN} to {SLUG_MAX} characters long",
            _(
                "Gebruik voor het webadres %(low)s tot %(high)s tekens.",
                low=SLUG_MIN,
                high=SLUG_MAX,
            ),
            "slug",
        )
    if not SLUG_PATTERN.match(slug):
        raise MunicipalityError(
            f"slug {slug!r}: use lower-case letters a-z, digits and single hyphens between them",
            _("Gebruik voor het webadres kleine letters a-z, cijfers en losse streepjes ertussen."),
            "slug",
        )
    if slug in reserved_slugs():
        raise MunicipalityError(
            f"slug {slug!r} is used by the site itself; choose another",
            _("Het webadres %(slug)s gebruikt Kernpunt zelf. Kies een ander.", slug=slug),
            "slug",
        )
    if db.session.scalar(select(Municipality.id).where(Municipality.slug == slug)) is not None:
        raise MunicipalityError(
            f"slug {slug!r} is already taken",
            _("Het webadres %(slug)s is al in gebruik. Kies een ander.", slug=slug),
            "slug",
        )
    return slug


def create_municipality(
    name: str, slug: str | None = None, *, actor: Any = SYSTEM_ACTOR
) -> Municipality:
    """Create a municipality outside the network (audited, by default as the system).

    The caller commits.
    """
    cleaned = clean_municipality_name(name)
    if slug is None:
        slug = slug_from_name(cleaned)
        if len(slug) < SLUG_MIN:
            raise MunicipalityError(
                f"cannot make a slug from {cleaned!r}; choose one (--slug)",
                _("Van deze naam kan geen webadres worden gemaakt. Vul er zelf een in."),
                "slug",
            )
    chosen = check_slug(slug)
    municipality = Municipality(name=cleaned, slug=chosen, settings={}, in_network=False)
    db.session.add(municipality)
    db.session.flush()
    add_default_reasons(municipality)
    record(
        "municipality.create",
        municipality,
        municipality_id=municipality.id,
        actor=actor,
        details={"name": cleaned, "slug": chosen, "in_network": False},
    )
    return municipality


def set_in_network(municipality: Municipality, in_network: bool) -> bool:
    """Show the municipality's themes to the network partners, or stop (audited).

    Returns False when nothing changed (and then writes no event).
    """
    if municipality.in_network == in_network:
        return False
    old = municipality.in_network
    municipality.in_network = in_network
    db.session.flush()
    record(
        "municipality.update",
        municipality,
        municipality_id=municipality.id,
        details={"field": "in_network", "old": old, "new": in_network},
    )
    return True


def list_municipalities() -> list[Municipality]:
    """Return every municipality, by name."""
    return list(db.session.scalars(select(Municipality).order_by(Municipality.name)))


def sole_municipality_name() -> str | None:
    """Return the name of the only municipality on this instance, or None when there are more."""
    names = db.session.scalars(select(Municipality.name).limit(2)).all()
    return names[0] if len(names) == 1 else None


def municipality_by_slug(slug: str) -> Municipality | None:
    """Return the municipality with this web address, or None."""
    return db.session.scalar(select(Municipality).filter_by(slug=slug))


def logo_of(slug: str) -> MunicipalityLogo | None:
    """Return the logo of the municipality with this web address, or None."""
    return db.session.scalar(
        select(MunicipalityLogo)
        .join(Municipality, Municipality.id == MunicipalityLogo.municipality_id)
        .where(Municipality.slug == slug)
    )


def admin_counts() -> dict[int, int]:
    """Return the number of admins per municipality (municipalities without any left out)."""
    rows = db.session.execute(
        select(User.municipality_id, func.count())
        .where(User.role == Role.ADMIN, User.municipality_id.is_not(None))
        .group_by(User.municipality_id)
    )
    return {municipality_id: count for municipality_id, count in rows}


def admins_of(municipality: Municipality) -> list[User]:
    """Return the admins of a municipality, by name."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.municipality_id == municipality.id, User.role == Role.ADMIN)
            .order_by(User.display_name)
        )
    )
