"""Expected access: the admin's settings page for their own municipality."""

from tests.access import row

EXPECTED = {
    "municipalities.settings": row(302, 403, 403, 403, 200, 200, network=403, platform=403),
}


#: Each admin changes the settings of their own municipality.
SETTINGS = (302, "/beheer/gemeente")
POST_EXPECTED = {
    "municipalities.settings": row(
        302, 403, 403, 403, SETTINGS, SETTINGS, network=403, platform=403
    ),
}
