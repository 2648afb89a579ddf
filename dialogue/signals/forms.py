"""Forms of the signal pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from dialogue.signals.services import DISMISS_REASONS


class AcknowledgeForm(FlaskForm):
    pass


class DismissForm(FlaskForm):
    reason = RadioField(
        _l("Waarom is dit signaal niet terecht?"),
        choices=[SelectChoice(key, label) for key, (label, _quiet) in DISMISS_REASONS.items()],
        validators=[InputRequired(_l("Kies een reden."))],
    )
    note = TextAreaField(
        _l("Toelichting"),
        validators=[Optional(), Length(max=400, message=_l("Maximaal 400 tekens."))],
    )


class DigestForm(FlaskForm):
    pass
