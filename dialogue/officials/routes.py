"""The officials' home and the admin page for the municipality's officials."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from dialogue.accounts.models import OFFICIAL_ROLES, Role, User
from dialogue.accounts.services import AccountError
from dialogue.extensions import db
from dialogue.officials import services
from dialogue.officials.forms import InviteForm, RoleForm
from dialogue.security import own, role_required

bp = Blueprint("officials", __name__, url_prefix="/werkplek")


@bp.app_context_processor
def inject_role_name() -> dict:
    return {"official_role_name": services.role_name, "days_since": days_since}


def days_since(moment) -> int:
    """Whole days between a (naive UTC) moment and now."""
    from dialogue.timeutil import utcnow

    return max(0, (utcnow() - moment).days)


@bp.get("")
@role_required(*OFFICIAL_ROLES)
def home():
    from dialogue.signals.services import strongest_open_signals

    municipality_id = current_user.municipality_id
    analyst = current_user.role in (Role.ANALYST, Role.ADMIN)
    return render_template(
        "officials/home.html",
        attention=services.attention(municipality_id),
        top_signals=strongest_open_signals(municipality_id) if analyst else [],
    )


@bp.get("/medewerkers")
@role_required(Role.ADMIN)
def staff():
    return _staff_page(InviteForm())


def _staff_page(form: InviteForm, status: int = 200):
    officials = services.officials_of(current_user.municipality_id)
    return render_template(
        "officials/staff.html", officials=officials, form=form, role_form=RoleForm()
    ), status


@bp.post("/medewerkers")
@role_required(Role.ADMIN)
def invite():
    form = InviteForm()
    if not form.validate():
        return _staff_page(form, 400)
    try:
        services.invite_official(
            current_user.municipality,
            email=form.email.data,
            display_name=form.display_name.data,
            role=Role(form.role.data),
        )
    except AccountError:
        db.session.rollback()
        form.email.errors = [_("Dit e-mailadres heeft al een account.")]
        return _staff_page(form, 400)
    db.session.commit()
    flash(_("De uitnodiging is verstuurd."), "success")
    return redirect(url_for("officials.staff"))


def _official_or_deny(user_id: int) -> User:
    user = own(User, user_id)
    if user.role not in OFFICIAL_ROLES:
        abort(404)
    return user


def _not_yourself(user: User) -> bool:
    if user.id == current_user.id:
        flash(
            _("U kunt uw eigen rol of account hier niet wijzigen. Vraag een andere beheerder."),
            "error",
        )
        return False
    return True


@bp.post("/medewerkers/<int:user_id>/rol")
@role_required(Role.ADMIN)
def change_role(user_id: int):
    user = _official_or_deny(user_id)
    form = RoleForm()
    if not form.validate():
        abort(400)
    if _not_yourself(user) and user.role != Role(form.role.data):
        services.change_role(user, Role(form.role.data))
        db.session.commit()
        flash(_("De rol van %(name)s is aangepast.", name=user.display_name), "success")
    return redirect(url_for("officials.staff"))


@bp.post("/medewerkers/<int:user_id>/uitschakelen")
@role_required(Role.ADMIN)
def disable(user_id: int):
    user = _official_or_deny(user_id)
    if _not_yourself(user) and user.active:
        services.disable_official(user)
        db.session.commit()
        flash(_("Het account van %(name)s is uitgeschakeld.", name=user.display_name), "success")
    return redirect(url_for("officials.staff"))


@bp.post("/medewerkers/<int:user_id>/inschakelen")
@role_required(Role.ADMIN)
def enable(user_id: int):
    user = _official_or_deny(user_id)
    if _not_yourself(user) and not user.active:
        services.enable_official(user)
        db.session.commit()
        flash(_("Het account van %(name)s is weer actief.", name=user.display_name), "success")
    return redirect(url_for("officials.staff"))
