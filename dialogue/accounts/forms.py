"""Account forms with Dutch messages next to the fields."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    Regexp,
    ValidationError,
)

from dialogue.security import password_min_length, password_problem

PASSWORD_MESSAGES = {
    "too_short": _l("Uw wachtwoord is te kort. Gebruik minstens %(num)d tekens."),
    "too_long": _l("Uw wachtwoord is te lang. Gebruik hoogstens 256 tekens."),
    "common": _l("Dit wachtwoord wordt veel gebruikt en is makkelijk te raden. Kies een ander."),
    "personal": _l("Uw wachtwoord mag niet hetzelfde zijn als uw e-mailadres of naam."),
}


class PasswordPolicy:
    """Check a new password against the policy; personal data comes from the form."""

    def __call__(self, form: Any, field: Any) -> None:
        email = getattr(form, "email", None)
        name = getattr(form, "display_name", None)
        official = bool(getattr(form, "known_official", False))
        problem = password_problem(
            field.data or "",
            email=(email.data if email is not None else form.known_email) or "",
            name=(name.data if name is not None else form.known_name) or "",
            official=official,
        )
        if problem:
            message = PASSWORD_MESSAGES[problem]
            raise ValidationError(str(message) % {"num": password_min_length(official=official)})


#: Autofill purposes (WCAG 1.3.5): password managers fill the right field.
NEW_PASSWORD = {"autocomplete": "new-password"}
CURRENT_PASSWORD = {"autocomplete": "current-password"}


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _email_field() -> EmailField:
    return EmailField(
        _l("E-mailadres"),
        validators=[
            DataRequired(_l("Vul uw e-mailadres in.")),
            Email(_l("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")),
            Length(max=254, message=_l("Dit e-mailadres is te lang.")),
        ],
        filters=[_strip],
        render_kw={"autocomplete": "email"},
    )


def _new_password_fields() -> tuple[PasswordField, PasswordField]:
    password = PasswordField(
        _l("Nieuw wachtwoord"),
        validators=[DataRequired(_l("Kies een wachtwoord.")), PasswordPolicy()],
        render_kw=NEW_PASSWORD,
    )
    repeat = PasswordField(
        _l("Herhaal het wachtwoord"),
        validators=[
            DataRequired(_l("Vul het wachtwoord nog een keer in.")),
            EqualTo("password", _l("De twee wachtwoorden zijn niet gelijk.")),
        ],
        render_kw=NEW_PASSWORD,
    )
    return password, repeat


class _PersonalDataForm(FlaskForm):
    """Base for forms that check a password against a known e-mail and name."""

    known_email: str = ""
    known_name: str = ""
    #: Officials need a longer password (OFFICIAL_PASSWORD_MIN_LENGTH).
    known_official: bool = False

    def __init__(
        self, *args: Any, email: str = "", name: str = "", official: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.known_email = email
        self.known_name = name
        self.known_official = official

    @property
    def password_min_length(self) -> int:
        """The shortest password this form accepts, for the hint next to the field."""
        return password_min_length(official=self.known_official)


def _display_name_field() -> StringField:
    return StringField(
        _l("Naam"),
        validators=[
            DataRequired(_l("Vul een naam in. Dit mag ook een bijnaam zijn.")),
            Length(max=80, message=_l("Gebruik hoogstens 80 tekens.")),
        ],
        filters=[_strip],
        render_kw={"autocomplete": "nickname"},
    )


class RegisterForm(FlaskForm):
    display_name = _display_name_field()
    email = _email_field()
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[DataRequired(_l("Kies een wachtwoord.")), PasswordPolicy()],
        render_kw=NEW_PASSWORD,
    )
    password_repeat = PasswordField(
        _l("Herhaal het wachtwoord"),
        validators=[
            DataRequired(_l("Vul het wachtwoord nog een keer in.")),
            EqualTo("password", _l("De twee wachtwoorden zijn niet gelijk.")),
        ],
        render_kw=NEW_PASSWORD,
    )
    consent = BooleanField(
        _l("Ik ga akkoord met de privacyverklaring."),
        validators=[DataRequired(_l("U kunt alleen een account maken als u akkoord gaat."))],
    )
    #: Registration makes residents only.
    password_min_length = password_min_length(official=False)


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[DataRequired(_l("Vul uw wachtwoord in."))],
        render_kw=CURRENT_PASSWORD,
    )


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code van 6 cijfers"),
        validators=[
            DataRequired(_l("Vul de code uit uw app in.")),
            Regexp(r"^\s*\d{3}\s?\d{3}\s*$", message=_l("De code bestaat uit 6 cijfers.")),
        ],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class RecoveryCodeForm(FlaskForm):
    recovery_code = StringField(
        _l("Herstelcode"),
        validators=[
            DataRequired(_l("Vul een van uw herstelcodes in.")),
            Length(max=40, message=_l("Een herstelcode is korter. Kijk of u de goede code heeft.")),
        ],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )


class ResetRequestForm(FlaskForm):
    email = _email_field()


class ResetPasswordForm(_PersonalDataForm):
    password, password_repeat = _new_password_fields()


class ChangePasswordForm(_PersonalDataForm):
    current_password = PasswordField(
        _l("Huidig wachtwoord"),
        validators=[DataRequired(_l("Vul uw huidige wachtwoord in."))],
        render_kw=CURRENT_PASSWORD,
    )
    password, password_repeat = _new_password_fields()


class AccountSettingsForm(FlaskForm):
    display_name = _display_name_field()
    notify_by_email = BooleanField(_l("Stuur mij e-mail als er een reactie of antwoord is."))
    locale = SelectField(
        _l("Taal"),
        choices=[
            SelectChoice("nl", "Nederlands", render_kw={"lang": "nl"}),
            SelectChoice("en", "English", render_kw={"lang": "en"}),
        ],
        validators=[InputRequired(_l("Kies een taal."))],
    )


class ConfirmEmailForm(FlaskForm):
    """The button that confirms an address (mail scanners follow links, they press no button)."""


class LogoutForm(FlaskForm):
    """Only the CSRF token."""
