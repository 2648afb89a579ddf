"""What moderators are told after a decision, for contributions and replies alike."""

from __future__ import annotations

from flask import flash
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from dialogue.contributions.models import Contribution, ContributionStatus, Reply
from dialogue.moderation.models import Decision
from dialogue.moderation.services import Outcome

STATUS_NAMES = {
    ContributionStatus.PENDING: _l("wacht op beoordeling"),
    ContributionStatus.PUBLISHED: _l("gepubliceerd"),
    ContributionStatus.HIDDEN: _l("verborgen"),
    ContributionStatus.REJECTED: _l("afgewezen"),
    ContributionStatus.WITHDRAWN: _l("ingetrokken"),
}


def status_name(status: ContributionStatus) -> str:
    """Return the Dutch name of a contribution (or reply) status."""
    return str(STATUS_NAMES.get(status, status))


def _done_message(decision: Decision, count: int) -> str:
    if decision is Decision.APPROVE:
        return ngettext("%(num)d bijdrage goedgekeurd.", "%(num)d bijdragen goedgekeurd.", count)
    if decision is Decision.HIDE:
        return ngettext("%(num)d bijdrage verborgen.", "%(num)d bijdragen verborgen.", count)
    if decision is Decision.REJECT:
        return ngettext("%(num)d bijdrage afgewezen.", "%(num)d bijdragen afgewezen.", count)
    if decision is Decision.RESTORE:
        return ngettext("%(num)d bijdrage teruggezet.", "%(num)d bijdragen teruggezet.", count)
    return ngettext(
        "%(num)d bijdrage zonder persoonsgegevens gepubliceerd.",
        "%(num)d bijdragen zonder persoonsgegevens gepubliceerd.",
        count,
    )


def _reply_done_message(decision: Decision, count: int) -> str:
    if decision is Decision.APPROVE:
        return ngettext("%(num)d reactie goedgekeurd.", "%(num)d reacties goedgekeurd.", count)
    if decision is Decision.HIDE:
        return ngettext("%(num)d reactie verborgen.", "%(num)d reacties verborgen.", count)
    if decision is Decision.REJECT:
        return ngettext("%(num)d reactie afgewezen.", "%(num)d reacties afgewezen.", count)
    return ngettext("%(num)d reactie teruggezet.", "%(num)d reacties teruggezet.", count)


def _split(items: list) -> tuple[list[Contribution], list[Reply]]:
    return (
        [i for i in items if isinstance(i, Contribution)],
        [i for i in items if isinstance(i, Reply)],
    )


def _flash_repeated(contributions: int, replies: int) -> None:
    if contributions:
        flash(
            ngettext(
                "%(num)d bijdrage had u zojuist al behandeld. Er is niets dubbel gedaan.",
                "%(num)d bijdragen had u zojuist al behandeld. Er is niets dubbel gedaan.",
                contributions,
            ),
            "info",
        )
    if replies:
        flash(
            ngettext(
                "%(num)d reactie had u zojuist al behandeld. Er is niets dubbel gedaan.",
                "%(num)d reacties had u zojuist al behandeld. Er is niets dubbel gedaan.",
                replies,
            ),
            "info",
        )


def _flash_skipped(contributions: int, replies: int) -> None:
    if contributions:
        flash(
            ngettext(
                "%(num)d bijdrage is overgeslagen: deze actie past niet bij de status ervan.",
                "%(num)d bijdragen zijn overgeslagen: deze actie past niet bij de status ervan.",
                contributions,
            ),
            "warning",
        )
    if replies:
        flash(
            ngettext(
                "%(num)d reactie is overgeslagen: deze actie past niet bij de status ervan.",
                "%(num)d reacties zijn overgeslagen: deze actie past niet bij de status ervan.",
                replies,
            ),
            "warning",
        )


def _flash_conflicts(contributions: list[Contribution], replies: list[Reply]) -> None:
    if contributions:
        flash(
            ngettext(
                "%(num)d bijdrage was al door iemand anders behandeld. Er is niets overschreven. "
                "Bekijk de nieuwe status hieronder.",
                "%(num)d bijdragen waren al door iemand anders behandeld. Er is niets "
                "overschreven. Bekijk de nieuwe status hieronder.",
                len(contributions),
            ),
            "warning",
        )
    if replies:
        flash(
            ngettext(
                "%(num)d reactie was al door iemand anders behandeld. Er is niets overschreven. "
                "Bekijk de nieuwe status hieronder.",
                "%(num)d reacties waren al door iemand anders behandeld. Er is niets "
                "overschreven. Bekijk de nieuwe status hieronder.",
                len(replies),
            ),
            "warning",
        )
    for contribution in contributions[:10]:
        flash(
            _(
                "Bijdrage %(id)s heeft nu de status: %(status)s.",
                id=contribution.id,
                status=status_name(contribution.status),
            ),
            "info",
        )
    for reply in replies[:10]:
        flash(
            _(
                "Reactie %(id)s heeft nu de status: %(status)s.",
                id=reply.id,
                status=status_name(reply.status),
            ),
            "info",
        )


def flash_outcome(decision: Decision, outcome: Outcome) -> None:
    """Tell the moderator what changed, what was already decided and what was skipped."""
    changed, changed_replies = _split(outcome.changed)
    if changed:
        flash(_done_message(decision, len(changed)), "success")
    if changed_replies:
        flash(_reply_done_message(decision, len(changed_replies)), "success")
    repeated, repeated_replies = _split(outcome.repeated)
    _flash_repeated(len(repeated), len(repeated_replies))
    skipped, skipped_replies = _split(outcome.skipped)
    _flash_skipped(len(skipped), len(skipped_replies))
    _flash_conflicts(*_split(outcome.conflicts))
