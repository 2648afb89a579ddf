"""Fixtures for the cached public pages: a demo-like consultation and its people."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask

from dialogue.accounts.models import Role, User
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution
from dialogue.extensions import db as _db
from tests.factories import make_consultation, make_contribution, make_user


@dataclass
class Scene:
    consultation: Consultation
    resident: User
    moderator: User
    analyst: User
    admin: User
    first: Contribution

    @property
    def url(self) -> str:
        return f"/{self.consultation.municipality.slug}/{self.consultation.slug}"


@pytest.fixture
def scene(app: Flask, db) -> Scene:
    consultation = make_consultation()
    municipality = consultation.municipality
    resident = make_user(Role.RESIDENT)
    officials = {
        role: make_user(role, municipality=municipality)
        for role in (Role.MODERATOR, Role.ANALYST, Role.ADMIN)
    }
    first = make_contribution(
        consultation=consultation, author=resident, text="Eerste inbreng over de dijk."
    )
    _db.session.commit()
    return Scene(
        consultation,
        resident,
        officials[Role.MODERATOR],
        officials[Role.ANALYST],
        officials[Role.ADMIN],
        first,
    )
