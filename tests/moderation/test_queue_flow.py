"""Working the queue: bulk buttons top and bottom, on to the next item, honest buttons, hints."""

from __future__ import annotations

import re
from datetime import timedelta

from dialogue.contributions.models import ContributionStatus, Report
from dialogue.extensions import db
from dialogue.timeutil import utcnow
from tests.factories import make_contribution
from tests.helpers import as_, csrf_token
from tests.moderation.test_queue import pending
from tests.moderation.test_replies import waiting_reply

S = ContributionStatus


def decide_on_page(client, path: str, action: str, **fields):
    """Send the decision form of an item page as the browser does."""
    page = client.get(path).get_data(as_text=True)
    form = page.split('action="/werkplek/moderatie/besluit"')[1].split("</form>")[0]
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    data.update({"csrf_token": csrf_token(client, path), "action": action, **fields})
    return client.post("/werkplek/moderatie/besluit", data=data)


def test_bulk_buttons_stand_above_and_below_the_list(client, world):
    pending(world)
    db.session.commit()
    as_(client, world.moderator)
    page = client.get("/werkplek/moderatie").get_data(as_text=True)
    top, bottom = page.index('id="bulk-boven"'), page.index('id="bulk-onder"')
    table = page.index('<table class="utrecht-table kp-queue">')
    assert top < table < page.index("</table>") < bottom
    assert page.count(">Selectie afwijzen</button>") == 2


def test_after_a_decision_the_next_item_of_the_queue_opens(client, world):
    start = utcnow() - timedelta(hours=5)
    first = pending(world, created_at=start)
    second = pending(world, created_at=start + timedelta(hours=1))
    reply = waiting_reply(world, created_at=start + timedelta(hours=2))
    db.session.commit()
    as_(client, world.moderator)

    response = decide_on_page(client, f"/werkplek/moderatie/bijdrage/{first.id}", "approve")
    assert response.headers["Location"] == f"/werkplek/moderatie/bijdrage/{second.id}"
    assert "Dit is het volgende item uit de wachtrij." in client.get(
        response.headers["Location"]
    ).get_data(as_text=True)
    response = decide_on_page(
        client,
        f"/werkplek/moderatie/bijdrage/{second.id}",
        "reject",
        note="Gaat niet over het dorp.",
    )
    assert response.headers["Location"] == f"/werkplek/moderatie/reactie/{reply.id}"
    response = decide_on_page(client, f"/werkplek/moderatie/reactie/{reply.id}", "approve")
    assert response.headers["Location"] == "/werkplek/moderatie"
    assert "Er wacht niets meer in de wachtrij." in client.get("/werkplek/moderatie").get_data(
        as_text=True
    )


def test_skipped_items_come_round_again_after_the_last(client, world):
    start = utcnow() - timedelta(hours=5)
    skipped = pending(world, created_at=start)
    last = pending(world, created_at=start + timedelta(hours=1))
    db.session.commit()
    as_(client, world.moderator)
    response = decide_on_page(client, f"/werkplek/moderatie/bijdrage/{last.id}", "approve")
    assert response.headers["Location"] == f"/werkplek/moderatie/bijdrage/{skipped.id}"


def test_a_missing_reason_keeps_the_moderator_on_the_item(client, world):
    item = pending(world)
    pending(world)
    db.session.commit()
    as_(client, world.moderator)
    path = f"/werkplek/moderatie/bijdrage/{item.id}"
    response = decide_on_page(client, path, "hide")
    assert response.headers["Location"] == path


def test_published_input_is_never_offered_for_approval(client, world):
    quiet = make_contribution(consultation=world.consultation)
    reported = make_contribution(consultation=world.consultation)
    db.session.add(Report(contribution_id=reported.id, reason="Beledigend"))
    waiting = pending(world)
    db.session.commit()
    as_(client, world.moderator)

    def buttons(contribution) -> list[str]:
        page = client.get(f"/werkplek/moderatie/bijdrage/{contribution.id}").get_data(as_text=True)
        return re.findall(r'name="action" value="[a-z]+"[^>]*>([^<]+)</button>', page)

    assert "Goedkeuren" in buttons(waiting)
    assert buttons(quiet) == ["Verbergen", "Afwijzen"]
    assert buttons(reported) == ["Online laten (meldingen sluiten)", "Verbergen", "Afwijzen"]
    queue = client.get("/werkplek/moderatie").get_data(as_text=True)
    assert "Selectie goedkeuren of online laten" in queue
    assert ">Selectie goedkeuren</button>" not in queue


def test_reason_hint_stands_above_the_field_and_says_when_it_is_required(client, world):
    pending(world)
    db.session.commit()
    as_(client, world.moderator)
    page = client.get("/werkplek/moderatie").get_data(as_text=True)
    hint = page.index("Verplicht bij verbergen en afwijzen")
    assert page.index('<label class="utrecht-form-label" for="reason_id">') < hint
    assert hint < page.index('id="reason_id" name="reason_id"')
    reason_label = page.split('for="reason_id">')[1].split("</label>")[0]
    assert "niet verplicht" not in reason_label
