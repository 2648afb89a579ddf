"""Where a municipality's OpenID Connect settings live: municipality.settings["sso"], and the
client secret in the environment or an instance file (never in the database or the UI)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from dialogue.accounts.models import Role
from dialogue.extensions import db
from dialogue.municipalities.models import Municipality

#: The roles a claim value may give, strongest first.
MAPPED_ROLES = (Role.ADMIN, Role.ANALYST, Role.MODERATOR)


@dataclass
class SsoSettings:
    """A municipality's identity provider and how its claims map to Kernpunt roles."""

    enabled: bool = False
    issuer: str = ""
    client_id: str = ""
    #: The ID-token claim that holds the official's roles or groups (a string or a list).
    role_claim: str = "roles"
    #: Role value ("moderator", "analyst", "admin") -> claim values that give it.
    role_values: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "enabled": self.enabled,
            "issuer": self.issuer,
            "client_id": self.client_id,
            "role_claim": self.role_claim,
            "role_values": self.role_values,
        }


def sso_settings(municipality: Municipality) -> SsoSettings:
    """Return the municipality's settings (disabled when none were saved)."""
    saved = (municipality.settings or {}).get("sso") or {}
    known = {key: saved[key] for key in SsoSettings().as_dict() if key in saved}
    return SsoSettings(**known)


def secret_variable(municipality: Municipality) -> str:
    """Return the environment variable that holds the client secret, e.g. KERNPUNT_OIDC_SECRET_URK."""
    return "KERNPUNT_OIDC_SECRET_" + municipality.slug.upper().replace("-", "_")


def secret_file(municipality: Municipality) -> Path:
    """Return the instance file that may hold the client secret instead."""
    return Path(current_app.instance_path) / "oidc" / f"{municipality.slug}.secret"


def client_secret(municipality: Municipality) -> str | None:
    """Return the client secret from the environment, else from the instance file, else None."""
    value = os.environ.get(secret_variable(municipality), "").strip()
    if value:
        return value
    path = secret_file(municipality)
    if path.is_file():
        return path.read_text("utf-8").strip() or None
    return None


def role_from_claims(settings: SsoSettings, claims: dict) -> Role | None:
    """Return the strongest role the claim values map to, or None when none is mapped."""
    raw = claims.get(settings.role_claim)
    values = {raw} if isinstance(raw, str) else set(raw) if isinstance(raw, list) else set()
    for role in MAPPED_ROLES:
        if values & set(settings.role_values.get(role.value, [])):
            return role
    return None


def municipalities_with_sso() -> list[Municipality]:
    """Return the municipalities whose officials can log in with their own provider."""
    found = db.session.scalars(select(Municipality).order_by(Municipality.name))
    return [m for m in found if sso_settings(m).enabled]
