"""Signal pages: new signals first, with numbers, chart, quotes and the analyst's decision."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from dialogue.accounts.models import Role
from dialogue.consultations.models import Consultation
from dialogue.extensions import db
from dialogue.security import own, role_required
from dialogue.signals import digest, queries, services
from dialogue.signals.forms import AcknowledgeForm, DigestForm, DismissForm
from dialogue.signals.models import Signal
from dialogue.signals.rule import signal_rule

bp = Blueprint("signals", __name__, url_prefix="/werkplek")
ANALYSTS = (Role.ANALYST, Role.ADMIN)


@bp.get("/raadplegingen/<int:consultation_id>/signalen")
@role_required(*ANALYSTS)
def index(consultation_id: int):
    consultation = own(Consultation, consultation_id)
    return render_template(
        "signals/index.html",
        consultation=consultation,
        signals=queries.consultation_signals(consultation),
        labels=queries.theme_labels(consultation.id),
        digest_on=digest.subscribed(current_user),
        digest_form=DigestForm(),
        rule=signal_rule(),
    )


@bp.get("/signalen/<int:signal_id>")
@role_required(*ANALYSTS)
def detail(signal_id: int):
    signal = own(Signal, signal_id)
    return render_template(
        "signals/detail.html",
        signal=signal,
        acknowledge_form=AcknowledgeForm(),
        dismiss_form=DismissForm(),
        **queries.signal_page(signal),
    )


@bp.post("/signalen/<int:signal_id>/oppakken")
@role_required(*ANALYSTS)
def acknowledge(signal_id: int):
    signal = own(Signal, signal_id)
    if not AcknowledgeForm().validate_on_submit():
        abort(400)
    services.take_up(signal, current_user)
    db.session.commit()
    flash(_("Het signaal is opgepakt."), "success")
    return redirect(url_for(".detail", signal_id=signal.id))


@bp.post("/signalen/<int:signal_id>/afwijzen")
@role_required(*ANALYSTS)
def dismiss(signal_id: int):
    signal = own(Signal, signal_id)
    form = DismissForm()
    if not form.validate_on_submit():
        errors = [*form.reason.errors, *form.note.errors]
        flash(" ".join(map(str, errors)) or _("Kies een reden."), "error")
        return redirect(url_for(".detail", signal_id=signal.id))
    try:
        services.dismiss(signal, current_user, form.reason.data, form.note.data or "")
    except services.SignalError as error:
        flash(str(error), "error")
        return redirect(url_for(".detail", signal_id=signal.id))
    db.session.commit()
    flash(_("Het signaal is afgewezen. De reden is bewaard."), "success")
    return redirect(url_for(".index", consultation_id=signal.consultation_id))


@bp.post("/raadplegingen/<int:consultation_id>/signalen/samenvatting")
@role_required(*ANALYSTS)
def toggle_digest(consultation_id: int):
    consultation = own(Consultation, consultation_id)
    if not DigestForm().validate_on_submit():
        abort(400)
    on = digest.toggle(current_user)
    db.session.commit()
    if on:
        flash(_("U krijgt elke maandag een e-mail met de nieuwe signalen."), "success")
    else:
        flash(_("U krijgt geen wekelijkse e-mail met signalen meer."), "success")
    return redirect(url_for(".index", consultation_id=consultation.id))
