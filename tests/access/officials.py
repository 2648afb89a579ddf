"""Expected access: the officials' home and the admin page for officials."""

from tests.access import row

EXPECTED = {
    "officials.home": row(302, 403, 200, 200, 200, 200, network=403),
    "officials.staff": row(302, 403, 403, 403, 200, 200, network=403),
}
