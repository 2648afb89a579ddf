"""Officials' edits of themes, and how they survive a re-analysis.

Edits are kept as state on the rows, not as a replayed log: a renamed theme has
`label_edited`, a merged theme points at its target with `merged_into_key`, a pinned theme
keeps its members, and input an official moved, split off or merged has `theme_locked`.
A re-analysis reads that state and never overrides it: a renamed or pinned theme the
pipeline no longer finds stays, with its members.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, case, func, select, update

from dialogue.audit.services import record
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.extensions import db
from dialogue.themes.models import Theme, ThemeStatus

#: Longest theme label an official may give.
LABEL_MAX_LENGTH = 80


class CurationError(ValueError):
    """An edit that cannot be made, with a message for the official."""


def themes_by_key(consultation_id: int) -> dict[str, Theme]:
    """Return every theme row of a consultation by key."""
    rows = db.session.scalars(select(Theme).filter_by(consultation_id=consultation_id))
    return {theme.key: theme for theme in rows}


def resolve_key(key: str | None, themes: dict[str, Theme]) -> str | None:
    """Follow merges from key to the theme that holds its input now."""
    seen: set[str] = set()
    while key is not None and key not in seen:
        seen.add(key)
        theme = themes.get(key)
        if theme is None or theme.merged_into_key is None:
            return key
        key = theme.merged_into_key
    return key


def apply_curation(consultation: Consultation, rows: Sequence, model) -> list[Theme]:
    """Store a new pipeline model's themes and assignments, keeping every official edit."""
    themes = themes_by_key(consultation.id)
    found = set()
    for theme in model.themes:
        found.add(theme.id)
        row = themes.get(theme.id)
        if row is None:
            row = Theme(
                consultation_id=consultation.id,
                municipality_id=consultation.municipality_id,
                key=theme.id,
                label=theme.label[:LABEL_MAX_LENGTH],
            )
            db.session.add(row)
            themes[theme.id] = row
        if not row.label_edited:
            row.label = theme.label[:LABEL_MAX_LENGTH]
        row.keywords = list(theme.keywords)
        row.example_ids = [int(x) for x in theme.examples if str(x).isdigit()]
        row.active = row.merged_into_key is None
    curated_and_gone = set()
    for key, row in themes.items():
        if key not in found and row.merged_into_key is None:
            row.active = row.pinned or row.label_edited
            if row.active:
                curated_and_gone.add(key)
    kept = {key for key, row in themes.items() if row.active and row.pinned} | curated_and_gone
    changes = []
    for item in rows:
        if item.theme_locked or (item.theme_key in kept):
            continue
        placed = _placement(model, str(item.id), themes)
        if placed != (item.theme_key, item.suggested_theme_key, item.theme_confidence):
            changes.append(
                dict(
                    zip(
                        ("row_id", "key", "suggested", "confidence"),
                        (item.id, *placed),
                        strict=True,
                    )
                )
            )
    if changes:
        table = Contribution.__table__
        db.session.execute(
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values(
                theme_key=bindparam("key"),
                suggested_theme_key=bindparam("suggested"),
                theme_confidence=bindparam("confidence"),
            ),
            changes,
        )
    db.session.flush()
    refresh_theme_stats(consultation.id)
    return [row for row in themes.values() if row.active]


def _placement(
    model, key: str, themes: dict[str, Theme]
) -> tuple[str | None, str | None, float | None]:
    """Return (theme key, suggested key, confidence): uncertain input gets only a suggestion."""
    from nlp.themes import UNCERTAIN_BELOW

    theme_key = resolve_key(model.assignment.get(key), themes)
    confidence = model.confidence.get(key)
    if theme_key is not None and confidence is not None and confidence < UNCERTAIN_BELOW:
        return None, theme_key, confidence
    return theme_key, None, confidence


def place_uncertain(contribution: Contribution, target: Theme | None) -> None:
    """Confirm the suggested theme of uncertain input, or place it elsewhere; lock it there."""
    if target is not None:
        ensure_current(target)
        if target.consultation_id != contribution.consultation_id:
            raise CurationError(_l("Dit thema hoort bij een andere raadpleging."))
    suggested = contribution.suggested_theme_key
    confirmed = target is not None and target.key == suggested
    _relocate(
        contribution,
        target,
        "theme.confirm_contribution" if confirmed else "theme.move_contribution",
        {"suggested": suggested},
    )


