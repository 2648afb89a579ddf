"""Residents vote one input at a time ("Stemmen"); the public "Wat verbindt ons" page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from dialogue.accounts.models import Role
from dialogue.consultations.models import Consultation
from dialogue.consultations.services import public_consultation
from dialogue.contributions import account_limits
from dialogue.contributions.forms import ActionForm
from dialogue.contributions.models import Contribution
from dialogue.contributions.validation import ContributionError
from dialogue.extensions import db
from dialogue.security import role_required
from dialogue.votes.analysis import common_ground_view
from dialogue.votes.kernen import common_ground_per_kern
from dialogue.votes.services import (
    cast_vote,
    next_to_vote_on,
    own_vote,
    parse_vote,
    published_input,
    voting_open,
)

bp = Blueprint("votes", __name__)


def _voting_url(consultation: Consultation, **args: object) -> str:
    return url_for(
        "votes.vote_one",
        municipality=consultation.municipality.slug,
        slug=consultation.slug,
        **args,
    )


def _chosen_input(consultation: Consultation) -> Contribution | None:
    """The input asked for with ?inbreng=ID, if it is published in this consultation."""
    raw = request.args.get("inbreng", "")
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 9):
        return None
    return published_input(int(raw), consultation)


@bp.get("/<municipality>/<slug>/stemmen")
@role_required(Role.RESIDENT)
def vote_one(municipality: str, slug: str):
    consultation = public_consultation(municipality, slug)
    item, remaining = next_to_vote_on(consultation, current_user)
    chosen = _chosen_input(consultation)
    if chosen is not None:
        item = chosen
    current = own_vote(item.id, current_user.id) if item is not None else None
    return render_template(
        "votes/vote_one.html",
        consultation=consultation,
        open=voting_open(consultation),
        item=item,
        current=current.value.value if current else None,
        remaining=remaining,
        form=ActionForm(),
    )


@bp.post("/inbreng/<int:contribution_id>/stem")
@role_required(Role.RESIDENT)
def cast(contribution_id: int) -> Response:
    contribution = published_input(contribution_id)
    if contribution is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    account_limits.refuse_when_over_limit(current_user, "vote")
    consultation = contribution.consultation
    try:
        cast_vote(contribution, current_user, parse_vote(request.form.get("vote")))
    except ContributionError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(_voting_url(consultation, inbreng=contribution.id, _anchor="stemmen"))
    db.session.commit()
    account_limits.count_post(current_user, "vote")
    flash(
        _("Uw stem is opgeslagen. U kunt die veranderen zolang de raadpleging open is."), "success"
    )
    return redirect(_voting_url(consultation, _anchor="stemmen"))


@bp.get("/<municipality>/<slug>/wat-verbindt-ons")
def common_ground(municipality: str, slug: str):
    consultation = public_consultation(municipality, slug)
    return render_template(
        "votes/common_ground.html",
        consultation=consultation,
        view=common_ground_view(consultation),
        kernen=common_ground_per_kern(consultation),
        threshold=int(current_app.config["PRIVACY_THRESHOLD"]),
        can_vote=voting_open(consultation)
        and (not current_user.is_authenticated or current_user.role == Role.RESIDENT),
    )
