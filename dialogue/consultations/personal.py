"""A resident's own parts of the consultation page that every resident shares from the cache.

On the page kept for residents, each card's actions and each reply's report link are slots.
The render keeps, per card, its author and the two versions of its actions (supported or not),
and per reply its author and its report link. Per request the resident's values are picked:
nothing on their own input and replies, the right support button elsewhere, and their name in
the input form. One query finds which of the page's input the resident supports.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import escape
from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.contributions.models import Contribution, Reply, Support
from dialogue.extensions import db
from dialogue.pagecache import keep_part, slot

_ACTIONS = "consultations/_card_actions.html"


class ResidentParts:
    """Template helper: renders a card's or reply's variants once and leaves a slot."""

    def __init__(self) -> None:
        self._macros: Any = None

    def _module(self, context: Context) -> Any:
        """The macros, with the page's context (its helpers such as author_label)."""
        if self._macros is None:
            template = context.environment.get_template(_ACTIONS)
            self._macros = template.make_module(context.get_all())
        return self._macros

    @pass_context
    def card(self, context: Context, contribution: Contribution, accepting: bool) -> str:
        actions = self._module(context).card_actions
        keep_part(
            "cards",
            str(contribution.id),
            {
                "author": contribution.author_id,
                "support": str(actions(contribution, False, accepting)),
                "supported": str(actions(contribution, True, accepting)),
            },
        )
        return slot(f"card-{contribution.id}")  # letters, digits, hyphens: escaping keeps it

    @pass_context
    def reply(self, context: Context, reply: Reply) -> str:
        link = self._module(context).reply_report_link
        keep_part("replies", str(reply.id), {"author": reply.author_id, "link": str(link(reply))})
        return slot(f"reply-{reply.id}")


def resident_values(parts: dict[str, Any], user: User) -> dict[str, str]:
    """Return the resident's values for the slots of the kept page."""
    cards = parts.get("cards", {})
    supported = _supported(user, [int(card_id) for card_id in cards])
    values = {"display-name": str(escape(user.display_name or ""))}
    for card_id, card in cards.items():
        if card["author"] == user.id:
            values[f"card-{card_id}"] = ""
        else:
            values[f"card-{card_id}"] = card["supported" if card_id in supported else "support"]
    for reply_id, reply in parts.get("replies", {}).items():
        values[f"reply-{reply_id}"] = "" if reply["author"] == user.id else reply["link"]
    return values


def _supported(user: User, contribution_ids: list[int]) -> set[str]:
    if not contribution_ids:
        return set()
    rows = db.session.scalars(
        select(Support.contribution_id).where(
            Support.user_id == user.id, Support.contribution_id.in_(contribution_ids)
        )
    )
    return {str(contribution_id) for contribution_id in rows}
