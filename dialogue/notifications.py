"""E-mail to residents about their input: published, hidden, not placed, answered."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select

from dialogue.accounts.models import User
from dialogue.answers.models import OfficialResponse
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution, ContributionStatus, Reply
from dialogue.contributions.queries import PER_PAGE
from dialogue.extensions import db
from dialogue.mail import send_email
from dialogue.themes.models import Theme
from dialogue.urls import absolute_url

#: Statuses an author hears about, with the template that tells them.
_STATUS_TEMPLATES = {
    ContributionStatus.PUBLISHED: "notification_published",
    ContributionStatus.HIDDEN: "notification_hidden",
    ContributionStatus.REJECTED: "notification_rejected",
}


def wants_email(user: User | None) -> bool:
    """Whether user can and wants to receive notifications by e-mail."""
    return bool(user and user.active and user.email and user.notify_by_email)


def external_url(endpoint: str, **values: object) -> str:
    """Return an absolute link from BASE_URL (see dialogue.urls), or "" when there is no host."""
    return absolute_url(endpoint, **values)


def consultation_url(consultation: Consultation) -> str:
    """Return the public link to a consultation."""
    return external_url(
        "consultations.show", municipality=consultation.municipality.slug, slug=consultation.slug
    )


def answer_url(response: OfficialResponse) -> str:
    """Return the public link to an answer: its place on the consultation page.

    An answer on input sits inside that input, on the page of the listing (newest first)
    where the input stands; other answers are at the top of the consultation page.
    """
    consultation = response.consultation
    page = 1
    if response.contribution_id is not None:
        page = listing_page_of(db.session.get(Contribution, response.contribution_id))
    values = {"page": page} if page > 1 else {}
    return external_url(
        "consultations.show",
        municipality=consultation.municipality.slug,
        slug=consultation.slug,
        _anchor=f"antwoord-{response.id}",
        **values,
    )


def listing_page_of(contribution: Contribution | None) -> int:
    """Return the page of the public listing (newest first) on which contribution stands."""
    if contribution is None or contribution.published_at is None:
        return 1
    newer = db.session.scalar(
        select(func.count(Contribution.id)).where(
            Contribution.consultation_id == contribution.consultation_id,
            Contribution.status == ContributionStatus.PUBLISHED,
            or_(
                Contribution.published_at > contribution.published_at,
                and_(
                    Contribution.published_at == contribution.published_at,
                    Contribution.id > contribution.id,
                ),
            ),
        )
    )
    return (newer or 0) // PER_PAGE + 1


def _subject_for(status: ContributionStatus) -> str:
    return {
        ContributionStatus.PUBLISHED: _("Uw inbreng staat online"),
        ContributionStatus.HIDDEN: _("Uw inbreng is verborgen"),
        ContributionStatus.REJECTED: _("Uw inbreng is niet geplaatst"),
    }[status]


def notify_status_change(contribution: Contribution) -> bool:
    """Tell the author their input was published, hidden or not placed; return whether mailed."""
    template = _STATUS_TEMPLATES.get(contribution.status)
    author = contribution.author
    if template is None or not wants_email(author):
        return False
    with force_locale(author.locale or "nl"):
        send_email(
            author.email,
            _subject_for(contribution.status),
            template,
            user=author,
            contribution=contribution,
            consultation=contribution.consultation,
            consultation_url=consultation_url(contribution.consultation),
            mine_url=external_url("contributions.mine"),
        )
    return True


def notify_reply_status_change(reply: Reply) -> bool:
    """Tell the author their reply was published, hidden or not placed; return whether mailed."""
    author = reply.author
    if reply.status not in _STATUS_TEMPLATES or not wants_email(author):
        return False
    consultation = reply.contribution.consultation
    with force_locale(author.locale or "nl"):
        subject = {
            ContributionStatus.PUBLISHED: _("Uw reactie staat online"),
            ContributionStatus.HIDDEN: _("Uw reactie is verborgen"),
            ContributionStatus.REJECTED: _("Uw reactie is niet geplaatst"),
        }[reply.status]
        send_email(
            author.email,
            subject,
            "notification_reply",
            user=author,
            reply=reply,
            consultation=consultation,
            consultation_url=consultation_url(consultation),
        )
    return True


def notify_author_of_status(item: Contribution | Reply) -> bool:
    """Tell the author of input or a reply its new status; return whether mailed."""
    if isinstance(item, Reply):
        return notify_reply_status_change(item)
    return notify_status_change(item)


def participants(consultation: Consultation) -> list[User]:
    """Return the residents who posted input or replies in a consultation."""
    contributors = select(Contribution.author_id).where(
        Contribution.consultation_id == consultation.id,
        Contribution.author_id.is_not(None),
        Contribution.status != ContributionStatus.WITHDRAWN,
    )
    repliers = (
        select(Reply.author_id)
        .join(Contribution, Reply.contribution_id == Contribution.id)
        .where(Contribution.consultation_id == consultation.id, Reply.author_id.is_not(None))
    )
    ids = set(db.session.scalars(contributors)) | set(db.session.scalars(repliers))
    if not ids:
        return []
    return list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id)))


def theme_authors(consultation_id: int, theme_key: str) -> list[User]:
    """Return the residents with published input in a theme.

    Only published input: the authors of hidden or rejected input did not see it in the
    theme, and an answer on the theme is no answer to them.
    """
    query = (
        select(User)
        .join(Contribution, Contribution.author_id == User.id)
        .where(
            Contribution.consultation_id == consultation_id,
            Contribution.theme_key == theme_key,
            Contribution.status == ContributionStatus.PUBLISHED,
        )
        .distinct()
    )
    return list(db.session.scalars(query))


def _recipients_of(response: OfficialResponse) -> Iterable[User]:
    if response.contribution_id is not None:
        contribution = db.session.get(Contribution, response.contribution_id)
        return [contribution.author] if contribution and contribution.author else []
    if response.theme_key:
        return theme_authors(response.consultation_id, response.theme_key)
    return participants(response.consultation)


def notify_answer(response: OfficialResponse) -> int:
    """Tell the residents involved that the municipality answered; return how many were mailed."""
    consultation = response.consultation
    theme = None
    if response.theme_key is not None:
        theme = db.session.scalar(
            select(Theme).filter_by(consultation_id=consultation.id, key=response.theme_key)
        )
    sent = 0
    seen: set[int] = set()
    for user in _recipients_of(response):
        if user.id in seen or user.id == response.author_id or not wants_email(user):
            continue
        seen.add(user.id)
        with force_locale(user.locale or "nl"):
            send_email(
                user.email,
                _("De gemeente heeft gereageerd"),
                "notification_answer",
                user=user,
                response=response,
                consultation=consultation,
                on_contribution=response.contribution_id is not None,
                theme=theme,
                consultation_url=consultation_url(consultation),
                answer_url=answer_url(response),
            )
        sent += 1
    return sent
