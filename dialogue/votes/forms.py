"""The form for voting without an account: an e-mail address for the confirmation link."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms.validators import DataRequired


class VotingEmailForm(FlaskForm):
    """An address to mail the voting link to (the address itself is not kept)."""

    email = EmailField(
        _l("Uw e-mailadres"),
        validators=[DataRequired(_l("Vul uw e-mailadres in."))],
        render_kw={"autocomplete": "email", "required": False},
    )
