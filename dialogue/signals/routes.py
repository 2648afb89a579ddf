"""Signal pages: new signals first, with numbers, chart, quotes and the analyst's decision."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, select

from dialogue.accounts.models import Role
from dialogue.answers.models import OfficialResponse
from dialogue.consultations.models import Consultation
from dialogue.extensions import db
from dialogue.security import role_required
from dialogue.signals import digest, services
from dialogue.signals.forms import AcknowledgeForm, DigestForm, DismissForm
from dialogue.signals.models import Signal, SignalStatus
from dialogue.signals.rule import signal_rule
from dialogue.themes.dashboard import consultation_dashboard
from dialogue.themes.models import Theme

bp = Blueprint("signals", __name__, url_prefix="/werkplek")
ANALYSTS = (Role.ANALYST, Role.ADMIN)


def own_signal(signal_id: int) -> Signal:
    signal = db.session.scalar(
        select(Signal).filter_by(id=signal_id, municipality_id=current_user.municipality_id)
    )
    if signal is None:
        abort(404)
    return signal


def own_consultation(consultation_id: int) -> Consultation:
    consultation = db.session.scalar(
        select(Consultation).filter_by(
            id=consultation_id, municipality_id=current_user.municipality_id
        )
    )
    if consultation is None:
        abort(404)
    return consultation


@bp.get("/raadplegingen/<int:consultation_id>/signalen")
@role_required(*ANALYSTS)
def index(consultation_id: int):
    consultation = own_consultation(consultation_id)
    new_first = case((Signal.status == SignalStatus.NEW, 0), else_=1)
    signals = db.session.scalars(
        select(Signal)
        .filter_by(consultation_id=consultation.id)
        .order_by(new_first, Signal.score.desc(), Signal.period_start.desc())
    ).all()
    labels = theme_labels(consultation.id)
    return render_template(
        "signals/index.html",
        consultation=consultation,
        signals=signals,
        labels=labels,
        digest_on=digest.subscribed(current_user),
        digest_form=DigestForm(),
        rule=signal_rule(),
    )


def theme_labels(consultation_id: int) -> dict[str, str]:
    return dict(
        db.session.execute(
            select(Theme.key, Theme.label).filter_by(consultation_id=consultation_id)
        ).all()
    )


@bp.get("/signalen/<int:signal_id>")
@role_required(*ANALYSTS)
def detail(signal_id: int):
    signal = own_signal(signal_id)
    consultation = db.session.get(Consultation, signal.consultation_id)
    board = consultation_dashboard(consultation, covering=signal.period_start)
    board.themes = [row for row in board.themes if row.theme.key == signal.theme_key]
    answers = db.session.scalars(
        select(OfficialResponse)
        .filter_by(consultation_id=signal.consultation_id, theme_key=signal.theme_key)
        .order_by(OfficialResponse.created_at.desc())
    ).all()
    theme = db.session.scalar(
        select(Theme).filter_by(consultation_id=signal.consultation_id, key=signal.theme_key)
    )
    return render_template(
        "signals/detail.html",
        signal=signal,
        consultation=consultation,
        theme=theme,
        board=board,
        quotes=services.signal_quotes(signal),
        answers=answers,
        acknowledge_form=AcknowledgeForm(),
        dismiss_form=DismissForm(),
        period_end_inclusive=signal.period_end - timedelta(days=0),
    )


@bp.post("/signalen/<int:signal_id>/oppakken")
@role_required(*ANALYSTS)
def acknowledge(signal_id: int):
    signal = own_signal(signal_id)
    if not AcknowledgeForm().validate_on_submit():
        abort(400)
    response_id = db.session.scalar(
        select(OfficialResponse.id)
        .filter_by(consultation_id=signal.consultation_id, theme_key=signal.theme_key)
        .order_by(OfficialResponse.created_at.desc())
        .limit(1)
    )
    services.acknowledge(signal, current_user, response_id)
    db.session.commit()
    flash(_("Het signaal is opgepakt."), "success")
    return redirect(url_for(".detail", signal_id=signal.id))


@bp.post("/signalen/<int:signal_id>/afwijzen")
@role_required(*ANALYSTS)
def dismiss(signal_id: int):
    signal = own_signal(signal_id)
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
    consultation = own_consultation(consultation_id)
    if not DigestForm().validate_on_submit():
        abort(400)
    on = digest.toggle(current_user)
    db.session.commit()
    if on:
        flash(_("U krijgt elke maandag een e-mail met de nieuwe signalen."), "success")
    else:
        flash(_("U krijgt geen wekelijkse e-mail met signalen meer."), "success")
    return redirect(url_for(".index", consultation_id=consultation.id))
