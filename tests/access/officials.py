"""Expected access: the officials' home and the admin page for officials."""

from tests.access import row

EXPECTED = {
    "officials.home": row(302, 403, 200, 200, 200, 200, network=403, platform=403),
    "officials.staff": row(302, 403, 403, 403, 200, 200, network=403, platform=403),
}


#: Admins manage their own officials; A's moderator is 404 for B's admin.
STAFF = (302, "/werkplek/medewerkers")
POST_EXPECTED = {
    "officials.change_role": row(302, 403, 403, 403, 400, 404, network=403, platform=403),
    "officials.disable": row(302, 403, 403, 403, STAFF, 404, network=403, platform=403),
    "officials.enable": row(302, 403, 403, 403, STAFF, 404, network=403, platform=403),
    "officials.invite": row(302, 403, 403, 403, 400, 400, network=403, platform=403),
}
