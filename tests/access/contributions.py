"""Expected access: posting input, confirming it, reacting and managing one's own input."""

from tests.access import everyone, row

#: Residents (and anonymous visitors, for posting) take part; officials answer elsewhere.
EXPECTED = {
    "contributions.new": row(200, 200, 403, 403, 403, 403, network=403, platform=403),
    "contributions.sent": everyone(200),
    # The sample token is not a valid signed link.
    "contributions.confirm": everyone(404),
    "contributions.reply": row(302, 200, 403, 403, 403, 403, network=403, platform=403),
    "contributions.report": row(302, 200, 403, 403, 403, 403, network=403, platform=403),
    # The sample reply's author sees the form; reporting one's own reply is refused on POST.
    "contributions.report_reaction": row(302, 200, 403, 403, 403, 403, network=403, platform=403),
    "contributions.mine": row(302, 200, 403, 403, 403, 403, network=403, platform=403),
    # The sample input already has a reply, so its author is sent back to their list.
    "contributions.edit": row(
        302, (302, "/mijn-inbreng"), 403, 403, 403, 403, network=403, platform=403
    ),
    "contributions.withdraw": row(302, 200, 403, 403, 403, 403, network=403, platform=403),
}


MINE = (302, "/mijn-inbreng")
#: Residents post, reply, support and report; officials do not take part as residents.
POST_EXPECTED = {
    "contributions.confirm": everyone(404),  # the sample link is invalid
    "contributions.edit": row(302, MINE, 403, 403, 403, 403, network=403, platform=403),
    "contributions.new": row(200, 200, 403, 403, 403, 403, network=403, platform=403),
    "contributions.reply": row(302, 200, 403, 403, 403, 403, network=403, platform=403),
    "contributions.report": row(302, 200, 403, 403, 403, 403, network=403, platform=403),
    "contributions.report_reaction": row(302, 200, 403, 403, 403, 403, network=403, platform=403),
    "contributions.support": row(
        302, (302, "/gemeente-a/raadpleging-a"), 403, 403, 403, 403, network=403
    ),
    "contributions.withdraw": row(302, MINE, 403, 403, 403, 403, network=403, platform=403),
}
