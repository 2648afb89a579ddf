"""Answers a post's screening and theme placement need, read ahead with the post's first query.

An API post reads its token, user and consultation with one statement
(dialogue.api.services.poster_for_api_token). The same statement also answers what the
screening and the placement would otherwise ask in statements of their own: whether the
author posted the same words before (the repeat flag) and the consultation's latest theme
analysis with the themes officials merged. prepare_contribution() attaches those answers to
the new contribution; is_repeated() and assign_to_theme() use them when they belong to it
(same author, consultation and words), and ask the database otherwise. They are as fresh as a
query moments earlier in the same request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dialogue.accounts.models import User
from dialogue.contributions.models import Contribution

_ATTRIBUTE = "_kernpunt_prefetched"


@dataclass(frozen=True)
class Prefetched:
    """What the post's first query found for one author, consultation and text fingerprint."""

    author_id: int
    consultation_id: int
    fingerprint: str
    #: Whether the author has earlier, not withdrawn input with the same words.
    repeated: bool
    #: The consultation's latest theme analysis (None: never analysed).
    analysis_id: int | None
    #: Theme key → the key it was merged into, for every merged theme of the consultation.
    merged_into: dict[str, str] = field(default_factory=dict)
    #: The client_ref looked up (None: none was) and the author's input sent with it.
    client_ref: str | None = None
    earlier_id: int | None = None

    def answers_client_ref(self, author: User, client_ref: str) -> bool:
        """Whether earlier_id is the answer for this author's client_ref."""
        return self.client_ref is not None and (self.author_id, self.client_ref) == (
            author.id,
            client_ref,
        )


def attach(contribution: Contribution, facts: Prefetched | None) -> None:
    """Give a new contribution the answers read ahead for it (None: nothing was)."""
    if facts is not None:
        setattr(contribution, _ATTRIBUTE, facts)


def prefetched(contribution: Contribution) -> Prefetched | None:
    """The answers read ahead for this new contribution, if they are about it."""
    facts = getattr(contribution, _ATTRIBUTE, None)
    if (
        facts is None
        or contribution.id is not None
        or facts.author_id != contribution.author_id
        or facts.consultation_id != contribution.consultation_id
        or facts.fingerprint != contribution.text_fingerprint
    ):
        return None
    return facts
