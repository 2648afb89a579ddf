"""Automatic checks on new or edited input that decide whether it must wait for a moderator."""

from __future__ import annotations

from dialogue.contributions.models import Contribution
from dialogue.moderation.flags import automatic_flags
from dialogue.themes.enrichment import enrich_contribution

#: Hold reason for input that contains personal data (phone, e-mail, BSN, IBAN, address, plate).
HOLD_PII = "pii"
#: Hold reason for input with automatic flags (abusive words, shouting, repeats: see its flags).
HOLD_FLAGGED = "flagged"


def screen(contribution: Contribution) -> list[str]:
    """Enrich the contribution and return the reasons to hold it (empty: it may be published)."""
    enrich_contribution(contribution)
    reasons: list[str] = []
    if contribution.pii_spans:
        reasons.append(HOLD_PII)
    # Flagged input (abusive words, shouting, repeats) waits in the queue with its reason.
    flags = automatic_flags(contribution)
    contribution.flags = flags or None
    if flags:
        reasons.append(HOLD_FLAGGED)
    return reasons
