"""Forms for recording input from other channels."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from dialogue.contributions.models import Channel
from dialogue.forms import optional_int

CHANNEL_CHOICES = [
    SelectChoice(Channel.MEETING.value, _l("Bijeenkomst (bijvoorbeeld een dorpsavond)")),
    SelectChoice(Channel.LETTER.value, _l("Brief")),
    SelectChoice(Channel.PHONE.value, _l("Telefoongesprek")),
    SelectChoice(Channel.EMAIL.value, _l("E-mail")),
]


class RecordForm(FlaskForm):
    """One piece of input received outside the website."""

    # Any id is accepted here: the view refuses (404, audited) one of another municipality.
    consultation = SelectField(
        _l("Raadpleging"), coerce=optional_int, validators=[DataRequired()], validate_choice=False
    )
    channel = SelectField(_l("Hoe kwam de inbreng binnen?"), choices=CHANNEL_CHOICES)
    received_on = DateField(_l("Datum van ontvangst"), validators=[DataRequired()])
    kern = SelectField(_l("Kern"), coerce=optional_int, validators=[Optional()])
    text = TextAreaField(_l("Inbreng"), validators=[DataRequired(), Length(max=2000)])
    display_name = StringField(_l("Naam bij de inbreng"), validators=[Optional(), Length(max=80)])


class UploadForm(FlaskForm):
    """A CSV file with input."""

    # Any id is accepted here: the view refuses (404, audited) one of another municipality.
    consultation = SelectField(
        _l("Raadpleging"), coerce=optional_int, validators=[DataRequired()], validate_choice=False
    )
    file = FileField(_l("CSV-bestand"), validators=[FileRequired()])
