"""Expected access: the platform admin's pages, and the public branding files."""

from tests.access import row

#: Only the platform admin; every official and the network partner get 403.
PLATFORM_ONLY = row(302, 403, 403, 403, 403, 403, network=403, platform=200)

EXPECTED = {
    "platform.index": PLATFORM_ONLY,
    "platform.municipality": PLATFORM_ONLY,
    # Municipality A has no colour or logo set in the world: nothing to serve.
    "municipalities.branding_stylesheet": row(404, 404, 404, 404, 404, 404, platform=404),
    "municipalities.logo": row(404, 404, 404, 404, 404, 404, platform=404),
}

#: An empty POST (CSRF token only) fails validation: the platform admin sees the form again.
REFUSED = row(302, 403, 403, 403, 403, 403, network=403, platform=400)
POST_EXPECTED = {
    "platform.create": REFUSED,
    "platform.upload_kernen": REFUSED,
    "platform.invite_admin": REFUSED,
    # Both fields may be empty: nothing changes and the page says so.
    "platform.branding": row(
        302, 403, 403, 403, 403, 403, network=403, platform=(302, "/platform/gemeenten/")
    ),
}