def uncertain_contributions(
    consultation_id: int, limit: int, suggested: str | None = None
) -> list[Contribution]:
    """Return the first `limit` inputs waiting on the "Onzeker" list, most doubtful first;
    with `suggested`, only those whose suggestion is that theme key."""
    where = _uncertain(consultation_id)
    if suggested is not None:
        where += (Contribution.suggested_theme_key == suggested,)
    return list(
        db.session.scalars(
            select(Contribution)
            .where(*where)
            .order_by(Contribution.theme_confidence, Contribution.id)
            .limit(limit)
        )
    )


def uncertain_by_suggestion(consultation_id: int) -> dict[str, int]:
    """Return, per suggested theme key, how much input waits on the "Onzeker" list."""
    rows = db.session.execute(
        select(Contribution.suggested_theme_key, func.count())
        .where(*_uncertain(consultation_id))
        .group_by(Contribution.suggested_theme_key)
    )
    return {key: count for key, count in rows}


def _uncertain(consultation_id: int) -> tuple[Any, ...]:
    return (
        Contribution.consultation_id == consultation_id,
        Contribution.status == ContributionStatus.PUBLISHED,
        Contribution.suggested_theme_key.is_not(None),
        Contribution.theme_locked.is_(False),
    )


def refresh_theme_stats(consultation_id: int) -> None:
    """Recompute size and share of negative input of every theme, in SQL."""
    stats = db.session.execute(
        select(
            Contribution.theme_key,
            func.count(Contribution.id),
            func.avg(case((Contribution.negative.is_(True), 1.0), else_=0.0)),
        )
        .where(
            Contribution.consultation_id == consultation_id,
            Contribution.status == ContributionStatus.PUBLISHED,
            Contribution.theme_key.is_not(None),
        )
        .group_by(Contribution.theme_key)
    ).all()
    by_key = {key: (count, share) for key, count, share in stats}
    for theme in themes_by_key(consultation_id).values():
        count, share = by_key.get(theme.key, (0, None))
        theme.size = count
        theme.negative_share = None if share is None else float(share)
    db.session.flush()


def _clean_label(label: str) -> str:
    label = " ".join((label or "").split())
    if not label:
        raise CurationError(_l("Geef het thema een naam."))
    if len(label) > LABEL_MAX_LENGTH:
        raise CurationError(_l("De naam is te lang (maximaal 80 tekens)."))
    return label


def ensure_current(theme: Theme) -> None:
    """Refuse edits of a theme that a merge or a re-analysis has just replaced."""
    if not theme.active:
        raise CurationError(_l("Dit thema bestaat niet meer. Vernieuw de pagina."))


def rename_theme(theme: Theme, label: str) -> None:
    """Give a theme a new label that re-analysis keeps."""
    ensure_current(theme)
    label = _clean_label(label)
    old = theme.label
    theme.label, theme.label_edited = label, True
    record("theme.rename", theme, details={"from": old, "to": label})


def merge_themes(source: Theme, target: Theme) -> None:
    """Move all input of source into target; source stays as a pointer for re-analysis."""
    if source.id == target.id:
        raise CurationError(_l("Een thema kan niet met zichzelf worden samengevoegd."))
    if source.consultation_id != target.consultation_id:
        raise CurationError(_l("Deze thema's horen bij verschillende raadplegingen."))
    if not source.active or not target.active:
        raise CurationError(_l("Dit thema bestaat niet meer. Vernieuw de pagina."))
    # The official judged that these belong together: no re-analysis may pull them apart.
    db.session.execute(
        update(Contribution)
        .where(
            Contribution.consultation_id == source.consultation_id,
            Contribution.theme_key.in_([source.key, target.key]),
        )
        .values(theme_key=target.key, theme_locked=True)
    )
    source.merged_into_key, source.active = target.key, False
    for theme in themes_by_key(source.consultation_id).values():
        if theme.merged_into_key == source.key:
            theme.merged_into_key = target.key
    record("theme.merge", target, details={"source": source.key, "target": target.key})
    refresh_theme_stats(source.consultation_id)


