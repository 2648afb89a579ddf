"""Admins see the scheduled tasks and how their last runs went; others do not."""

from __future__ import annotations

from dialogue.accounts.models import Role
from dialogue.jobs import Job, JobStatus
from dialogue.timeutil import utcnow
from tests.conftest import login
from tests.factories import make_user


def test_admin_sees_each_task_and_the_last_runs(client, db):
    admin = make_user(Role.ADMIN)
    started = utcnow()
    db.session.add_all(
        [
            Job(
                kind="nightly_analysis",
                subject="schedule:2026-12-05T02:00",
                status=JobStatus.FINISHED,
                result="12 raadplegingen in de wachtrij",
                started_at=started,
                finished_at=started,
            ),
            Job(
                kind="purge_unconfirmed",
                subject="schedule:2026-12-05T03:30",
                status=JobStatus.FAILED,
                error="OperationalError: database is locked",
                started_at=started,
            ),
            Job(kind="analysis", subject="consultation:1"),  # not a scheduled task
        ]
    )
    db.session.commit()
    page = login(client, admin).get("/werkplek/geplande-taken").get_data(as_text=True)
    assert "De thema's van alle open raadplegingen opnieuw bepalen" in page
    assert "elke dag om 02:00" in page
    assert "staat uit" in page  # mail_deliver: the test app keeps e-mail in the outbox
    assert "mislukt" in page and "Geef het taaknummer door" in page
    # Counts and errors stay with the operator: they span every municipality.
    assert "12 raadplegingen" not in page and "OperationalError" not in page
    assert page.count('<td class="utrecht-table__cell">klaar</td>') == 1


def test_admin_home_links_to_the_page(client, db):
    admin = make_user(Role.ADMIN)
    db.session.commit()
    assert "/werkplek/geplande-taken" in login(client, admin).get("/werkplek").get_data(
        as_text=True
    )
