"""The form that deletes an account."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, SelectChoice
from wtforms.validators import DataRequired, InputRequired


class DeleteAccountForm(FlaskForm):
    """Delete one's account, after entering the password."""

    content = RadioField(
        _l("Wat gebeurt er met uw inbreng en reacties?"),
        choices=[
            SelectChoice("anonymise", _l("Laten staan, zonder mijn naam (anoniem)")),
            SelectChoice("delete", _l("Helemaal verwijderen")),
        ],
        default="anonymise",
        validators=[InputRequired(_l("Maak een keuze."))],
    )
    password = PasswordField(
        _l("Uw wachtwoord"),
        validators=[DataRequired(_l("Vul uw wachtwoord in."))],
        render_kw={"autocomplete": "current-password"},
    )
