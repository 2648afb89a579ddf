"""Expected access: the JSON API v1 (GET routes; the POST route is covered in tests/api).

The API ignores session cookies: the matrix's logged-in visitors are anonymous to it, so
every GET route answers 200 to everyone (public data only). What a token of each role sees
is tested in tests/api/test_read.py and tests/api/test_post.py.
"""

from tests.access import everyone

EXPECTED = {
    "api.consultations": everyone(200),
    "api.contributions": everyone(200),
    "api.openapi_document": everyone(200),
    # Public aggregates only; PUT .../vote needs a token and is tested in tests/api/test_votes.py.
    "api.common_ground": everyone(200),
    # Exports need a bearer token of an analyst or admin: without one, 401 for everyone.
    "api.export": everyone(401),
}
SAMPLES = {"fmt": lambda world: "csv"}


#: The API ignores session cookies: posting without a bearer token is 401 for everyone.
POST_EXPECTED = {"api.post_contribution": everyone(401)}
