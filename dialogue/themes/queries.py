"""What the analysts' theme pages show: read-only queries over themes, members and jobs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select

from dialogue.answers.models import OfficialResponse
from dialogue.answers.services import theme_answers
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.extensions import db
from dialogue.jobs import Job
from dialogue.themes import curation
from dialogue.themes.analysis import ANALYSIS_JOB, runner_up_keys
from dialogue.themes.dashboard import consultation_dashboard
from dialogue.themes.models import Theme
from dialogue.votes.analysis import common_ground_by_theme

#: Members of a theme shown per page.
MEMBERS_PER_PAGE = 50
#: Uncertain input shown at once; the list shrinks as the analyst places them.
UNCERTAIN_SHOWN = 50
#: Highest page number accepted; larger ones show the last (empty) page instead of failing.
MAX_PAGE = 10_000
#: Latest analysis jobs shown on the themes page.
JOBS_SHOWN = 3


def active_themes(consultation_id: int) -> list[Theme]:
    """Return the consultation's current themes by label."""
    return list(
        db.session.scalars(
            select(Theme)
            .filter_by(consultation_id=consultation_id, active=True)
            .order_by(Theme.label)
        )
    )


def other_themes(theme: Theme) -> list[Theme]:
    """Return the consultation's current themes other than theme, by label."""
    return [other for other in active_themes(theme.consultation_id) if other.id != theme.id]


def themes_page(consultation: Consultation) -> dict[str, Any]:
    """Return what the themes page shows: the dashboard, the latest jobs, the uncertain count."""
    jobs = db.session.scalars(
        select(Job)
        .filter_by(kind=ANALYSIS_JOB, subject=f"consultation:{consultation.id}")
        .order_by(Job.id.desc())
        .limit(JOBS_SHOWN)
    ).all()
    uncertain = sum(curation.uncertain_by_suggestion(consultation.id).values())
    return {"board": consultation_dashboard(consultation), "jobs": jobs, "uncertain": uncertain}


@dataclass
class ThemePage:
    """What one theme's page shows besides its forms."""

    members: Pagination
    others: list[Theme]
    answers: list[OfficialResponse]
    common_ground: list[str]


def theme_page(theme: Theme, page: int) -> ThemePage:
    """Return a theme's published members (newest first, one page), other themes and answers."""
    page = min(max(page, 1), MAX_PAGE)
    query = (
        select(Contribution)
        .filter_by(consultation_id=theme.consultation_id, theme_key=theme.key)
        .where(Contribution.status == ContributionStatus.PUBLISHED)
        .order_by(Contribution.created_at.desc(), Contribution.id.desc())
    )
    members = db.paginate(query, page=page, per_page=MEMBERS_PER_PAGE, error_out=False)
    if members.pages and page > members.pages:  # past the end (input moved away): last page
        members = db.paginate(query, page=members.pages, per_page=MEMBERS_PER_PAGE)
    return ThemePage(
        members=members,
        others=other_themes(theme),
        answers=theme_answers(theme.consultation_id, theme.key),
        common_ground=common_ground_by_theme(theme.consultation).get(theme.key, []),
    )


def uncertain_page(consultation: Consultation, theme_id: int | None = None) -> dict[str, Any]:
    """Return the first uncertain input (only that suggested for the active theme `theme_id`,
    when given and found), how much waits, and the themes to place it in."""
    themes = active_themes(consultation.id)
    chosen = next((theme for theme in themes if theme.id == theme_id), None)
    key = chosen.key if chosen is not None else None
    waiting = curation.uncertain_by_suggestion(consultation.id)
    items = curation.uncertain_contributions(consultation.id, UNCERTAIN_SHOWN, key)
    return {
        "total": waiting.get(key, 0) if key is not None else sum(waiting.values()),
        "items": items,
        "runners_up": runner_up_keys(items),
        "themes": themes,
        "labels": {theme.key: theme.label for theme in themes},
        "chosen": chosen,
        "unknown_choice": theme_id is not None and chosen is None,
        "waiting": waiting,
    }
