"""The export form: format and what to include."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError

from dialogue.exports.summary import SummaryOptions


class ExportForm(FlaskForm):
    format = SelectField(
        _l("Bestand"),
        choices=[
            SelectChoice("pdf", _l("Samenvatting voor de raad (PDF)")),
            SelectChoice("docx", _l("Samenvatting om te bewerken (Word)")),
            SelectChoice("xlsx", _l("Gegevens (Excel)")),
            SelectChoice("csv", _l("Inbreng (CSV)")),
            SelectChoice("json", _l("Gegevens (JSON)")),
        ],
    )
    date_from = DateField(_l("Vanaf datum"), validators=[Optional()])
    date_to = DateField(_l("Tot en met datum"), validators=[Optional()])
    kernen = SelectMultipleField(_l("Alleen deze kernen"), validators=[Optional()])
    themes = SelectMultipleField(_l("Alleen deze thema's"), validators=[Optional()])
    include_excluded = BooleanField(
        _l(
            "Ook verborgen, afgewezen en ingetrokken inbreng (alleen bij gegevens; die is gemarkeerd)"
        )
    )

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("De einddatum ligt voor de begindatum."))

    def options(self) -> SummaryOptions:
        return SummaryOptions(
            date_from=self.date_from.data,
            date_to=self.date_to.data,
            kernen=tuple(self.kernen.data or ()),
            theme_keys=tuple(self.themes.data or ()),
            include_excluded=bool(self.include_excluded.data)
            and self.format.data in ("xlsx", "csv", "json"),
        )


class OpenDataForm(FlaskForm):
    pass
