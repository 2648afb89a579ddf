"""A moderator clears a queue of 200 demo items with bulk actions, through the pages."""

from __future__ import annotations

import json
import re
from importlib import resources

from sqlalchemy import func, select

from dialogue.audit.models import AuditEvent
from dialogue.consultations.models import ModerationMode
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.extensions import db
from dialogue.moderation.reasons import active_reasons
from tests.factories import make_contribution
from tests.helpers import as_

ITEMS = 200


def demo_texts(count: int) -> list[str]:
    lines = resources.files("dialogue.demo").joinpath("corpus_nl.jsonl").read_text("utf-8")
    texts = [json.loads(line)["text"] for line in lines.splitlines() if line.strip()]
    return [text for text in texts if 10 <= len(text) <= 2000][:count]


def test_moderator_clears_200_items_with_bulk_actions(client, world):
    world.consultation.moderation_mode = ModerationMode.PRE
    texts = demo_texts(ITEMS)
    assert len(texts) == ITEMS
    for text in texts:
        make_contribution(
            consultation=world.consultation,
            text=text,
            status=ContributionStatus.PENDING,
            hold_reason="pre_moderation",
            published_at=None,
        )
    reason = active_reasons(world.a.id)[2]
    db.session.commit()
    as_(client, world.moderator)

    requests = 0
    hide_next = True
    while True:
        page = client.get("/werkplek/moderatie").get_data(as_text=True)
        requests += 1
        ids = re.findall(r'name="ids" value="(\d+)"', page)
        if not ids:
            break
        seen = dict(re.findall(r'name="seen-(\d+)" value="(\w+)"', page))
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        # Hide the first ten of each page as off-topic, approve the rest.
        batches = [("hide", ids[:10]), ("approve", ids[10:])] if hide_next else [("approve", ids)]
        hide_next = False
        for action, batch in batches:
            data = {
                "csrf_token": token,
                "action": action,
                "ids": batch,
                "next": "/werkplek/moderatie",
            }
            data.update({f"seen-{i}": seen[i] for i in batch})
            if action == "hide":
                data["reason_id"] = str(reason.id)
            response = client.post("/werkplek/moderatie/besluit", data=data)
            requests += 1
            assert response.status_code == 302
        assert requests < 20, "the queue does not shrink"

    assert "Er wacht niets" in page
    statuses = dict(
        db.session.execute(
            select(Contribution.status, func.count()).group_by(Contribution.status)
        ).all()
    )
    assert statuses == {ContributionStatus.PUBLISHED: 190, ContributionStatus.HIDDEN: 10}
    # 100 items per page: two pages, three bulk actions, one audit event each.
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["moderation.hide", "moderation.approve", "moderation.approve"]
    assert requests == 6
