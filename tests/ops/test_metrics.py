"""/metrics: only with the token, counters move, and no personal data in any line."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from dialogue.accounts.models import Role, User
from dialogue.consultations.models import ModerationMode
from dialogue.contributions.models import ContributionStatus
from dialogue.jobs import enqueue
from dialogue.moderation.decisions import decide
from dialogue.moderation.models import Decision
from dialogue.signals.models import SignalStatus
from tests.api.helpers import bearer, contributions_url, token_for
from tests.factories import make_consultation, make_signal, make_user

TOKEN = "metrics-token-for-tests"
#: Every label a Kernpunt metric may carry: names of routes, enums and sources, never people.
ALLOWED_LABELS = {
    "endpoint",
    "method",
    "status",
    "channel",
    "decision",
    "kind",
    "source",
    "queue",
    "le",
}
SECRET_TEXT = "Mijn buurman Jan Jansen op jan.jansen@example.org maakt veel lawaai."


@pytest.fixture
def metrics_app(make_app):
    return make_app(METRICS_TOKEN=TOKEN)


def scrape(client) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics", headers=bearer(TOKEN))
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_is_hidden_without_a_configured_token(client):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers=bearer("anything")).status_code == 404


@pytest.mark.parametrize(
    "headers",
    [{}, bearer("wrong"), {"Authorization": f"Basic {TOKEN}"}, {"Authorization": TOKEN}],
    ids=["none", "wrong", "basic", "no-scheme"],
)
def test_metrics_needs_the_bearer_token(metrics_app, headers):
    response = metrics_app.test_client().get("/metrics", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "kernpunt_" not in response.get_data(as_text=True)


def test_counters_move_and_carry_no_personal_data(metrics_app):
    client = metrics_app.test_client()
    with metrics_app.app_context():
        from dialogue.extensions import db

        resident = make_user(Role.RESIDENT, email="jan.jansen@example.org")
        moderator = make_user(Role.MODERATOR)
        consultation = make_consultation(
            municipality=moderator.municipality, moderation_mode=ModerationMode.PRE
        )
        make_signal(consultation)
        db.session.commit()
        token = token_for(resident)
        consultation_id, moderator_id = consultation.id, moderator.id
        enqueue(_add, 1, 2)
    before = scrape(client)

    posted = client.post(
        contributions_url(consultation_id), json={"text": SECRET_TEXT}, headers=bearer(token)
    )
    assert posted.status_code == 201, posted.json
    with metrics_app.app_context():
        from dialogue.extensions import db

        outcome = decide(
            {posted.json["id"]: ContributionStatus.PENDING},
            Decision.APPROVE,
            moderator=db.session.get(User, moderator_id),
            reason=None,
        )
        assert outcome.changed
        db.session.commit()
    after = scrape(client)

    assert sum(v for (n, _), v in after.items() if n == "kernpunt_contributions_posted_total") == (
        sum(v for (n, _), v in before.items() if n == "kernpunt_contributions_posted_total") + 1
    )
    assert value(after, "kernpunt_moderation_decisions_total", decision="approve") == (
        value(before, "kernpunt_moderation_decisions_total", decision="approve") + 1
    )
    route = {"endpoint": "api.post_contribution", "method": "POST", "status": "201"}
    assert value(after, "kernpunt_http_requests_total", **route) == (
        value(before, "kernpunt_http_requests_total", **route) + 1
    )
    assert value(after, "kernpunt_signals_open") == 1
    assert value(after, "kernpunt_job_runs_total", kind="_add", status="finished") == 1
    assert value(after, "kernpunt_job_duration_seconds_count", kind="_add") == 1
    assert value(after, "kernpunt_state_source_up", source="database") == 1

    text = client.get("/metrics", headers=bearer(TOKEN)).get_data(as_text=True)
    for personal in ("jan.jansen", "example.org", "Jansen", "buurman", "@"):
        assert personal not in text
    kernpunt_labels = {
        label
        for (name, labels), _ in after.items()
        if name.startswith("kernpunt_")
        for label, _value in labels
    }
    assert kernpunt_labels <= ALLOWED_LABELS  # no user, e-mail or free-text label


def _add(job_id: int, a: int, b: int) -> int:
    return a + b


def test_open_signals_drop_when_acknowledged(metrics_app):
    client = metrics_app.test_client()
    with metrics_app.app_context():
        from dialogue.extensions import db

        signal = make_signal(make_consultation())
        db.session.commit()
        assert value(scrape(client), "kernpunt_signals_open") == 1
        signal.status = SignalStatus.ACKNOWLEDGED
        db.session.commit()
    assert value(scrape(client), "kernpunt_signals_open") == 0


def test_queue_length_is_read_from_redis(make_app):
    from redis import Redis

    from tests.ops.test_health import REDIS_URL

    connection = Redis.from_url(REDIS_URL)
    connection.flushdb()
    app = make_app(METRICS_TOKEN=TOKEN, REDIS_URL=REDIS_URL)
    try:
        with app.app_context():
            enqueue(_add, 1, 2)  # waits for a worker
        samples = scrape(app.test_client())
        assert value(samples, "kernpunt_queue_length", queue="kernpunt") == 1
        assert value(samples, "kernpunt_job_runs_total", kind="_add", status="queued") == 1
        assert value(samples, "kernpunt_state_source_up", source="redis") == 1
    finally:
        connection.flushdb()
        connection.close()


def test_job_durations_from_the_job_table_on_this_database(db):
    """The duration query differs per database (julianday on SQLite, epoch on PostgreSQL)."""
    from datetime import timedelta

    from dialogue.jobs import Job, JobStatus
    from dialogue.ops.state import shared_state
    from dialogue.timeutil import utcnow

    start = utcnow()
    for seconds, status in ((3, JobStatus.FINISHED), (90, JobStatus.FAILED)):
        db.session.add(
            Job(
                kind="export",
                status=status,
                started_at=start,
                finished_at=start + timedelta(seconds=seconds),
            )
        )
    db.session.commit()
    families = {family.name: family for family in shared_state()}
    samples = {
        (sample.name, sample.labels.get("le")): sample.value
        for sample in families["kernpunt_job_duration_seconds"].samples
    }
    assert samples[("kernpunt_job_duration_seconds_count", None)] == 2
    assert samples[("kernpunt_job_duration_seconds_sum", None)] == pytest.approx(93, abs=0.01)
    assert samples[("kernpunt_job_duration_seconds_bucket", "5.0")] == 1
    assert samples[("kernpunt_job_duration_seconds_bucket", "300.0")] == 2
    runs = {
        tuple(sample.labels.values()): sample.value
        for sample in families["kernpunt_job_runs"].samples
    }
    assert runs[("export", "failed")] == 1 and runs[("export", "finished")] == 1
