"""Admin forms for consultations and kernen."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import InputRequired, Length, Optional, Regexp

from dialogue.consultations.models import ModerationMode
from dialogue.consultations.services import ConsultationData


class CheckboxListField(SelectMultipleField):
    """A list of checkboxes (works without JavaScript, readable by screen readers)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ConsultationForm(FlaskForm):
    """Title, question, explanation, kernen, dates and moderation mode of a consultation."""

    title = StringField(
        _l("Titel"),
        validators=[InputRequired(_l("Vul een titel in.")), Length(max=160)],
        render_kw={"maxlength": 160},
    )
    slug = StringField(
        _l("Korte naam in het webadres"),
        validators=[
            Optional(),
            Length(max=70),
            Regexp(r"^[a-z0-9-]+$", message=_l("Gebruik alleen kleine letters, cijfers en -.")),
        ],
    )
    question = TextAreaField(
        _l("De vraag aan inwoners"),
        validators=[InputRequired(_l("Vul de vraag in.")), Length(max=500)],
        render_kw={"rows": 2, "maxlength": 500},
    )
    description = TextAreaField(
        _l("Uitleg"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 8}
    )
    kernen = CheckboxListField(_l("Over welke kernen gaat het?"), coerce=int, choices=[])
    opens_on = DateField(_l("Open vanaf"), validators=[Optional()], format="%Y-%m-%d")
    closes_on = DateField(_l("Open tot en met"), validators=[Optional()], format="%Y-%m-%d")
    moderation_mode = RadioField(
        _l("Moderatie"),
        choices=[
            SelectChoice(ModerationMode.POST.value, _l("Achteraf: inbreng staat meteen online")),
            SelectChoice(
                ModerationMode.PRE.value, _l("Vooraf: een moderator keurt eerst alles goed")
            ),
        ],
        default=ModerationMode.POST.value,
        validators=[InputRequired(_l("Kies hoe de inbreng gemodereerd wordt."))],
    )
    voting = BooleanField(
        _l("Inwoners kunnen stemmen op elkaars inbreng (eens, oneens, weet ik niet)")
    )

    def __init__(self, *args: Any, kern_choices: list[SelectChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kernen.choices = kern_choices

    def to_data(self) -> ConsultationData:
        """Return the form's values for the service."""
        return ConsultationData(
            title=self.title.data or "",
            slug=self.slug.data or None,
            question=self.question.data or "",
            description=self.description.data or "",
            kern_ids=list(self.kernen.data or []),
            opens_on=self.opens_on.data,
            closes_on=self.closes_on.data,
            moderation_mode=ModerationMode(self.moderation_mode.data),
            voting=bool(self.voting.data),
        )


class KernForm(FlaskForm):
    """The name of a kern."""

    name = StringField(
        _l("Naam van de kern"),
        validators=[InputRequired(_l("Vul een naam in.")), Length(max=120)],
        render_kw={"maxlength": 120},
    )


class StatusForm(FlaskForm):
    """Open or close a consultation."""
