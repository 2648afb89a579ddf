"""The filters of the audit log page."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField, Form, SelectField
from wtforms.validators import Optional

from dialogue.audit.log import AuditFilter
from dialogue.forms import optional_int


class AuditFilterForm(Form):
    """Filters of the audit log, read from the query string."""

    action = SelectField(_l("Actie"), validate_choice=False)
    actor = SelectField(_l("Medewerker"), coerce=optional_int, validate_choice=False)
    date_from = DateField(_l("Vanaf"), validators=[Optional()])
    date_to = DateField(_l("Tot en met"), validators=[Optional()])

    def criteria(self) -> AuditFilter:
        """Return the valid filters (a wrong date filters nothing)."""

        def valid_date(field: DateField) -> date | None:
            return field.data if isinstance(field.data, date) and not field.errors else None

        return AuditFilter(
            action=self.action.data or None,
            actor_id=self.actor.data or None,
            date_from=valid_date(self.date_from),
            date_to=valid_date(self.date_to),
        )
