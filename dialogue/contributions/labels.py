"""How input, authors and statuses are named on the pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from dialogue.contributions.models import Contribution, ContributionStatus, Reply

STATUS_LABELS = {
    ContributionStatus.PENDING: _l("wacht op controle"),
    ContributionStatus.PUBLISHED: _l("staat online"),
    ContributionStatus.HIDDEN: _l("verborgen"),
    ContributionStatus.REJECTED: _l("niet geplaatst"),
    ContributionStatus.WITHDRAWN: _l("ingetrokken"),
}

HOLD_LABELS = {
    "unconfirmed": _l("Wacht tot het e-mailadres is bevestigd."),
    "pii": _l(
        "Er staan misschien persoonsgegevens in, zoals een telefoonnummer. "
        "Een moderator kijkt ernaar."
    ),
    "pre_moderation": _l("Een moderator bekijkt alle inbreng voordat die online komt."),
    "reports": _l("Andere inwoners hebben dit gemeld. Een moderator bekijkt het."),
    "flagged": _l("Een moderator bekijkt dit eerst."),
}

ROLE_LABELS = {
    "resident": _l("inwoner"),
    "network": _l("netwerkpartner"),
    "moderator": _l("moderator"),
    "analyst": _l("beleidsmedewerker"),
    "admin": _l("beheerder"),
    "platform-admin": _l("platformbeheerder"),
}


def author_label(item: Contribution | Reply) -> str:
    """Return the name shown with input or a reply: the chosen name or "Inwoner van <kern>"."""
    if item.display_name:
        return item.display_name
    if isinstance(item, Contribution):
        if item.kern is not None:
            return str(_l("Inwoner van %(place)s", place=item.kern.name))
        return str(_l("Inwoner van %(place)s", place=item.consultation.municipality.name))
    return str(_l("Inwoner"))


def status_text(contribution: Contribution) -> str:
    """Return the status of input in words."""
    return str(STATUS_LABELS.get(contribution.status, contribution.status.value))


def hold_text(contribution: Contribution) -> str:
    """Return why input waits or is hidden, in words (empty when there is nothing to say)."""
    reason = contribution.hold_reason
    if contribution.status not in (ContributionStatus.PENDING, ContributionStatus.HIDDEN):
        return ""
    return str(HOLD_LABELS.get(reason or "", HOLD_LABELS["flagged"]))


def role_label(role: str) -> str:
    """Return the official's role as shown with an answer."""
    return str(ROLE_LABELS.get(role, role))
