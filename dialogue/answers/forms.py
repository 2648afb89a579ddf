"""The answer form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import DataRequired, Length

from dialogue.answers.services import ANSWER_MAX, ANSWER_MIN


class AnswerForm(FlaskForm):
    """A public answer; the writer confirms when the text reads harder than B1."""

    text = TextAreaField(
        _l("Uw antwoord"), validators=[DataRequired(), Length(min=ANSWER_MIN, max=ANSWER_MAX)]
    )
    publish_anyway = BooleanField(_l("Ik heb de tip gelezen en plaats het antwoord zo"))
