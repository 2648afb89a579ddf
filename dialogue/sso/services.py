"""Who may log in through a municipality's identity provider, with which role (audited)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from dialogue.accounts.models import OFFICIAL_ROLES, User
from dialogue.audit.services import record
from dialogue.extensions import db
from dialogue.municipalities.models import Municipality
from dialogue.sso.oidc import SsoRefused
from dialogue.sso.settings import SsoSettings, role_from_claims

#: What the official reads when the login is refused, per reason.
_CHECK = _l(
    "De inlogdienst van uw gemeente gaf een bewijs dat Kernpunt niet kan controleren. U bent "
    "niet ingelogd. Vraag uw beheerder om de instellingen voor inloggen via de gemeente na te "
    "kijken."
)
REFUSAL_MESSAGES = {
    "not_configured": _l(
        "Inloggen via de gemeente is niet volledig ingesteld. Log in met uw e-mailadres en "
        "wachtwoord."
    ),
    "provider_unreachable": _l(
        "De inlogdienst van uw gemeente is nu niet bereikbaar. Probeer het later opnieuw, of log "
        "in met uw e-mailadres en wachtwoord."
    ),
    "provider_error": _l("De inlogdienst van uw gemeente heeft het inloggen afgebroken."),
    "no_pending": _l("Deze inlogpoging is verlopen of al gebruikt. Begin opnieuw."),
    "expired": _l("Het inlogbewijs is verlopen. Begin opnieuw."),
    "nonce_mismatch": _l("Dit inlogbewijs hoort niet bij deze inlogpoging. Begin opnieuw."),
    "unknown_official": _l(
        "Er is bij deze gemeente geen medewerker met uw e-mailadres. Vraag uw beheerder om u "
        "uit te nodigen."
    ),
    "unknown_role": _l(
        "Uw rol bij de gemeente geeft geen toegang tot Kernpunt. Vraag uw beheerder om u de rol "
        "moderator, analist of beheerder te geven."
    ),
}


def refusal_message(reason: str) -> str:
    """Return the Dutch explanation of a refused login."""
    return str(REFUSAL_MESSAGES.get(reason, _CHECK))


def record_refusal(municipality: Municipality | None, reason: str) -> None:
    """Audit a refused SSO login (no claims, no e-mail address); the caller commits."""
    record(
        "official.sso_refused",
        municipality,
        municipality_id=municipality.id if municipality else None,
        details={"reason": reason},
    )


def _official(municipality: Municipality, claims: dict) -> User:
    email = claims.get("email")
    if not isinstance(email, str) or not email or claims.get("email_verified") is False:
        raise SsoRefused("unknown_official")
    user = db.session.scalar(
        select(User).where(
            func.lower(User.email) == email.strip().lower(),
            User.municipality_id == municipality.id,
            User.role.in_(OFFICIAL_ROLES),
            User.active.is_(True),
        )
    )
    if user is None:
        raise SsoRefused("unknown_official")
    return user


def official_for_claims(municipality: Municipality, settings: SsoSettings, claims: dict) -> User:
    """Return the existing official the claims are about, with the role the claims give.

    Matched on e-mail address (invitations go by e-mail; `sub` is only known after a first
    login) among active officials of this municipality. No account is ever created, and a
    claim value that maps to no role refuses the login. A changed role is audited.
    """
    user = _official(municipality, claims)
    role = role_from_claims(settings, claims)
    if role is None:
        raise SsoRefused("unknown_role")
    if user.role != role:
        old = user.role
        user.role = role
        db.session.flush()
        record(
            "official.role_change",
            user,
            actor=user,
            details={"old": old.value, "new": role.value, "source": "sso"},
        )
    return user
