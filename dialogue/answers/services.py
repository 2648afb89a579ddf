"""Creating and correcting the municipality's public answers (audited, residents notified)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, select

from dialogue.accounts.models import User
from dialogue.answers.models import OfficialResponse
from dialogue.audit.services import record
from dialogue.consultations.models import Consultation, ConsultationStatus
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.extensions import db
from dialogue.notifications import notify_answer
from dialogue.themes.models import Theme, ThemeStatus
from dialogue.timeutil import utcnow

#: Length limits of an answer, in characters.
ANSWER_MIN, ANSWER_MAX = 10, 5000


def answer(
    consultation: Consultation,
    *,
    text: str,
    author: User,
    contribution: Contribution | None = None,
    theme: Theme | None = None,
) -> OfficialResponse:
    """Publish an answer on a consultation, one of its contributions or a theme; notify residents.

    The one path for every public answer: one audit action ("answer.create") and one e-mail
    (notifications.notify_answer). An answer on a theme also marks the theme answered.
    """
    for part in (contribution, theme):
        if part is not None and part.consultation_id != consultation.id:
            raise ValueError(f"{part!r} belongs to another consultation")
    response = OfficialResponse(
        consultation=consultation,
        contribution_id=contribution.id if contribution is not None else None,
        theme_key=theme.key if theme is not None else None,
        author_id=author.id,
        author_role=author.role.value,
        text=text.strip(),
    )
    db.session.add(response)
    if theme is not None:
        theme.status = ThemeStatus.ANSWERED
    db.session.flush()
    record(
        "answer.create",
        response,
        municipality_id=consultation.municipality_id,
        actor=author,
        details={
            "consultation_id": consultation.id,
            "contribution_id": response.contribution_id,
            "theme_key": response.theme_key,
        },
    )
    notify_answer(response)
    return response


def revise_answer(response: OfficialResponse, text: str) -> bool:
    """Correct the text of a published answer; return False when nothing changed.

    The answer stays in place with its date and is marked as changed; the audit log keeps
    the earlier text. Residents are not mailed again: they were told when it was published.
    """
    new_text = text.strip()
    if new_text == response.text:
        return False
    record(
        "answer.update",
        response,
        municipality_id=response.consultation.municipality_id,
        details={
            "consultation_id": response.consultation_id,
            "contribution_id": response.contribution_id,
            "theme_key": response.theme_key,
            "previous_text": response.text,
        },
    )
    response.text = new_text
    response.edited_at = utcnow()
    db.session.flush()
    return True


def _answers(*where: ColumnElement[bool], by_date: bool = False) -> list[OfficialResponse]:
    """Return the answers that match where, newest first (by id, or by date when asked)."""
    order = (OfficialResponse.created_at.desc(),) if by_date else ()
    query = select(OfficialResponse).where(*where).order_by(*order, OfficialResponse.id.desc())
    return list(db.session.scalars(query))


def answers_for(consultation: Consultation) -> list[OfficialResponse]:
    """Return every answer in a consultation, newest first."""
    return _answers(OfficialResponse.consultation_id == consultation.id)


def answers_on(contribution: Contribution) -> list[OfficialResponse]:
    """Return the answers on one contribution, newest first."""
    return _answers(OfficialResponse.contribution_id == contribution.id)


def theme_answers(consultation_id: int, theme_key: str) -> list[OfficialResponse]:
    """Return the answers on a theme, newest first."""
    return _answers(
        OfficialResponse.consultation_id == consultation_id,
        OfficialResponse.theme_key == theme_key,
        by_date=True,
    )


def consultations_with_answer_counts(municipality_id: int) -> list[tuple[Consultation, int]]:
    """Return the municipality's consultations (not drafts) and how many answers each has."""
    counts = (
        select(OfficialResponse.consultation_id, func.count(OfficialResponse.id).label("n"))
        .group_by(OfficialResponse.consultation_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Consultation, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.consultation_id == Consultation.id)
        .where(
            Consultation.municipality_id == municipality_id,
            Consultation.status != ConsultationStatus.DRAFT,
        )
        .order_by(Consultation.created_at.desc())
    ).all()
    return [(consultation, int(n)) for consultation, n in rows]


def recent_published(consultation: Consultation, limit: int = 100) -> list[Contribution]:
    """Return the newest published contributions of a consultation, to pick one to answer."""
    return list(
        db.session.scalars(
            select(Contribution)
            .where(
                Contribution.consultation_id == consultation.id,
                Contribution.status == ContributionStatus.PUBLISHED,
            )
            .order_by(Contribution.id.desc())
            .limit(limit)
        )
    )
