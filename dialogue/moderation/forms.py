"""Forms of the moderation queue and the reason list."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, Form, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from dialogue.contributions.models import Channel
from dialogue.forms import optional_int, options

CHANNEL_LABELS = {
    Channel.WEB: _l("Website"),
    Channel.API: _l("App of koppeling"),
    Channel.MEETING: _l("Bijeenkomst"),
    Channel.LETTER: _l("Brief"),
    Channel.EMAIL: _l("E-mail"),
    Channel.PHONE: _l("Telefoon"),
}


class QueueFilterForm(Form):
    """Filters of the queue, read from the query string (no CSRF: it only reads)."""

    consultation = SelectField(_l("Raadpleging"), coerce=optional_int, validate_choice=False)
    kern = SelectField(_l("Kern"), coerce=optional_int, validate_choice=False)
    reason = SelectField(_l("Reden in de wachtrij"), validate_choice=False)
    channel = SelectField(_l("Kanaal"), validate_choice=False)
    kind = SelectField(_l("Soort"), validate_choice=False)
    date_from = DateField(_l("Ontvangen vanaf"), validators=[Optional()])
    date_to = DateField(_l("Ontvangen tot en met"), validators=[Optional()])
    sort = SelectField(
        _l("Sorteren"),
        choices=[
            SelectChoice("oldest", _l("Oudste eerst")),
            SelectChoice("newest", _l("Nieuwste eerst")),
            SelectChoice("reports", _l("Meeste meldingen eerst")),
        ],
        validate_choice=False,
    )


class DecisionForm(FlaskForm):
    """The reason part of a decision; the selected items come from checkboxes."""

    reason_id = SelectField(_l("Reden"), coerce=optional_int, validate_choice=False)
    note = TextAreaField(
        _l("Toelichting voor de schrijver"), validators=[Optional(), Length(max=400)]
    )


class ReasonForm(FlaskForm):
    """Add or rename a moderation reason."""

    label = StringField(_l("Reden"), validators=[DataRequired(), Length(min=3, max=200)])


def channel_choices(include_all: bool = True) -> list[SelectChoice]:
    """Return the channel options for a select field."""
    choices = [("", _l("Alle kanalen"))] if include_all else []
    return options([*choices, *((c.value, label) for c, label in CHANNEL_LABELS.items())])
