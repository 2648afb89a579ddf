"""Read-only queries for the public pages: published input, support counts, answers."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from dialogue.accounts.models import User
from dialogue.answers.models import OfficialResponse
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution, ContributionStatus, Reply, Support
from dialogue.extensions import db

#: Contributions per page on a consultation page.
PER_PAGE = 20
SORTS = ("nieuw", "steun")


@dataclass
class ContributionPage:
    """One page of published input with what the page shows beside each item."""

    items: list[Contribution]
    page: int
    pages: int
    total: int
    supports: dict[int, int] = field(default_factory=dict)
    answers: dict[int, list[OfficialResponse]] = field(default_factory=dict)
    supported_by_me: set[int] = field(default_factory=set)


def _support_counts(consultation: Consultation):
    """Return a subquery of support counts per contribution of one consultation."""
    return (
        select(Support.contribution_id, func.count(Support.id).label("n"))
        .join(Contribution, Contribution.id == Support.contribution_id)
        .where(Contribution.consultation_id == consultation.id)
        .group_by(Support.contribution_id)
        .subquery()
    )


_SUPPORTERS = (
    select(func.count(Support.id))
    .where(Support.contribution_id == Contribution.id)
    .correlate(Contribution)
    .scalar_subquery()
)


def published_page(
    consultation: Consultation,
    *,
    sort: str = "nieuw",
    kern_id: int | None = None,
    page: int = 1,
    viewer: User | None = None,
    per_page: int = PER_PAGE,
) -> ContributionPage:
    """Return a page of the consultation's published input, newest or most supported first.

    One query counts, one reads the page with its support counts and kernen (walking the
    published_at index, so only the page's rows are counted), one its published replies, one
    the municipality's answers.
    """
    conditions = [
        Contribution.consultation_id == consultation.id,
        Contribution.status == ContributionStatus.PUBLISHED,
    ]
    if kern_id is not None:
        conditions.append(Contribution.kern_id == kern_id)
    total = db.session.scalar(select(func.count(Contribution.id)).where(*conditions)) or 0
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    rows = _page_rows(consultation, conditions, sort, page, per_page) if total else []
    result = ContributionPage(
        items=[row.Contribution for row in rows],
        page=page,
        pages=pages,
        total=total,
        supports={row.Contribution.id: row.supporters for row in rows},
    )
    ids = list(result.supports)
    if ids:
        result.answers = answers_on(ids)
        if viewer is not None and viewer.is_authenticated:
            result.supported_by_me = set(
                db.session.scalars(
                    select(Support.contribution_id).where(
                        Support.user_id == viewer.id, Support.contribution_id.in_(ids)
                    )
                )
            )
    return result


def _page_rows(consultation: Consultation, conditions: list, sort: str, page: int, per_page: int):
    newest = (Contribution.published_at.desc(), Contribution.id.desc())
    query = select(Contribution, _SUPPORTERS.label("supporters")).options(
        selectinload(Contribution.replies.and_(Reply.status == ContributionStatus.PUBLISHED)),
        joinedload(Contribution.kern),
    )
    if sort != "steun":
        query = query.where(*conditions).order_by(*newest)
        return db.session.execute(query.offset((page - 1) * per_page).limit(per_page)).all()
    # Most supported first: order the ids alone (every row's count is needed), then read the page.
    counts = _support_counts(consultation)
    ids = list(
        db.session.scalars(
            select(Contribution.id)
            .outerjoin(counts, counts.c.contribution_id == Contribution.id)
            .where(*conditions)
            .order_by(func.coalesce(counts.c.n, 0).desc(), *newest)
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
    )
    rows = db.session.execute(query.where(Contribution.id.in_(ids))).all()
    return sorted(rows, key=lambda row: ids.index(row.Contribution.id))


def answers_on(contribution_ids: list[int]) -> dict[int, list[OfficialResponse]]:
    """Return the municipality's answers per contribution id, oldest first."""
    answers: dict[int, list[OfficialResponse]] = {}
    for response in db.session.scalars(
        select(OfficialResponse)
        .where(OfficialResponse.contribution_id.in_(contribution_ids))
        .order_by(OfficialResponse.created_at)
    ):
        answers.setdefault(response.contribution_id, []).append(response)
    return answers


def own_contributions(user: User) -> list[Contribution]:
    """Return everything the user posted, newest first, withdrawn included."""
    return list(
        db.session.scalars(
            select(Contribution)
            .where(Contribution.author_id == user.id)
            .order_by(Contribution.created_at.desc(), Contribution.id.desc())
            .options(selectinload(Contribution.consultation), selectinload(Contribution.kern))
        )
    )