def split_theme(theme: Theme, contribution_ids: Iterable[int], label: str) -> Theme:
    """Move chosen input of a theme into a new, pinned theme with its own label."""
    ensure_current(theme)
    label = _clean_label(label)
    ids = {int(i) for i in contribution_ids}
    members = set(
        db.session.scalars(
            select(Contribution.id).where(
                Contribution.consultation_id == theme.consultation_id,
                Contribution.theme_key == theme.key,
                Contribution.id.in_(ids),
            )
        )
    )
    if not members:
        raise CurationError(_l("Kies de inbreng die naar het nieuwe thema gaat."))
    if members == set(_member_ids(theme)):
        raise CurationError(_l("Laat ten minste één tekst in het oude thema staan."))
    new = Theme(
        consultation_id=theme.consultation_id,
        municipality_id=theme.municipality_id,
        key=f"m{secrets.token_hex(4)}",
        label=label,
        label_edited=True,
        pinned=True,
        keywords=[],
    )
    db.session.add(new)
    db.session.execute(
        update(Contribution)
        .where(Contribution.id.in_(members))
        .values(theme_key=new.key, theme_locked=True)
    )
    db.session.flush()
    record("theme.split", theme, details={"new_theme": new.key, "moved": sorted(members)})
    refresh_theme_stats(theme.consultation_id)
    return new


def move_contribution(contribution: Contribution, target: Theme | None) -> None:
    """Place input in another theme (or none) and keep it there across re-analysis."""
    if target is not None:
        ensure_current(target)
    if target is not None and target.consultation_id != contribution.consultation_id:
        raise CurationError(_l("Dit thema hoort bij een andere raadpleging."))
    _relocate(contribution, target, "theme.move_contribution", {"from": contribution.theme_key})


def _relocate(contribution: Contribution, target: Theme | None, action: str, details: dict) -> None:
    """Lock input in target (or in no theme), audit it as action and refresh the counts."""
    contribution.theme_key = target.key if target else None
    contribution.theme_locked = True
    contribution.suggested_theme_key = None
    db.session.flush()
    record(
        action,
        contribution,
        municipality_id=contribution.consultation.municipality_id,
        details={**details, "to": contribution.theme_key},
    )
    refresh_theme_stats(contribution.consultation_id)


def set_pinned(theme: Theme, pinned: bool) -> None:
    """Pin a theme so that re-analysis keeps it and its members."""
    ensure_current(theme)
    theme.pinned = pinned
    record("theme.pin" if pinned else "theme.unpin", theme)


def set_status(theme: Theme, status: ThemeStatus) -> None:
    """Mark a theme open, in progress or answered."""
    ensure_current(theme)
    old = theme.status
    theme.status = status
    record("theme.status", theme, details={"from": old.value, "to": status.value})


def _member_ids(theme: Theme) -> list[int]:
    return list(
        db.session.scalars(
            select(Contribution.id).where(
                Contribution.consultation_id == theme.consultation_id,
                Contribution.theme_key == theme.key,
                Contribution.status == ContributionStatus.PUBLISHED,
            )
        )
    )


def move_from_theme(theme: Theme, contribution_id: int | None, target_id: int) -> None:
    """Move one member of theme (by id) to the active theme target_id, or to none (0)."""
    contribution = db.session.scalar(
        select(Contribution).filter_by(
            id=contribution_id, consultation_id=theme.consultation_id, theme_key=theme.key
        )
    )
    if contribution is None:
        raise CurationError(_l("Deze inbreng staat niet (meer) in dit thema."))
    target = None
    if target_id:
        target = _active_theme(theme.consultation_id, target_id)
        if target is None:
            raise CurationError(_l("Dit thema bestaat niet meer. Vernieuw de pagina."))
    move_contribution(contribution, target)


def place_by_id(
    consultation: Consultation, contribution_id: int | None, target_id: int | None
) -> None:
    """Place uncertain input (by id) in the active theme target_id, or in none (0)."""
    contribution = db.session.scalar(
        select(Contribution)
        .filter_by(id=contribution_id, consultation_id=consultation.id, theme_locked=False)
        .where(Contribution.suggested_theme_key.is_not(None))
    )
    if contribution is None:
        raise CurationError(_l("Deze inbreng staat niet (meer) op de lijst."))
    target = _active_theme(consultation.id, target_id) if target_id else None
    if target_id is None or (target_id and target is None):
        raise CurationError(_l("Kies een thema dat nog bestaat. Vernieuw de pagina."))
    place_uncertain(contribution, target)


def _active_theme(consultation_id: int, theme_id: int) -> Theme | None:
    return db.session.scalar(
        select(Theme).filter_by(id=theme_id, consultation_id=consultation_id, active=True)
    )
