"""What moderators are told after a decision, for contributions and replies alike."""

from __future__ import annotations

from flask import flash
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from dialogue.contributions.models import Contribution, ContributionStatus, Reply, TextKind
from dialogue.moderation.decisions import Outcome
from dialogue.moderation.models import Decision
from dialogue.moderation.queue import MODELS

STATUS_NAMES = {
    ContributionStatus.PENDING: _l("wacht op beoordeling"),
    ContributionStatus.PUBLISHED: _l("gepubliceerd"),
    ContributionStatus.HIDDEN: _l("verborgen"),
    ContributionStatus.REJECTED: _l("afgewezen"),
    ContributionStatus.WITHDRAWN: _l("ingetrokken"),
}
#: The languages the pipeline tells apart (`nlp.components.language.LANGUAGES`), by name.
LANGUAGE_NAMES = {
    "nl": _l("Nederlands"),
    "en": _l("Engels"),
    "de": _l("Duits"),
    "fy": _l("Fries"),
    "other": _l("een andere taal"),
    "und": _l("niet te bepalen (geen woorden)"),
}
#: How many conflicting items get a line with their new status, per kind.
CONFLICT_LINES = 10


def status_name(status: ContributionStatus) -> str:
    """Return the Dutch name of a contribution (or reply) status."""
    return str(STATUS_NAMES.get(status, status))


def language_name(code: str | None) -> str:
    """Return the Dutch name of the language the pipeline found in a text; input that never
    went through it (imported from Pol.is, for instance) has none."""
    return str(LANGUAGE_NAMES.get(code or "", _("niet bepaald")))


def _done_message(decision: Decision, kind: TextKind, count: int) -> str:
    items = kind.counted(count)
    return {
        Decision.APPROVE: _("%(items)s goedgekeurd.", items=items),
        Decision.HIDE: _("%(items)s verborgen.", items=items),
        Decision.REJECT: _("%(items)s afgewezen.", items=items),
        Decision.RESTORE: _("%(items)s teruggezet.", items=items),
        Decision.REDACT: _("%(items)s zonder persoonsgegevens gepubliceerd.", items=items),
    }[decision]


def _repeated_message(kind: TextKind, count: int) -> str:
    return _(
        "%(items)s had u zojuist al behandeld. Er is niets dubbel gedaan.",
        items=kind.counted(count),
    )


def _skipped_message(kind: TextKind, count: int) -> str:
    return ngettext(
        "%(items)s is overgeslagen: deze actie past niet bij de status ervan.",
        "%(items)s zijn overgeslagen: deze actie past niet bij de status ervan.",
        count,
        items=kind.counted(count),
    )


def _conflict_message(kind: TextKind, count: int) -> str:
    return ngettext(
        "%(items)s was al door iemand anders behandeld. Er is niets overschreven. "
        "Bekijk de nieuwe status hieronder.",
        "%(items)s waren al door iemand anders behandeld. Er is niets overschreven. "
        "Bekijk de nieuwe status hieronder.",
        count,
        items=kind.counted(count),
    )


def _by_kind(items: list[Contribution | Reply]) -> list[tuple[TextKind, list]]:
    """Split items by kind (input first); kinds without items are left out."""
    groups = [(model.kind, [i for i in items if isinstance(i, model)]) for model in MODELS]
    return [(kind, group) for kind, group in groups if group]


def flash_outcome(decision: Decision, outcome: Outcome) -> None:
    """Tell the moderator what changed, what was already decided and what was skipped."""
    for kind, items in _by_kind(outcome.changed):
        flash(_done_message(decision, kind, len(items)), "success")
    for kind, items in _by_kind(outcome.repeated):
        flash(_repeated_message(kind, len(items)), "info")
    for kind, items in _by_kind(outcome.skipped):
        flash(_skipped_message(kind, len(items)), "warning")
    conflicts = _by_kind(outcome.conflicts)
    for kind, items in conflicts:
        flash(_conflict_message(kind, len(items)), "warning")
    for kind, items in conflicts:
        for item in items[:CONFLICT_LINES]:
            flash(
                _(
                    "%(item)s %(id)s heeft nu de status: %(status)s.",
                    item=kind.title(),
                    id=item.id,
                    status=status_name(item.status),
                ),
                "info",
            )
