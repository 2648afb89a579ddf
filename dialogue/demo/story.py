"""What the demo municipality did with the input: answers, supports, replies, signals, intake.

Everything goes through the services the pages use, acting as the demo officials and
residents, so the audit log, notifications and screening are those of real use.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from flask import current_app
from flask_login import login_user, logout_user
from sqlalchemy import select

from dialogue.accounts.models import Role, User
from dialogue.answers.models import OfficialResponse
from dialogue.answers.services import answer
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Channel, Contribution, ContributionStatus
from dialogue.contributions.reactions import add_reply, add_support
from dialogue.extensions import db
from dialogue.intake.services import record_one
from dialogue.signals.models import Signal
from dialogue.signals.services import acknowledge
from dialogue.themes.models import Theme
from dialogue.timeutil import utcnow

#: Same supports and replies on every load.
SEED = 2026
#: Contributions that get support, and the most supporters one gets.
SUPPORTED = 60
MOST_SUPPORTERS = 24

CONSULTATION_ANSWER = (
    "Dank u wel voor alle inbreng tot nu toe. Wij lezen alles. Elke maand bespreken wij de "
    "thema's met de wethouders. Op de onderwerpen waar de meeste zorgen over zijn, geven wij "
    "hier en bij het thema antwoord. De raad krijgt na de sluiting een verslag van alle inbreng."
)
#: Answers on themes, by a word that shows what the theme is about.
THEME_ANSWERS = {
    "opvang": (
        "Het college heeft besloten tot kleinschalige opvang: niet meer dan 60 mensen op één "
        "plek. Voor elke locatie komt er eerst een informatieavond in de kern zelf. Er komt een "
        "vast aanspreekpunt voor omwonenden. Uw vragen over veiligheid en begeleiding nemen wij "
        "mee in de afspraken met het COA."
    ),
    "huisarts": (
        "Wij praten met de huisartsen en de woningcorporatie over een gezondheidscentrum in "
        "Oosterwolde-Vaart. Tot die tijd blijft het spreekuur in Holtum op dinsdag en donderdag. "
        "Wie niet zelf kan reizen, kan de buurtbus bellen."
    ),
    "container": (
        "De milieustraat is vanaf januari ook op zaterdag open. De ondergrondse containers in "
        "Dijkzicht worden voortaan twee keer per week geleegd."
    ),
}
GENERAL_THEME_ANSWER = (
    "Wij hebben alle inbreng over dit onderwerp gelezen. De wethouder bespreekt die met de "
    "betrokken kernen. Wij laten hier weten wat er gebeurt."
)
CONTRIBUTION_ANSWER = (
    "Dank u wel voor uw bericht. Wij hebben de situatie bekeken. Het komende voorjaar komt er "
    "extra verlichting. U hoort van ons wanneer het werk begint."
)
REPLIES = (
    "Helemaal mee eens. Bij ons in de straat is het precies zo.",
    "Goed punt. Ik hoop dat de gemeente hier echt iets mee doet.",
    "Ik zie het een beetje anders. Maar ik snap uw zorg wel.",
    "Dat merk ik ook, vooral 's avonds en in het weekend.",
    "Misschien kunnen we dit samen met de dorpsraad oppakken?",
    "Dank voor het delen. Dit wist ik nog niet.",
)
MEETING_NOTES = (
    "Verslag dorpsavond Holtum. Ongeveer veertig inwoners waren er. De meesten willen dat de "
    "bibliotheek als uitleenpunt in het dorpshuis blijft. Ouderen vragen om een bushalte "
    "dichter bij de huisarts. Jongeren vragen om een plek om samen te komen."
)


@contextmanager
def acting_as(user: User) -> Iterator[None]:
    """Run services as user, the way a request of that user would (audit log, e-mails)."""
    with current_app.test_request_context("/"):
        login_user(user)
        try:
            yield
        finally:
            logout_user()


def official(consultation: Consultation, role: Role) -> User:
    """Return the demo official with role in the consultation's municipality."""
    return db.session.scalars(
        select(User).where(User.municipality_id == consultation.municipality_id, User.role == role)
    ).first()


def published(consultation: Consultation) -> list[Contribution]:
    """Return the consultation's published input, oldest first."""
    return list(
        db.session.scalars(
            select(Contribution)
            .where(
                Contribution.consultation_id == consultation.id,
                Contribution.status == ContributionStatus.PUBLISHED,
            )
            .order_by(Contribution.created_at, Contribution.id)
        )
    )


def residents() -> list[User]:
    """Return the demo residents, in a fixed order."""
    return list(
        db.session.scalars(select(User).where(User.role == Role.RESIDENT).order_by(User.id))
    )


def tell_story(consultation: Consultation) -> str:
    """Add what the municipality and the residents did with the demo input; return a summary."""
    from dialogue.demo.places import add_closed_consultation, add_second_municipality

    chance = random.Random(SEED)  # noqa: S311 - demo data, not security
    items = published(consultation)
    supports = add_supports(items, residents(), chance)
    replies = add_replies(items, residents(), chance)
    answers = add_answers(consultation, items)
    signals = decide_signals(consultation)
    signals += add_known_detour(consultation)
    add_open_youth_club_alert(consultation)
    add_meeting_notes(consultation)
    closed = add_closed_consultation(consultation.municipality)
    other = add_second_municipality()
    return (
        f"{supports} supports, {replies} replies, {answers} answers, {signals} signals decided, "
        f"1 meeting intake; {closed}; {other}"
    )


