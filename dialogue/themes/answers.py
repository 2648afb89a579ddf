"""The municipality's public answer on a theme, and telling the residents who took part."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.answers.models import OfficialResponse
from dialogue.audit.services import record
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.extensions import db
from dialogue.mail import send_email
from dialogue.notifications import answer_url
from dialogue.themes.models import Theme, ThemeStatus


def answer_theme(theme: Theme, text: str, author: User) -> OfficialResponse:
    """Publish an answer on a theme, mark the theme answered and notify its contributors."""
    response = OfficialResponse(
        consultation_id=theme.consultation_id,
        theme_key=theme.key,
        author=author,
        author_role=author.role.value,
        text=text.strip(),
    )
    db.session.add(response)
    theme.status = ThemeStatus.ANSWERED
    db.session.flush()
    record("theme.answer", theme, details={"response": response.id})
    notify_theme_contributors(theme, response)
    return response


def notify_theme_contributors(theme: Theme, response: OfficialResponse) -> int:
    """E-mail every resident with published input in the theme (once each); return the count."""
    residents = db.session.scalars(
        select(User)
        .join(Contribution, Contribution.author_id == User.id)
        .where(
            Contribution.consultation_id == theme.consultation_id,
            Contribution.theme_key == theme.key,
            Contribution.status == ContributionStatus.PUBLISHED,
            User.email.is_not(None),
            User.notify_by_email.is_(True),
            User.active.is_(True),
        )
        .distinct()
    ).all()
    for resident in residents:
        send_email(
            resident.email,
            str(_l("De gemeente heeft geantwoord")),
            "theme_answer",
            user=resident,
            theme=theme,
            response=response,
            answer_url=answer_url(response),
        )
    return len(residents)
