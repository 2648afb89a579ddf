"""Forms for posting input and reacting; the services check the content, the forms the rest."""

from __future__ import annotations

import secrets
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from dialogue.contributions.validation import (
    DISPLAY_NAME_MAX,
    REPLY_MAX,
    TEXT_MAX,
    ContributionError,
    InvalidInput,
)

#: Report reasons residents choose from (value → label).
REPORT_REASONS = {
    "beledigend": _l("Beledigend, kwetsend of discriminerend"),
    "persoonsgegevens": _l("Bevat persoonsgegevens van iemand"),
    "spam": _l("Reclame of spam"),
    "onderwerp": _l("Gaat niet over dit onderwerp"),
    "anders": _l("Iets anders"),
}


def kern_choices(kernen: list[str]) -> list[SelectChoice]:
    """Return the kern options of a form: none, or one of the consultation's kernen."""
    return [
        SelectChoice("", _l("Geen kern, of weet ik niet")),
        *[SelectChoice(a, a) for a in kernen],
    ]


def _empty(_form: Any, field: Any) -> None:
    if field.data:
        raise ValidationError(_l("Laat dit veld leeg."))


class HoneypotMixin:
    """A field people never see; bots that fill it in are refused."""

    website = StringField(
        _l("Laat dit veld leeg (alleen voor controle tegen spam)"), validators=[_empty]
    )


class ContributionForm(HoneypotMixin, FlaskForm):
    """Input on a consultation; the e-mail field is removed for logged-in residents."""

    text = TextAreaField(
        _l("Uw inbreng"),
        validators=[InputRequired(_l("Dit veld is leeg. Vul het in."))],
        render_kw={"maxlength": TEXT_MAX, "required": False},
    )
    kern = SelectField(_l("Over welke kern gaat het?"), choices=[], validate_choice=False)
    display_name = StringField(
        _l("Naam bij uw inbreng"),
        render_kw={"maxlength": DISPLAY_NAME_MAX, "autocomplete": "nickname"},
    )
    email = EmailField(
        _l("Uw e-mailadres"),
        validators=[DataRequired(_l("Vul uw e-mailadres in."))],
        render_kw={"autocomplete": "email", "required": False},
    )
    consent = BooleanField(
        _l(
            "Ik begrijp dat mijn tekst, de kern en de naam die ik hierboven koos openbaar "
            "worden. Mijn e-mailadres wordt nooit getoond."
        ),
        validators=[DataRequired(_l("Geef toestemming om uw inbreng te plaatsen."))],
        render_kw={"required": False},
    )
    #: A fresh value per shown form: a replayed form is recognised and not saved twice.
    form_ref = HiddenField()

    def __init__(self, *args: Any, anonymous: bool, kernen: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not anonymous:
            del self.email
        self.kern.choices = kern_choices(kernen)
        if not self.form_ref.data:
            self.form_ref.data = secrets.token_urlsafe(16)


class EditContributionForm(FlaskForm):
    """Change the text or kern of own input shortly after posting."""

    text = TextAreaField(
        _l("Uw inbreng"),
        validators=[InputRequired(_l("Dit veld is leeg. Vul het in."))],
        render_kw={"maxlength": TEXT_MAX, "required": False},
    )
    kern = SelectField(_l("Over welke kern gaat het?"), choices=[], validate_choice=False)

    def __init__(self, *args: Any, kernen: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kern.choices = kern_choices(kernen)


class ReplyForm(HoneypotMixin, FlaskForm):
    """A reply on input."""

    text = TextAreaField(
        _l("Uw reactie"),
        validators=[InputRequired(_l("Dit veld is leeg. Vul het in."))],
        render_kw={"maxlength": REPLY_MAX, "rows": 3, "required": False},
    )
    display_name = StringField(
        _l("Naam bij uw reactie"),
        render_kw={"maxlength": DISPLAY_NAME_MAX, "autocomplete": "nickname"},
    )


class ReportForm(FlaskForm):
    """Report inappropriate input with a reason."""

    reason = RadioField(
        _l("Wat is er mis met deze inbreng?"),
        choices=[SelectChoice(value, label) for value, label in REPORT_REASONS.items()],
        validators=[InputRequired(_l("Kies een reden."))],
    )
    explanation = TextAreaField(
        _l("Toelichting"), validators=[Length(max=400)], render_kw={"rows": 3}
    )

    def validate_explanation(self, field: Any) -> None:
        if self.reason.data == "anders" and not (field.data or "").strip():
            raise ValidationError(_l("Leg kort uit wat er mis is."))

    def reason_text(self) -> str:
        """Return the reason as stored: the chosen label plus the explanation."""
        label = str(REPORT_REASONS[self.reason.data])
        explanation = (self.explanation.data or "").strip()
        return f"{label}: {explanation}" if explanation else label


class ConfirmForm(FlaskForm):
    """A single button that confirms an e-mail address (links in e-mail may be pre-fetched)."""


class ActionForm(FlaskForm):
    """A button form that carries only the CSRF token."""


def apply_errors(form: FlaskForm, error: ContributionError) -> None:
    """Show a service's error messages next to the matching fields (or on the text field)."""
    errors = error.errors if isinstance(error, InvalidInput) else {error.field: error.message}
    for field_name, message in errors.items():
        field = getattr(form, field_name or "text", None) or getattr(form, "text", None)
        if field is None:
            continue
        field.errors = [*list(field.errors), str(message)]
