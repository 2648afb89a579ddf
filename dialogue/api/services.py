"""Queries and JSON shapes of the API; officials see their own municipality's drafts and input."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, bindparam, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from dialogue.accounts.models import ApiToken, Role, User
from dialogue.accounts.services import hash_api_token, usable_token_user
from dialogue.api.schemas import PAGE_SIZE
from dialogue.consultations.models import Consultation, ConsultationStatus
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.contributions.prefetch import Prefetched
from dialogue.extensions import db
from dialogue.loaded_rows import as_loaded
from dialogue.moderation.flags import same_words_before
from dialogue.themes.analysis import merged_into, placement_state_columns
from dialogue.themes.models import Theme
from dialogue.timeutil import utcnow

PUBLIC_STATUSES = (ConsultationStatus.OPEN, ConsultationStatus.CLOSED)
#: Whether a consultation is public, as comparisons: an IN list of bound values is expanded
#: again at every execution, and this is part of every API post's first query.
_IS_PUBLIC = or_(*(Consultation.status == status for status in PUBLIC_STATUSES))


def iso(moment: datetime | None) -> str | None:
    """Return a stored (naive UTC) datetime as ISO 8601 with a Z."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")


def is_official_of(user: User | None, municipality_id: int) -> bool:
    """Whether user is an official of the municipality."""
    return user is not None and user.is_official and user.municipality_id == municipality_id


#: Roles that see input of every status, as in the web's moderation queue.
QUEUE_ROLES = frozenset({Role.MODERATOR, Role.ADMIN})


def sees_every_status(user: User | None, municipality_id: int) -> bool:
    """Whether user may read the municipality's unpublished input (its moderators and admins).

    Analysts read published input only, as in the web interface: held input may still
    contain the phone number or BSN it was held for.
    """
    return is_official_of(user, municipality_id) and user is not None and user.role in QUEUE_ROLES


def _visible_to(user: User | None):
    public = Consultation.status.in_(PUBLIC_STATUSES)
    if user is not None and user.is_official and user.municipality_id is not None:
        return or_(public, Consultation.municipality_id == user.municipality_id)
    return public


def visible_consultations(user: User | None) -> list[Consultation]:
    """Return the consultations user may see: open and closed ones, and their own drafts."""
    query = (
        select(Consultation)
        .options(joinedload(Consultation.municipality), selectinload(Consultation.kernen))
        .where(_visible_to(user))
        .order_by(Consultation.id)
    )
    return list(db.session.scalars(query))


_PUBLIC_CONSULTATION = select(Consultation).where(
    Consultation.id == bindparam("consultation_id"), _IS_PUBLIC
)
_CONSULTATION_FOR_OFFICIAL = select(Consultation).where(
    Consultation.id == bindparam("consultation_id"),
    or_(_IS_PUBLIC, Consultation.municipality_id == bindparam("municipality_id")),
)


def visible_consultation(consultation_id: int, user: User | None) -> Consultation | None:
    """Return the consultation if user may see it, else None."""
    # Prebuilt statements: this runs on every API post.
    if user is not None and user.is_official and user.municipality_id is not None:
        return db.session.scalar(
            _CONSULTATION_FOR_OFFICIAL,
            {"consultation_id": consultation_id, "municipality_id": user.municipality_id},
        )
    return db.session.scalar(_PUBLIC_CONSULTATION, {"consultation_id": consultation_id})


#: A post's first query: the token with its user, the consultation if it is public (posting is
#: for residents, who see public consultations only), the id of the user's input already sent
#: with this client_ref, and what the screening and theme placement would ask next
#: (dialogue/contributions/prefetch.py). One round trip instead of five on every post.
_EARLIER_BY_CLIENT_REF = (
    select(Contribution.id)
    .where(
        Contribution.author_id == ApiToken.user_id,
        Contribution.client_ref == bindparam("client_ref"),
    )
    .order_by(Contribution.id)
    .limit(1)
    .scalar_subquery()
)
#: Only the columns a post reads (20 of 44), as plain columns: every column costs a column
#: description and a value to process on each post, and making ORM objects from the row
#: costs more than making them from the columns (dialogue/loaded_rows.py). Any other column
#: is loaded if something asks for it.
_TOKEN_COLUMNS = (ApiToken.id, ApiToken.user_id, ApiToken.expires_at, ApiToken.last_used_at)
_USER_COLUMNS = (
    User.id,
    User.role,
    User.municipality_id,
    User.active,
    User.email_confirmed_at,
    User.totp_enabled,
)
_CONSULTATION_COLUMNS = (
    Consultation.id,
    Consultation.municipality_id,
    Consultation.status,
    Consultation.opens_at,
    Consultation.closes_at,
    Consultation.moderation_mode,
)
_POSTER = (
    select(
        *_TOKEN_COLUMNS,
        *_USER_COLUMNS,
        *_CONSULTATION_COLUMNS,
        _EARLIER_BY_CLIENT_REF,
        same_words_before(ApiToken.user_id),
        *placement_state_columns(),
    )
    .join(User, User.id == ApiToken.user_id)
    .outerjoin(
        Consultation,
        (Consultation.id == bindparam("consultation_id")) & _IS_PUBLIC,
    )
    .where(
        ApiToken.token_hash == bindparam("token_hash"),
        ApiToken.revoked_at.is_(None),
        ApiToken.expires_at > bindparam("now"),
    )
)
_USER_AT = len(_TOKEN_COLUMNS)
_CONSULTATION_AT = _USER_AT + len(_USER_COLUMNS)
_FACTS_AT = _CONSULTATION_AT + len(_CONSULTATION_COLUMNS)


