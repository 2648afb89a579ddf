"""Forms of the platform admin."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import EmailField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional


class CreateMunicipalityForm(FlaskForm):
    """A new municipality: its name and, optionally, its web address."""

    name = StringField(_l("Naam van de gemeente"), validators=[DataRequired(), Length(max=120)])
    slug = StringField(_l("Webadres"), validators=[Optional(), Length(max=60)])


class KernenImportForm(FlaskForm):
    """A CSV file with one kern per line."""

    file = FileField(_l("CSV-bestand met kernen"), validators=[FileRequired()])


class BrandingForm(FlaskForm):
    """The primary colour and the logo; an empty field keeps what is there."""

    primary_colour = StringField(_l("Hoofdkleur"), validators=[Optional(), Length(max=7)])
    logo = FileField(_l("Logo (PNG of JPEG)"))


class InviteAdminForm(FlaskForm):
    """The municipality's first admin."""

    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Email(), Length(max=254)])
    display_name = StringField(_l("Naam"), validators=[DataRequired(), Length(min=2, max=80)])
