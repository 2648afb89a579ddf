"""Expected access: the moderation queue, one item, and the reason list."""

from dialogue.moderation.reasons import active_reasons
from tests.access import row


def _reason(world) -> int:
    from dialogue.extensions import db

    reason = active_reasons(world.municipality.id)[0]
    db.session.commit()
    return reason.id


EXPECTED = {
    # Every moderator sees the queue of their own municipality (B's admin: B's queue).
    "moderation.queue": row(302, 403, 200, 403, 200, 200, network=403, platform=403),
    # The sample contribution belongs to A: B's admin gets 404, as for an id that does not
    # exist (and the attempt is logged).
    "moderation.item": row(302, 403, 200, 403, 200, 404, network=403, platform=403),
    # The sample reply reacts to A's contribution: 404 for B's admin (logged).
    "moderation.reply": row(302, 403, 200, 403, 200, 404, network=403, platform=403),
    "moderation.reasons": row(302, 403, 403, 403, 200, 200, network=403, platform=403),
}

SAMPLES = {"reason_id": _reason}


#: Deciding is for moderators and admins, reasons for admins; B's admin decides in B (an empty
#: selection is 400) but gets 404 for A's reasons.
REASONS = (302, "/werkplek/moderatie/redenen")
POST_EXPECTED = {
    "moderation.add_reason": row(302, 403, 403, 403, 400, 400, network=403, platform=403),
    "moderation.decide": row(302, 403, 400, 403, 400, 400, network=403, platform=403),
    "moderation.remove_reason": row(302, 403, 403, 403, REASONS, 404, network=403, platform=403),
    "moderation.update_reason": row(302, 403, 403, 403, REASONS, 404, network=403, platform=403),
}
