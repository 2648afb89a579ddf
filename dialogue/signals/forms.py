"""Forms of the signal pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length


class AcknowledgeForm(FlaskForm):
    pass


class DismissForm(FlaskForm):
    reason = TextAreaField(
        _l("Waarom is dit signaal niet terecht?"),
        validators=[
            DataRequired(_l("Geef een reden op.")),
            Length(max=500, message=_l("Maximaal 500 tekens.")),
        ],
    )
