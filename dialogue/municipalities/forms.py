"""The admin's settings form for their municipality."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField


class MunicipalitySettingsForm(FlaskForm):
    """Whether the network partners may see this municipality's themes."""

    in_network = BooleanField(
        _l("Toon de thema's van onze gemeente in het overzicht voor de netwerkpartners")
    )
