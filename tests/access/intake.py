"""Expected access: recording input from other channels (every official)."""

from tests.access import row

EXPECTED = {
    "intake.record": row(302, 403, 200, 200, 200, 200, network=403),
    "intake.upload": row(302, 403, 200, 200, 200, 200, network=403),
    # The sample token is not an upload of this official: not found.
    "intake.error_report": row(302, 403, 404, 404, 404, 404, network=403),
}
