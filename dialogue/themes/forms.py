"""Forms of the analysts' theme pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from dialogue.themes.models import ThemeStatus


class RenameForm(FlaskForm):
    label = StringField(
        _l("Nieuwe naam"),
        validators=[
            DataRequired(_l("Geef het thema een naam.")),
            Length(max=80, message=_l("Maximaal 80 tekens.")),
        ],
    )


class MergeForm(FlaskForm):
    target = SelectField(
        _l("Samenvoegen met"), coerce=int, validators=[DataRequired(_l("Kies een thema."))]
    )


class SplitForm(FlaskForm):
    label = StringField(
        _l("Naam van het nieuwe thema"),
        validators=[
            DataRequired(_l("Geef het nieuwe thema een naam.")),
            Length(max=80, message=_l("Maximaal 80 tekens.")),
        ],
    )
    contributions = SelectMultipleField(_l("Inbreng die naar het nieuwe thema gaat"), coerce=int)


class MoveForm(FlaskForm):
    target = SelectField(_l("Naar thema"), coerce=int)


class StatusForm(FlaskForm):
    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice(ThemeStatus.OPEN.value, _l("Open")),
            SelectChoice(ThemeStatus.IN_PROGRESS.value, _l("In behandeling")),
            SelectChoice(ThemeStatus.ANSWERED.value, _l("Beantwoord")),
        ],
    )


class PinForm(FlaskForm):
    pass


class AnalysisForm(FlaskForm):
    pass


class PlaceForm(FlaskForm):
    """Confirm or change the theme of one input on the "Onzeker" list (fields by hand)."""


class ThemeAnswerForm(FlaskForm):
    text = TextAreaField(
        _l("Antwoord van de gemeente"),
        validators=[
            DataRequired(_l("Schrijf een antwoord.")),
            Length(min=20, max=5000, message=_l("Schrijf tussen 20 en 5.000 tekens.")),
        ],
    )
