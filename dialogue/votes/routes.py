"""Residents vote one input at a time ("Stemmen"); the public "Wat verbindt ons" page."""

from __future__ import annotations

import json

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from dialogue.accounts.models import Role, User
from dialogue.consultations.models import Consultation
from dialogue.consultations.services import public_consultation
from dialogue.contributions import account_limits
from dialogue.contributions.forms import ActionForm, ConfirmForm, apply_errors
from dialogue.contributions.limits import anonymous_ip_rate_limit, is_logged_in, posted
from dialogue.contributions.models import Contribution
from dialogue.contributions.validation import ContributionError, InvalidInput
from dialogue.extensions import db, limiter
from dialogue.mail import send_email
from dialogue.urls import absolute_url
from dialogue.votes.analysis import common_ground_view
from dialogue.votes.anonymous import (
    confirm_voter,
    session_voter,
    voter_for_token,
    voting_link_token,
)
from dialogue.votes.forms import VotingEmailForm
from dialogue.votes.kernen import common_ground_per_kern
from dialogue.votes.own_votes import (
    erase_votes,
    manage_link,
    own_votes,
    voter_for_manage_token,
    votes_download,
)
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


def _chosen_contribution(consultation: Consultation) -> Contribution | None:
    """The input asked for with ?inbreng=ID, if it is published in this consultation."""
    raw = request.args.get("inbreng", "")
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 9):
        return None
    return published_input(int(raw), consultation)


def _voter(consultation: Consultation) -> User | None:
    """Who votes here: the logged-in resident, or the anonymous voter this browser confirmed.

    Officials get 403; None means a visitor who must log in or confirm an address first.
    """
    if current_user.is_authenticated:
        if current_user.role != Role.RESIDENT:
            abort(403)
        return current_user
    return session_voter(consultation)


def _email_url(consultation: Consultation) -> str:
    return url_for(
        "votes.request_link", municipality=consultation.municipality.slug, slug=consultation.slug
    )


@bp.get("/<municipality>/<slug>/stemmen")
def vote_one(municipality: str, slug: str):
    consultation = public_consultation(municipality, slug)
    voter = _voter(consultation)
    if voter is None:
        return redirect(_email_url(consultation))
    item, remaining = next_to_vote_on(consultation, voter)
    chosen = _chosen_contribution(consultation)
    if chosen is not None:
        item = chosen
    current = own_vote(item.id, voter.id) if item is not None else None
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
def cast(contribution_id: int) -> Response:
    contribution = published_input(contribution_id)
    if contribution is None:
        abort(404)
    consultation = contribution.consultation
    voter = _voter(consultation)
    if voter is None:
        return redirect(_email_url(consultation))
    if not ActionForm().validate_on_submit():
        abort(400)
    account_limits.refuse_when_over_limit(voter, "vote")
    try:
        cast_vote(contribution, voter, parse_vote(request.form.get("vote")))
    except ContributionError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(_voting_url(consultation, inbreng=contribution.id, _anchor="stemmen"))
    db.session.commit()
    account_limits.count_post(voter, "vote")
    flash(
        _("Uw stem is opgeslagen. U kunt die veranderen zolang de raadpleging open is."), "success"
    )
    return redirect(_voting_url(consultation, _anchor="stemmen"))


@bp.route("/<municipality>/<slug>/stemmen/e-mail", methods=["GET", "POST"])
@limiter.limit(
    anonymous_ip_rate_limit, methods=["POST"], deduct_when=posted, exempt_when=is_logged_in
)
def request_link(municipality: str, slug: str):
    """Vote without an account: leave an address, get a link, as for anonymous input."""
    consultation = public_consultation(municipality, slug)
    if current_user.is_authenticated:
        return redirect(_voting_url(consultation))
    form = VotingEmailForm()
    if voting_open(consultation) and form.validate_on_submit():
        try:
            email, token = voting_link_token(consultation, form.email.data)
        except InvalidInput as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            send_email(
                email,
                _("Bevestig uw e-mailadres om te stemmen"),
                "vote_confirm",
                consultation=consultation,
                confirm_url=absolute_url("votes.confirm_link", token=token),
                hours=current_app.config["EMAIL_TOKEN_MAX_AGE"] // 3600,
            )
            db.session.commit()
            flash(_("Wij hebben u een e-mail gestuurd. Klik op de link daarin om te stemmen."))
            return redirect(
                url_for(
                    "consultations.show",
                    municipality=consultation.municipality.slug,
                    slug=consultation.slug,
                )
            )
    return render_template(
        "votes/request_link.html",
        consultation=consultation,
        form=form,
        open=voting_open(consultation),
    )


