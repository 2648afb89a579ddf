"""Expected access: official public answers (analysts and admins)."""

from tests.access import row

EXPECTED = {
    "answers.overview": row(302, 403, 403, 200, 200, 200, network=403),
    # The sample consultation and contribution belong to A: B's admin is refused (and logged).
    "answers.consultation": row(302, 403, 403, 200, 200, 403, network=403),
    "answers.contribution": row(302, 403, 403, 200, 200, 403, network=403),
}