def _loaded(row: Row, start: int, columns: tuple, model: type[Any], **related: Any) -> Any:
    """The object of `model` whose `columns` the row holds from position `start`, with its
    `related` objects."""
    values = {column.key: row[start + n] for n, column in enumerate(columns)}
    return as_loaded(db.session, model, values | related)


@dataclass(frozen=True)
class Poster:
    """What a post's first query found (see _POSTER)."""

    user: User
    consultation: Consultation | None
    #: The user's input sent before with the request's client_ref.
    earlier_id: int | None
    #: Answers for the screening and placement of the posted text (None: no text to read).
    facts: Prefetched | None


def poster_for_api_token(
    token: str, consultation_id: int, client_ref: str | None, fingerprint: str | None
) -> Poster | None:
    """Return what a post by the token's user needs to read first (None when the token does
    not work, as user_for_api_token); fingerprint is that of the posted text, if readable."""
    now = utcnow()
    parameters = {
        "token_hash": hash_api_token(token),
        "now": now,
        "consultation_id": consultation_id,
        "client_ref": client_ref,
        "fingerprint": fingerprint,
        "own_id": 0,  # the post is not stored yet
    }
    row = db.session.connection().execute(_POSTER, parameters).first()
    if row is None:
        return None
    owner = _loaded(row, _USER_AT, _USER_COLUMNS, User)
    user = usable_token_user(_loaded(row, 0, _TOKEN_COLUMNS, ApiToken, user=owner), now)
    if user is None:
        return None
    consultation = None
    if row[_CONSULTATION_AT] is not None:
        consultation = _loaded(row, _CONSULTATION_AT, _CONSULTATION_COLUMNS, Consultation)
    earlier_id, repeated, analysis_id, merges = row[_FACTS_AT:]
    facts = None
    if fingerprint is not None and consultation is not None:
        facts = Prefetched(
            author_id=user.id,
            consultation_id=consultation.id,
            fingerprint=fingerprint,
            repeated=bool(repeated),
            analysis_id=analysis_id,
            merged_into=merged_into(merges),
            client_ref=client_ref,
            earlier_id=earlier_id,
        )
    return Poster(user, consultation, earlier_id, facts)


def consultation_item(consultation: Consultation) -> dict[str, Any]:
    """Return the API shape of a consultation."""
    return {
        "id": consultation.id,
        "slug": consultation.slug,
        "title": consultation.title,
        "status": consultation.status.value,
        "municipality": consultation.municipality.slug,
        "areas": [kern.name for kern in consultation.kernen],
        "opens_at": iso(consultation.opens_at),
        "closes_at": iso(consultation.closes_at),
    }


def contribution_page(
    consultation: Consultation, page: int, *, every_status: bool
) -> tuple[list[dict[str, Any]], int]:
    """Return one page of input (newest first) as API items, and the number of pages."""
    where = [Contribution.consultation_id == consultation.id]
    if not every_status:
        where.append(Contribution.status == ContributionStatus.PUBLISHED)
    total = db.session.scalar(select(func.count(Contribution.id)).where(*where)) or 0
    pages = max(1, math.ceil(total / PAGE_SIZE))
    rows = list(
        db.session.scalars(
            select(Contribution)
            .options(joinedload(Contribution.kern))
            .where(*where)
            .order_by(Contribution.created_at.desc(), Contribution.id.desc())
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        )
    )
    labels = _theme_labels(consultation.id, {row.theme_key for row in rows if row.theme_key})
    items = [
        {
            "id": row.id,
            "text": row.public_text,
            "area": row.kern.name if row.kern else None,
            "status": row.status.value,
            "created_at": iso(row.created_at),
            "theme": labels.get(row.theme_key) if row.theme_key else None,
        }
        for row in rows
    ]
    return items, pages


def _theme_labels(consultation_id: int, keys: set[str]) -> dict[str, str]:
    if not keys:
        return {}
    rows = db.session.execute(
        select(Theme.key, Theme.label).where(
            Theme.consultation_id == consultation_id, Theme.key.in_(keys)
        )
    )
    return {key: label for key, label in rows}


def contribution_for_client_ref(user: User, client_ref: object) -> Contribution | None:
    """Return the user's contribution with this client reference, if any."""
    if not isinstance(client_ref, str) or not client_ref.strip():
        return None
    return db.session.scalar(
        select(Contribution).where(
            Contribution.author_id == user.id, Contribution.client_ref == client_ref.strip()
        )
    )
