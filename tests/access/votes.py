"""Expected access: the Stemmen view (residents, or a confirmed anonymous voter), voting,
voting without an account (an e-mail link), and "Wat verbindt ons" (public)."""

from tests.access import everyone, row

_EMAIL_PAGE = (302, "/gemeente-a/raadpleging-a/stemmen/e-mail")

EXPECTED = {
    # Anonymous visitors are sent to the page for voting without an account.
    "votes.vote_one": row(_EMAIL_PAGE, 200, 403, 403, 403, 403, network=403),
    "votes.common_ground": everyone(200),
    # Logged-in visitors vote with their account: sent on to the Stemmen view.
    "votes.request_link": row(200, 302, 302, 302, 302, 302, network=302, platform=302),
    "votes.confirm_link": everyone(404),  # the sample link is invalid
    # A voter without an account asks for a link to their votes; logged in: the Stemmen view.
    "votes.request_own_votes": row(200, 302, 302, 302, 302, 302, network=302, platform=302),
    "votes.own_votes_page": everyone(404),  # the sample link is invalid
    "votes.own_votes_download": everyone(404),
}

#: Only a CSRF token and no vote: the resident is sent back to the Stemmen view with a message.
POST_EXPECTED = {
    "votes.cast": row(_EMAIL_PAGE, 302, 403, 403, 403, 403, network=403),
    # No address: the form again (anonymous); logged in: on to the Stemmen view.
    "votes.request_link": row(200, 302, 302, 302, 302, 302, network=302, platform=302),
    "votes.confirm_link": everyone(404),
    "votes.request_own_votes": row(200, 302, 302, 302, 302, 302, network=302, platform=302),
    "votes.own_votes_page": everyone(404),
}
