"""Generated JSON bodies and headers never make the API answer 500 or anything but JSON."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.helpers import bearer, contributions_url, token_for
from tests.factories import make_consultation, make_user

_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=60)
_json = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
_bodies = (
    st.fixed_dictionaries(
        {},
        optional={"text": _json | st.text(max_size=2100), "area": _json, "client_ref": _json},
    )
    | _json
)
_FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@_FUZZ
@given(body=_bodies)
def test_generated_json_bodies_never_500(client, db, body):
    consultation = make_consultation()
    token = token_for(make_user())

    response = client.post(
        contributions_url(consultation.id),
        data=json.dumps(body),
        headers=bearer(token),
        content_type="application/json",
    )

    assert response.status_code in {200, 201, 400}, response.get_data(as_text=True)
    assert response.is_json
    if response.status_code == 400:
        assert response.json["errors"]


@_FUZZ
@given(
    raw=st.binary(max_size=300),
    authorization=st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=80),
    page=st.text(max_size=8),
)
def test_generated_bytes_headers_and_pages_never_500(client, db, raw, authorization, page):
    consultation = make_consultation()

    posted = client.post(
        contributions_url(consultation.id), data=raw, headers={"Authorization": authorization}
    )
    listed = client.get(contributions_url(consultation.id), query_string={"page": page})

    assert posted.status_code in {400, 401}
    assert listed.status_code in {200, 400, 401}
    assert posted.is_json and listed.is_json
