"""Public consultation pages, and the admin pages for consultations and kernen."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from dialogue.accounts.models import Role
from dialogue.consultations.forms import ConsultationForm, KernForm, StatusForm
from dialogue.consultations.models import Consultation, ConsultationStatus
from dialogue.consultations.page_keys import (
    consultation_key,
    consultation_row,
    municipality_key,
    passed_moments,
)
from dialogue.consultations.personal import ResidentParts, resident_values
from dialogue.consultations.phases import (
    open_data_url,
    public_listing,
    public_phase,
    public_phases,
)
from dialogue.consultations.services import (
    add_kern,
    consultation_answers,
    consultations_of,
    create_consultation,
    local_date,
    managed_consultations,
    public_consultation,
    rename_kern,
    set_consultation_status,
    theme_labels,
    update_consultation,
)
from dialogue.contributions.forms import ActionForm, ContributionForm, ReplyForm
from dialogue.contributions.queries import SORTS, published_page
from dialogue.contributions.routes import FORM_ANCHOR, NOTICE_AT
from dialogue.contributions.validation import InvalidInput
from dialogue.db import without_write_lock
from dialogue.extensions import db
from dialogue.municipalities.models import Kern, Municipality
from dialogue.pagecache import public_page, rendering_for_cache, visitor_value
from dialogue.security import own, role_required
from dialogue.themes.public import answer_tallies, public_themes

bp = Blueprint("consultations", __name__)


def _page_number() -> int:
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and len(value) < 7 else 1


def _kern_filter(consultation: Consultation) -> Kern | None:
    value = request.args.get("kern", "")
    if not value.isdigit():
        return None
    return next((kern for kern in consultation.kernen if kern.id == int(value)), None)


@bp.get("/<municipality>")
@without_write_lock
def municipality(municipality: str):
    found = municipality_key(municipality)
    if found is None:
        abort(404)
    municipality_id, key, changed = found
    return public_page(
        key,
        lambda: _render_municipality(municipality_id),
        changed=changed,
        personalise=lambda _parts: {},  # nothing of their own on it: residents share it
    )


def _render_municipality(municipality_id: int) -> str:
    place = db.session.get(Municipality, municipality_id)
    return render_template(
        "consultations/municipality.html",
        municipality=place,
        listing=public_listing(consultations_of(place)),
    )


@bp.get("/<municipality>/<slug>")
@without_write_lock
def show(municipality: str, slug: str):
    row = consultation_row(municipality, slug)
    if row is None or row.status == ConsultationStatus.DRAFT:
        # Not found, or a draft: only its officials may preview it, never from the cache.
        return _render_consultation(public_consultation(municipality, slug))
    return public_page(
        consultation_key(row),
        lambda: _render_consultation(public_consultation(municipality, slug)),
        changed=(row.updated_at, row.public_changed_at, *passed_moments(row)),
        arguments=("sort", "kern", "page"),
        personalise=lambda parts: resident_values(parts, current_user),
    )


def _render_consultation(consultation: Consultation) -> str:
    sort = request.args.get("sort", "nieuw")
    sort = sort if sort in SORTS else "nieuw"
    kern = _kern_filter(consultation)
    # The page kept for every resident has slots where each resident's own parts go.
    shared = rendering_for_cache() and current_user.is_authenticated
    listing = published_page(
        consultation,
        sort=sort,
        kern_id=kern.id if kern else None,
        page=_page_number(),
        viewer=None if shared else current_user,
    )
    form = ContributionForm(
        anonymous=not current_user.is_authenticated,
        kernen=[kern.name for kern in consultation.kernen],
        formdata=None,
    )
    form.form_ref.data = visitor_value("form-ref", form.form_ref.data)
    if current_user.is_authenticated:
        form.display_name.data = visitor_value("display-name", current_user.display_name or "")
    # A notice beside the input comes with a flash message: such a request is never kept.
    notice_at = None if rendering_for_cache() else session.pop(NOTICE_AT, None)
    return render_template(
        "consultations/show.html",
        consultation=consultation,
        phase=public_phase(consultation),
        open_data_url=open_data_url(consultation),
        listing=listing,
        sort=sort,
        kern=kern,
        form=form,
        reply_form=ReplyForm(formdata=None),
        action_form=ActionForm(),
        answers=consultation_answers(consultation),
        answer_tally=answer_tallies([consultation.id]).get(consultation.id),
        theme_labels=theme_labels(consultation),
        can_react=current_user.is_authenticated and current_user.role == Role.RESIDENT,
        resident_parts=ResidentParts() if shared else None,
        inline_notice=notice_at
        if notice_at == FORM_ANCHOR or any(c.id == notice_at for c in listing.items)
        else None,
    )


@bp.get("/<municipality>/<slug>/themas")
@without_write_lock
def themes(municipality: str, slug: str):
    row = consultation_row(municipality, slug)
    if row is None or row.status == ConsultationStatus.DRAFT:
        return _render_themes(public_consultation(municipality, slug))
    # The same version as the consultation page: themes, their input and answers raise it.
    # Nothing on it is a resident's own, so logged-in residents share one page too.
    return public_page(
        ("themes", *consultation_key(row)),
        lambda: _render_themes(public_consultation(municipality, slug)),
        changed=(row.updated_at, row.public_changed_at, *passed_moments(row)),
        personalise=lambda parts: {},
    )


def _render_themes(consultation: Consultation) -> str:
    return render_template(
        "consultations/themes.html",
        consultation=consultation,
        phase=public_phase(consultation),
        themes=public_themes(consultation),
        answers=consultation_answers(consultation),
        threshold=int(current_app.config["PRIVACY_THRESHOLD"]),
    )


# --- Admin pages (scoped to the admin's own municipality) ------------------------------------


def _kern_choices() -> list[SelectChoice]:
    return [SelectChoice(kern.id, kern.name) for kern in current_user.municipality.kernen]


@bp.get("/beheer/raadplegingen")
@role_required(Role.ADMIN)
def admin_index():
    consultations = managed_consultations(current_user.municipality_id)
    return render_template(
        "consultations/admin_index.html",
        consultations=consultations,
        phases=public_phases(consultations),
    )


@bp.route("/beheer/raadplegingen/nieuw", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def admin_new():
    form = ConsultationForm(kern_choices=_kern_choices())
    if form.validate_on_submit():
        try:
            consultation = create_consultation(current_user.municipality, form.to_data())
        except InvalidInput as error:
            _field_errors(form, error)
        else:
            db.session.commit()
            flash(_("De raadpleging is aangemaakt als concept."), "success")
            return redirect(url_for(".admin_edit", consultation_id=consultation.id))
    return render_template("consultations/admin_form.html", form=form, consultation=None)


@bp.route("/beheer/raadplegingen/<int:consultation_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def admin_edit(consultation_id: int):
    consultation = own(Consultation, consultation_id)
    form = ConsultationForm(kern_choices=_kern_choices())
    if request.method == "GET":
        form.title.data = consultation.title
        form.slug.data = consultation.slug
        form.question.data = consultation.question
        form.description.data = consultation.description
        form.kernen.data = [kern.id for kern in consultation.kernen]
        form.opens_on.data = local_date(consultation.opens_at)
        form.closes_on.data = local_date(consultation.closes_at, inclusive_end=True)
        form.moderation_mode.data = consultation.moderation_mode.value
        form.voting.data = consultation.voting
    elif form.validate_on_submit():
        try:
            changed = update_consultation(consultation, form.to_data())
        except InvalidInput as error:
            db.session.rollback()
            _field_errors(form, error)
        else:
            db.session.commit()
            flash(
                _("De wijzigingen zijn opgeslagen.") if changed else _("Er was niets gewijzigd."),
                "success",
            )
            return redirect(url_for(".admin_edit", consultation_id=consultation.id))
    return render_template(
        "consultations/admin_form.html",
        form=form,
        consultation=consultation,
        phase=public_phase(consultation),
        status_form=StatusForm(),
    )


@bp.post("/beheer/raadplegingen/<int:consultation_id>/status")
@role_required(Role.ADMIN)
def admin_status(consultation_id: int):
    consultation = own(Consultation, consultation_id)
    form = StatusForm()
    wanted = request.form.get("status", "")
    if not form.validate_on_submit() or wanted not in ("open", "closed"):
        abort(400)
    status = ConsultationStatus(wanted)
    if set_consultation_status(consultation, status):
        db.session.commit()
        if status == ConsultationStatus.OPEN:
            flash(_("De raadpleging is open. Inwoners kunnen nu inbreng geven."), "success")
        else:
            flash(_("De raadpleging is gesloten. Er kan geen nieuwe inbreng meer bij."), "success")
    else:
        flash(_("De raadpleging had deze status al."), "info")
    return redirect(url_for(".admin_edit", consultation_id=consultation.id))


@bp.route("/beheer/kernen", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def admin_kernen():
    municipality = current_user.municipality
    form = KernForm()
    if form.validate_on_submit():
        try:
            kern = add_kern(municipality, form.name.data)
        except InvalidInput as error:
            db.session.rollback()
            _field_errors(form, error)
        else:
            db.session.commit()
            flash(_("Kern %(name)s is toegevoegd.", name=kern.name), "success")
            return redirect(url_for(".admin_kernen"))
    return render_template(
        "consultations/admin_kernen.html",
        municipality=municipality,
        form=form,
        rename_forms={
            kern.id: KernForm(formdata=None, prefix=f"kern{kern.id}", name=kern.name)
            for kern in municipality.kernen
        },
    )


@bp.post("/beheer/kernen/<int:kern_id>")
@role_required(Role.ADMIN)
def admin_kern_rename(kern_id: int):
    kern = own(Kern, kern_id)
    form = KernForm(prefix=f"kern{kern.id}")
    if form.validate_on_submit():
        try:
            changed = rename_kern(kern, form.name.data)
        except InvalidInput as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            if changed:
                flash(_("De kern heet nu %(name)s.", name=kern.name), "success")
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "error")
    return redirect(url_for(".admin_kernen"))


def _field_errors(form, error: InvalidInput) -> None:
    for name, message in error.errors.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*list(field.errors), str(message)]
        else:
            flash(str(message), "error")
