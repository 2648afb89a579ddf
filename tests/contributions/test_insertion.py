"""New input stored with one INSERT leaves what a flush of the unit of work would leave."""

from __future__ import annotations

import pytest
from sqlalchemy import event, inspect, select
from sqlalchemy.exc import IntegrityError

from dialogue.consultations.models import Consultation
from dialogue.contributions.insertion import _COLUMNS, insert_contribution
from dialogue.contributions.models import Channel, Contribution, ContributionStatus
from dialogue.extensions import db
from dialogue.ops.metrics import CONTRIBUTIONS_POSTED
from tests.factories import make_consultation, make_user

pytestmark = pytest.mark.usefixtures("request_context")


def _new(consultation: Consultation, author_id: int, ref: str) -> Contribution:
    return Contribution(
        consultation_id=consultation.id,
        author_id=author_id,
        text="De stoep bij de school is te smal voor kinderwagens.",
        channel=Channel.API,
        client_ref=ref,
        status=ContributionStatus.PUBLISHED,
        pii_spans=[],
        flags=None,
    )


def _row(contribution_id: int) -> dict[str, object]:
    row = db.session.execute(select(Contribution.__table__).filter_by(id=contribution_id)).one()
    return dict(row._mapping)


def test_the_stored_row_and_the_object_match_a_flushed_one(db) -> None:
    consultation, author = make_consultation(), make_user()
    db.session.commit()
    flushed = _new(consultation, author.id, "flushed")
    db.session.add(flushed)
    db.session.flush()
    inserted = _new(consultation, author.id, "inserted")
    insert_contribution(db.session, inserted)
    assert inspect(inserted).persistent and inserted.id is not None
    assert db.session.get(Contribution, inserted.id) is inserted
    assert not db.session.new and not db.session.dirty
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:  # every column is loaded, as after a flush: reading them asks nothing
        object_values = {key: getattr(inserted, key) for key, _column in _COLUMNS}
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert statements == []
    db.session.commit()
    differ = {"id", "client_ref", "created_at", "updated_at"}
    stored, expected = _row(inserted.id), _row(flushed.id)
    assert {k: v for k, v in stored.items() if k not in differ} == {
        k: v for k, v in expected.items() if k not in differ
    }
    assert stored["created_at"] is not None and stored["updated_at"] is not None
    assert object_values["created_at"] == stored["created_at"]
    assert object_values["theme_locked"] is False and object_values["redacted_text"] is None


@pytest.mark.parametrize("alone", [False, True])
def test_the_version_is_raised_and_the_post_counted_at_commit(db, alone) -> None:
    consultation, author = make_consultation(), make_user()
    db.session.commit()
    version = consultation.public_version
    counted = CONTRIBUTIONS_POSTED.labels("api", "published")._value.get()
    insert_contribution(db.session, _new(consultation, author.id, "een"), alone=alone)
    assert CONTRIBUTIONS_POSTED.labels("api", "published")._value.get() == counted
    db.session.commit()
    assert CONTRIBUTIONS_POSTED.labels("api", "published")._value.get() == counted + 1
    stored = db.session.get(Consultation, consultation.id)
    assert stored.public_version == version + 1 and stored.public_changed_at is not None


def test_alone_on_postgresql_the_insert_raises_the_version_itself(db) -> None:
    consultation, author = make_consultation(), make_user()
    db.session.commit()
    new = _new(consultation, author.id, "samen")  # reads the ids before the statements count
    statements: list[str] = []
    listener = lambda *args: statements.append(" ".join(args[2].split()))  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        insert_contribution(db.session, new, alone=True)
        db.session.commit()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    updates = [s for s in statements if s.startswith("UPDATE consultation")]
    if db.engine.dialect.name == "postgresql":  # in the INSERT's WITH clause
        assert len(statements) == 1 and statements[0].startswith("WITH raised_version AS")
        assert updates == []
    else:  # SQLite: no UPDATE in a WITH clause; raised at the commit as for any change
        assert len(updates) == 1


@pytest.mark.parametrize("alone", [False, True])
def test_a_rolled_back_insert_is_not_counted_and_raises_no_version(db, alone) -> None:
    consultation, author = make_consultation(), make_user()
    db.session.commit()
    version = consultation.public_version
    counted = CONTRIBUTIONS_POSTED.labels("api", "published")._value.get()
    insert_contribution(db.session, _new(consultation, author.id, "twee"), alone=alone)
    db.session.rollback()
    db.session.commit()
    assert CONTRIBUTIONS_POSTED.labels("api", "published")._value.get() == counted
    assert db.session.get(Consultation, consultation.id).public_version == version


def test_a_client_ref_sent_before_raises_and_leaves_the_object_out(db) -> None:
    consultation, author = make_consultation(), make_user()
    db.session.commit()
    insert_contribution(db.session, _new(consultation, author.id, "dubbel"))
    db.session.commit()
    version = db.session.get(Consultation, consultation.id).public_version
    second = _new(consultation, author.id, "dubbel")
    with pytest.raises(IntegrityError), db.session.begin_nested():
        insert_contribution(db.session, second)
    assert inspect(second).transient and second.id is None
    third = _new(consultation, author.id, "dubbel")
    with pytest.raises(IntegrityError):
        insert_contribution(db.session, third, alone=True)
    db.session.rollback()
    assert inspect(third).transient and third.id is None
    assert db.session.get(Consultation, consultation.id).public_version == version


def test_only_new_input_can_be_inserted(db) -> None:
    consultation, author = make_consultation(), make_user()
    db.session.commit()
    stored = _new(consultation, author.id, "drie")
    insert_contribution(db.session, stored)
    with pytest.raises(ValueError):
        insert_contribution(db.session, stored)
