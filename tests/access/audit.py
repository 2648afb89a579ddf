"""Expected access: the audit log and its CSV export (admins, own municipality only)."""

from tests.access import row

EXPECTED = {
    "audit.log": row(302, 403, 403, 403, 200, 200, network=403, platform=403),
    "audit.export": row(302, 403, 403, 403, 200, 200, network=403, platform=403),
}
