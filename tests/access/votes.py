"""Expected access: the Stemmen view (residents), voting (residents), "Wat verbindt ons" (public)."""

from tests.access import everyone, row

EXPECTED = {
    "votes.vote_one": row(302, 200, 403, 403, 403, 403, network=403),
    "votes.common_ground": everyone(200),
}

#: Only a CSRF token and no vote: the resident is sent back to the Stemmen view with a message.
POST_EXPECTED = {"votes.cast": row(302, 302, 403, 403, 403, 403, network=403)}
