"""Expected access: the admin's settings page for their own municipality."""

from tests.access import row

EXPECTED = {
    "municipalities.settings": row(302, 403, 403, 403, 200, 200, network=403),
}
