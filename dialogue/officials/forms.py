"""Forms for managing officials."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length

ROLE_CHOICES = [
    SelectChoice("moderator", _l("Moderator: beoordeelt inbreng")),
    SelectChoice("analyst", _l("Analist: thema's, signalen en antwoorden")),
    SelectChoice("admin", _l("Beheerder: alles, ook medewerkers en raadplegingen")),
]


class InviteForm(FlaskForm):
    """Invite a new official."""

    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Email(), Length(max=254)])
    display_name = StringField(_l("Naam"), validators=[DataRequired(), Length(min=2, max=80)])
    role = SelectField(_l("Rol"), choices=ROLE_CHOICES)


class RoleForm(FlaskForm):
    """Change an official's role."""

    role = SelectField(_l("Nieuwe rol"), choices=ROLE_CHOICES)
