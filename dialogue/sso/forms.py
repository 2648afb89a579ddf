"""The admin's form for inloggen via de gemeente (OpenID Connect)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField, ValidationError
from wtforms.validators import Length, Optional

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def split_values(text: str | None) -> list[str]:
    """Return the claim values in text, one per line or separated by commas."""
    parts = (text or "").replace(",", "\n").splitlines()
    return sorted({part.strip() for part in parts if part.strip()})


class SsoSettingsForm(FlaskForm):
    """Issuer, client id, the role claim and its values per role."""

    enabled = BooleanField(_l("Medewerkers kunnen inloggen via de gemeente"))
    issuer = StringField(_l("Issuer (adres van de inlogdienst)"), validators=[Length(max=300)])
    client_id = StringField(_l("Client-id"), validators=[Length(max=200)])
    role_claim = StringField(_l("Claim met de rollen"), validators=[Optional(), Length(max=100)])
    moderator_values = TextAreaField(_l("Waarden voor moderator"), validators=[Length(max=2000)])
    analyst_values = TextAreaField(_l("Waarden voor analist"), validators=[Length(max=2000)])
    admin_values = TextAreaField(_l("Waarden voor beheerder"), validators=[Length(max=2000)])

    def validate_issuer(self, field: StringField) -> None:
        value = (field.data or "").strip()
        if not value:
            if self.enabled.data:
                raise ValidationError(_l("Vul het adres van de inlogdienst in."))
            return
        parts = urlsplit(value)
        secure = parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK)
        if not secure or not parts.hostname:
            raise ValidationError(_l("Gebruik een adres dat begint met https://."))

    def validate_client_id(self, field: StringField) -> None:
        if self.enabled.data and not (field.data or "").strip():
            raise ValidationError(_l("Vul de client-id in."))

    def validate_admin_values(self, field: TextAreaField) -> None:
        every = [
            split_values(self.moderator_values.data),
            split_values(self.analyst_values.data),
            split_values(field.data),
        ]
        if self.enabled.data and not any(every):
            raise ValidationError(_l("Geef voor minstens één rol de waarden uit de claim."))
        seen: set[str] = set()
        for values in every:
            if seen & set(values):
                raise ValidationError(_l("Een waarde mag maar bij één rol horen."))
            seen |= set(values)