@bp.route("/stemmen/bevestigen/<token>", methods=["GET", "POST"])
def confirm_link(token: str):
    voter, state = voter_for_token(token)
    form = ConfirmForm()
    consultation = db.session.get(Consultation, voter.consultation_id) if voter else None
    if consultation is not None and form.validate_on_submit():
        confirm_voter(voter)  # type: ignore[arg-type]
        db.session.commit()
        flash(_("Uw e-mailadres is bevestigd. U kunt nu stemmen."), "success")
        return redirect(_voting_url(consultation, _anchor="stemmen"))
    status = {"ok": 200, "expired": 410}.get(state, 404)
    return render_template(
        "votes/confirm_link.html", state=state, form=form, consultation=consultation
    ), status


@bp.route("/<municipality>/<slug>/stemmen/mijn-stemmen", methods=["GET", "POST"])
@limiter.limit(
    anonymous_ip_rate_limit, methods=["POST"], deduct_when=posted, exempt_when=is_logged_in
)
def request_own_votes(municipality: str, slug: str):
    """A voter without an account asks for a link to see or erase their votes."""
    consultation = public_consultation(municipality, slug)
    if current_user.is_authenticated:
        return redirect(_voting_url(consultation))
    form = VotingEmailForm()
    if form.validate_on_submit():
        try:
            email, token = manage_link(consultation, form.email.data)
        except InvalidInput as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            if token is not None:
                send_email(
                    email,
                    _("Uw stemmen bekijken of wissen"),
                    "vote_manage",
                    consultation=consultation,
                    manage_url=absolute_url("votes.own_votes_page", token=token),
                    hours=current_app.config["EMAIL_TOKEN_MAX_AGE"] // 3600,
                )
            db.session.commit()
            # The same answer whether or not the address voted.
            flash(
                _(
                    "Heeft u met dit e-mailadres gestemd? Dan krijgt u een e-mail met een link "
                    "naar uw stemmen."
                )
            )
            return redirect(_email_url(consultation))
    return render_template("votes/request_own_votes.html", consultation=consultation, form=form)


@bp.route("/stemmen/mijn-stemmen/<token>", methods=["GET", "POST"])
def own_votes_page(token: str):
    """The voter's votes (GET); erase them (POST, the only thing a POST does here)."""
    voter, state = voter_for_manage_token(token)
    form = ConfirmForm()
    if voter is None:
        status = 410 if state == "expired" else 404
        return render_template("votes/own_votes.html", state=state, form=form), status
    consultation = db.session.get(Consultation, voter.consultation_id)
    if form.validate_on_submit():
        erase_votes(voter)
        db.session.commit()
        flash(_("Uw stemmen zijn gewist."), "success")
        return redirect(
            url_for(
                "consultations.show",
                municipality=consultation.municipality.slug,  # type: ignore[union-attr]
                slug=consultation.slug,  # type: ignore[union-attr]
            )
        )
    return render_template(
        "votes/own_votes.html",
        state=state,
        form=form,
        token=token,
        consultation=consultation,
        votes=own_votes(voter),
    )


@bp.get("/stemmen/mijn-stemmen/<token>/download")
def own_votes_download(token: str) -> Response:
    voter, state = voter_for_manage_token(token)
    if voter is None:
        abort(410 if state == "expired" else 404)
    body = json.dumps(votes_download(voter), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="kernpunt-mijn-stemmen.json"'},
    )


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
