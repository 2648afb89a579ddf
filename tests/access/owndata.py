"""Expected access: every logged-in user may download and delete their own data."""

from tests.access import row

EXPECTED = {
    "owndata.overview": row(302, 200, 200, 200, 200, 200, network=200),
    "owndata.download": row(302, 200, 200, 200, 200, 200, network=200),
    "owndata.delete": row(302, 200, 200, 200, 200, 200, network=200),
}


#: Deleting one's own account asks for the password: the form shows again without it.
POST_EXPECTED = {"owndata.delete": row(302, 200, 200, 200, 200, 200, network=200)}
