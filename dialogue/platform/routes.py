"""The platform admin's pages: create municipalities, import kernen, branding, first admin."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from dialogue.accounts.models import Role
from dialogue.accounts.services import AccountError
from dialogue.contributions.validation import InvalidInput
from dialogue.extensions import db
from dialogue.municipalities.branding import LOGO_MAX_BYTES, set_branding
from dialogue.municipalities.kernen_import import CSV_MAX_BYTES, KernenImportError, import_kernen
from dialogue.municipalities.models import Municipality
from dialogue.municipalities.services import (
    MunicipalityError,
    admin_counts,
    admins_of,
    create_municipality,
    list_municipalities,
)
from dialogue.officials.services import invite_official
from dialogue.platform.forms import (
    BrandingForm,
    CreateMunicipalityForm,
    InviteAdminForm,
    KernenImportForm,
)
from dialogue.security import role_required

bp = Blueprint("platform", __name__, url_prefix="/platform")


def _index_page(form: CreateMunicipalityForm, status: int = 200):
    return render_template(
        "platform/index.html",
        municipalities=list_municipalities(),
        admin_counts=admin_counts(),
        form=form,
    ), status


@bp.get("")
@role_required(Role.PLATFORM_ADMIN)
def index():
    return _index_page(CreateMunicipalityForm())


@bp.post("")
@role_required(Role.PLATFORM_ADMIN)
def create():
    form = CreateMunicipalityForm()
    if not form.validate():
        return _index_page(form, 400)
    try:
        municipality = create_municipality(
            form.name.data, form.slug.data or None, actor=current_user
        )
    except MunicipalityError as error:
        db.session.rollback()
        getattr(form, error.field).errors = [error.dutch]
        return _index_page(form, 400)
    db.session.commit()
    flash(_("De gemeente %(name)s is aangemaakt.", name=municipality.name), "success")
    return redirect(url_for(".municipality", municipality_id=municipality.id))


def _municipality_page(municipality: Municipality, status: int = 200, **forms: FlaskForm):
    return render_template(
        "platform/municipality.html",
        municipality=municipality,
        admins=admins_of(municipality),
        kernen_form=forms.get("kernen_form") or KernenImportForm(formdata=None),
        branding_form=forms.get("branding_form") or BrandingForm(formdata=None),
        invite_form=forms.get("invite_form") or InviteAdminForm(formdata=None),
        kernen_problems=forms.get("kernen_problems", []),
    ), status


@bp.get("/gemeenten/<int:municipality_id>")
@role_required(Role.PLATFORM_ADMIN)
def municipality(municipality_id: int):
    return _municipality_page(db.get_or_404(Municipality, municipality_id))


@bp.post("/gemeenten/<int:municipality_id>/kernen")
@role_required(Role.PLATFORM_ADMIN)
def upload_kernen(municipality_id: int):
    municipality = db.get_or_404(Municipality, municipality_id)
    form = KernenImportForm()
    if not form.validate():
        return _municipality_page(municipality, 400, kernen_form=form)
    try:
        kernen = import_kernen(municipality, form.file.data.read(CSV_MAX_BYTES + 1))
    except KernenImportError as error:
        db.session.rollback()
        problems = [*error.problems, _("Er is geen enkele kern ingelezen.")]
        return _municipality_page(municipality, 400, kernen_form=form, kernen_problems=problems)
    db.session.commit()
    flash(_("%(n)s kernen ingelezen.", n=len(kernen)), "success")
    return redirect(url_for(".municipality", municipality_id=municipality.id))


@bp.post("/gemeenten/<int:municipality_id>/huisstijl")
@role_required(Role.PLATFORM_ADMIN)
def branding(municipality_id: int):
    municipality = db.get_or_404(Municipality, municipality_id)
    form = BrandingForm()
    if not form.validate():
        return _municipality_page(municipality, 400, branding_form=form)
    logo = form.logo.data.read(LOGO_MAX_BYTES + 1) if form.logo.data else None
    try:
        changed = set_branding(municipality, form.primary_colour.data, logo)
    except InvalidInput as error:
        db.session.rollback()
        for name, message in error.errors.items():
            getattr(form, name).errors = [str(message)]
        return _municipality_page(municipality, 400, branding_form=form)
    db.session.commit()
    if changed:
        flash(_("De huisstijl is opgeslagen."), "success")
    else:
        flash(_("U heeft niets veranderd."), "info")
    return redirect(url_for(".municipality", municipality_id=municipality.id))


@bp.post("/gemeenten/<int:municipality_id>/beheerder")
@role_required(Role.PLATFORM_ADMIN)
def invite_admin(municipality_id: int):
    municipality = db.get_or_404(Municipality, municipality_id)
    form = InviteAdminForm()
    if not form.validate():
        return _municipality_page(municipality, 400, invite_form=form)
    try:
        invite_official(
            municipality,
            email=form.email.data,
            display_name=form.display_name.data,
            role=Role.ADMIN,
        )
    except AccountError:
        db.session.rollback()
        form.email.errors = [_("Dit e-mailadres heeft al een account.")]
        return _municipality_page(municipality, 400, invite_form=form)
    db.session.commit()
    flash(_("De uitnodiging is verstuurd."), "success")
    return redirect(url_for(".municipality", municipality_id=municipality.id))
