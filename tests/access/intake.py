"""Expected access: recording input from other channels (every official)."""

from tests.access import row

EXPECTED = {
    "intake.record": row(302, 403, 200, 200, 200, 200, network=403, platform=403),
    "intake.upload": row(302, 403, 200, 200, 200, 200, network=403, platform=403),
    # The sample token is not an upload of this official: not found.
    "intake.error_report": row(302, 403, 404, 404, 404, 404, network=403, platform=403),
}


#: Recording letters and notes: every official, in their own municipality (B's admin in B).
UPLOAD = (302, "/werkplek/invoer/upload")
POST_EXPECTED = {
    # Nothing uploaded in this session: back to the upload form.
    "intake.confirm": row(302, 403, UPLOAD, UPLOAD, UPLOAD, UPLOAD, network=403, platform=403),
    "intake.record": row(302, 403, 400, 400, 400, 400, network=403, platform=403),
    "intake.upload": row(302, 403, 400, 400, 400, 400, network=403, platform=403),
}