def add_supports(items: list[Contribution], people: list[User], chance: random.Random) -> int:
    """Let residents support recent input, a few pieces much more than the rest."""
    count = 0
    recent = items[-300:]
    for rank, contribution in enumerate(chance.sample(recent, min(SUPPORTED, len(recent)))):
        wanted = max(1, MOST_SUPPORTERS // (rank + 1))
        for person in chance.sample(people, min(wanted, len(people))):
            if person.id != contribution.author_id:
                with acting_as(person):
                    count += add_support(contribution, person)
    return count


def add_replies(items: list[Contribution], people: list[User], chance: random.Random) -> int:
    """Let residents reply to some recent input."""
    count = 0
    for text, contribution in zip(REPLIES, chance.sample(items[-120:], len(REPLIES)), strict=True):
        author = next(p for p in chance.sample(people, 5) if p.id != contribution.author_id)
        with acting_as(author):
            reply = add_reply(contribution, author, text, display_name=author.display_name)
        reply.created_at = contribution.created_at + timedelta(hours=chance.randint(1, 30))
        count += 1
    return count


def add_answers(consultation: Consultation, items: list[Contribution]) -> int:
    """Answer the consultation, its themes with rising signals or known topics, and one input."""
    analyst = official(consultation, Role.ANALYST)
    given = []
    with acting_as(analyst):
        given.append(answer(consultation, text=CONSULTATION_ANSWER, author=analyst))
        for theme in themes_to_answer(consultation):
            given.append(
                answer(consultation, text=theme_answer_text(theme), author=analyst, theme=theme)
            )
        lamp = next((c for c in reversed(items) if "fietspad" in c.text.lower()), None)
        if lamp is not None:
            given.append(
                answer(consultation, text=CONTRIBUTION_ANSWER, author=analyst, contribution=lamp)
            )
    # Answered over the past weeks, the consultation first, the newest a day ago.
    for days_ago, response in zip(range(3 * len(given), 0, -3), given, strict=True):
        response.created_at = response.updated_at = utcnow() - timedelta(days=days_ago - 2)
    return len(given)


def themes_to_answer(consultation: Consultation) -> list[Theme]:
    """Return the theme of the first rising signal and the themes of known topics."""
    themes = list(
        db.session.scalars(
            select(Theme)
            .where(Theme.consultation_id == consultation.id, Theme.active.is_(True))
            .order_by(Theme.size.desc())
        )
    )
    chosen: list[Theme] = []
    signal = first_signal(consultation)
    if signal is not None:
        chosen += [theme for theme in themes if theme.key == signal.theme_key]
    for word in THEME_ANSWERS:
        match = next((theme for theme in themes if word in theme_words(theme)), None)
        if match is not None and match not in chosen:
            chosen.append(match)
    return chosen[:3]


def theme_words(theme: Theme) -> str:
    """Return the theme's label and keywords as one lower-case text."""
    return " ".join([theme.label, *theme.keywords]).lower()


def theme_answer_text(theme: Theme) -> str:
    """Return the demo answer that fits the theme's topic."""
    words = theme_words(theme)
    return next((text for word, text in THEME_ANSWERS.items() if word in words), None) or (
        GENERAL_THEME_ANSWER
    )


def first_signal(consultation: Consultation) -> Signal | None:
    """Return the consultation's most general new signal (the whole municipality first)."""
    signals = db.session.scalars(
        select(Signal).where(Signal.consultation_id == consultation.id).order_by(Signal.id)
    ).all()
    return min(signals, key=lambda s: (s.kern_id is not None, s.id), default=None)


def decide_signals(consultation: Consultation) -> int:
    """Take up the first signal with the theme's answer; return how many were decided."""
    analyst = official(consultation, Role.ANALYST)
    first = first_signal(consultation)
    if first is None:
        return 0
    response_id = db.session.scalar(
        select(OfficialResponse.id).where(
            OfficialResponse.consultation_id == consultation.id,
            OfficialResponse.theme_key == first.theme_key,
        )
    )
    with acting_as(analyst):
        acknowledge(first, analyst, response_id)
    return 1


def add_known_detour(consultation: Consultation) -> int:
    """Add the detour event of one kern and dismiss its alert as known; return how many."""
    from dialogue.demo.events import registered_residents
    from dialogue.demo.roadworks import add_detour_event, dismiss_detour_alerts

    add_detour_event(consultation, registered_residents())
    return dismiss_detour_alerts(consultation, official(consultation, Role.ANALYST))


def add_open_youth_club_alert(consultation: Consultation) -> None:
    """Add last week's reactions to a closing youth club; their alert stays open."""
    from dialogue.demo.events import registered_residents
    from dialogue.demo.youth_club import add_youth_club_event
    from dialogue.signals.services import refresh_signals

    add_youth_club_event(consultation, registered_residents())
    refresh_signals(consultation)


def add_meeting_notes(consultation: Consultation) -> Contribution:
    """Record what was said at a village meeting, as a moderator does after the evening."""
    moderator = official(consultation, Role.MODERATOR)
    with acting_as(moderator):
        return record_one(
            consultation,
            text=MEETING_NOTES,
            channel=Channel.MEETING,
            received_on=(utcnow() - timedelta(days=5)).date(),
            kern="Holtum",
            display_name="Dorpsavond Holtum",
        )
