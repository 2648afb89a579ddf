"""One-off events in the demo: a week of input from one kern, posted as the site would take it.

Each event goes through the real submission path (screening, placement in the nearest theme)
and the real detector judges the weeks afterwards; the committed corpus stays as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select

from dialogue.accounts.models import Role, User
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.contributions.services import submit_contribution
from dialogue.demo.story import acting_as
from dialogue.extensions import db
from dialogue.timeutil import utcnow


def week_start(weeks_ago: int) -> datetime:
    """Return the Monday (00:00 UTC) of the week that began `weeks_ago` weeks before this one."""
    return monday_of(utcnow()) - timedelta(weeks=weeks_ago)


def monday_of(moment: datetime) -> datetime:
    """Return the Monday (00:00) of the week a moment falls in."""
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())


def post_in_week(
    consultation: Consultation,
    people: Sequence[User],
    *,
    kern: str,
    texts: Sequence[str],
    monday: datetime,
) -> list[Contribution]:
    """Let residents of one kern post `texts` in the week from `monday`, spread over it."""
    posted = []
    for number, text in enumerate(texts):
        author = people[number % len(people)]
        with acting_as(author):
            contribution = submit_contribution(consultation, text=text, author=author, kern=kern)
        db.session.flush()
        # From Monday morning on, ten hours apart: the week's texts fit before Sunday night.
        moment = monday + timedelta(hours=7 + (10 * number) % (7 * 24 - 8))
        contribution.created_at = contribution.updated_at = moment
        if contribution.status == ContributionStatus.PUBLISHED:
            contribution.published_at = moment
        posted.append(contribution)
    db.session.flush()
    return posted


def registered_residents() -> list[User]:
    """Return the demo residents with an account, in a fixed order."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == Role.RESIDENT, User.email.is_not(None))
            .order_by(User.id)
        )
    )
