"""Expected access: official public answers (analysts and admins)."""

from dialogue.answers.models import OfficialResponse
from dialogue.extensions import db
from tests.access import row


def _answer(world) -> int:
    answer = OfficialResponse(
        consultation=world.consultation,
        author_id=world.users["analyst"].id,
        author_role="analyst",
        text="Dank voor alle reacties. We komen in maart terug met een plan.",
    )
    db.session.add(answer)
    db.session.commit()
    return answer.id


SAMPLES = {"answer_id": _answer}

EXPECTED = {
    "answers.overview": row(302, 403, 403, 200, 200, 200, network=403, platform=403),
    # The sample consultation and contribution belong to A: B's admin gets 404, as for an id
    # that does not exist (and the attempt is logged).
    "answers.consultation": row(302, 403, 403, 200, 200, 404, network=403, platform=403),
    "answers.contribution": row(302, 403, 403, 200, 200, 404, network=403, platform=403),
    "answers.edit": row(302, 403, 403, 200, 200, 404, network=403, platform=403),
}


#: Answering and correcting answers: analysts and admins of A; B's admin gets 404.
POST_EXPECTED = {
    "answers.consultation": row(302, 403, 403, 400, 400, 404, network=403, platform=403),
    "answers.contribution": row(302, 403, 403, 400, 400, 404, network=403, platform=403),
    "answers.edit": row(302, 403, 403, 400, 400, 404, network=403, platform=403),
}
