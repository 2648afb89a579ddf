"""The one test world: two municipalities, each with its officials, and a resident."""

from __future__ import annotations

from dataclasses import dataclass

from dialogue.accounts.models import Role, User
from dialogue.consultations.models import Consultation
from dialogue.extensions import db
from dialogue.municipalities.models import Municipality
from tests.factories import make_consultation, make_municipality, make_user


@dataclass
class World:
    """Municipality A with every kind of official, and municipality B with its own."""

    a: Municipality
    b: Municipality
    moderator: User
    analyst: User
    admin: User
    resident: User
    other_admin: User
    other_moderator: User
    consultation: Consultation
    other_consultation: Consultation


def build_world() -> World:
    """Create the world and commit it."""
    a = make_municipality(name="Dorpen aan de Dijk")
    b = make_municipality(name="Veenkoloniën")
    world = World(
        a=a,
        b=b,
        moderator=make_user(Role.MODERATOR, municipality=a),
        analyst=make_user(Role.ANALYST, municipality=a),
        admin=make_user(Role.ADMIN, municipality=a),
        resident=make_user(Role.RESIDENT),
        other_admin=make_user(Role.ADMIN, municipality=b),
        other_moderator=make_user(Role.MODERATOR, municipality=b),
        consultation=make_consultation(municipality=a),
        other_consultation=make_consultation(municipality=b),
    )
    db.session.commit()
    return world
