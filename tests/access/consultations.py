"""Expected access: public consultation pages, and the admin pages for consultations and kernen."""

from tests.access import everyone, row

EXPECTED = {
    "consultations.municipality": everyone(200),
    "consultations.show": everyone(200),
    "consultations.themes": everyone(200),
    # Each admin manages their own municipality (B's admin sees B's list and kernen).
    "consultations.admin_index": row(302, 403, 403, 403, 200, 200, network=403, platform=403),
    "consultations.admin_new": row(302, 403, 403, 403, 200, 200, network=403, platform=403),
    "consultations.admin_kernen": row(302, 403, 403, 403, 200, 200, network=403, platform=403),
    # The sample consultation belongs to A: B's admin gets 404 (logged), as for a missing id.
    "consultations.admin_edit": row(302, 403, 403, 403, 200, 404, network=403, platform=403),
}


#: Admin forms: each admin in their own municipality; A's consultation and kern are 404 for B.
POST_EXPECTED = {
    "consultations.admin_kern_rename": row(
        302, 403, 403, 403, (302, "/beheer/kernen"), 404, network=403
    ),
    "consultations.admin_kernen": row(302, 403, 403, 403, 200, 200, network=403, platform=403),
    "consultations.admin_edit": row(302, 403, 403, 403, 200, 404, network=403, platform=403),
    "consultations.admin_new": row(302, 403, 403, 403, 200, 200, network=403, platform=403),
    "consultations.admin_status": row(302, 403, 403, 403, 400, 404, network=403, platform=403),
}
