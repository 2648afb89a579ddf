"""Columns read with Core become the loaded ORM object a query would have given."""

from __future__ import annotations

from sqlalchemy import event, inspect, select

from dialogue.accounts.models import ApiToken, Role, User
from dialogue.accounts.services import create_api_token
from dialogue.loaded_rows import as_loaded
from tests.factories import make_user

COLUMNS = (User.id, User.role, User.active)


def _read(db, user_id: int) -> dict[str, object]:
    row = db.session.connection().execute(select(*COLUMNS).where(User.id == user_id)).one()
    return {column.key: value for column, value in zip(COLUMNS, row, strict=True)}


def _statements(db) -> tuple[list[str], object]:
    seen: list[str] = []

    def note(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", note)
    return seen, note


def test_a_new_object_is_persistent_with_its_columns_loaded(db):
    user_id = make_user(Role.ANALYST, email="lader@example.org").id
    db.session.commit()
    db.session.expunge_all()
    values = _read(db, user_id)
    seen, note = _statements(db)
    try:
        user = as_loaded(db.session, User, values)
        assert (user.id, user.role, user.active) == (user_id, Role.ANALYST, True)
        assert seen == []  # the columns read need no statement
        assert inspect(user).persistent and db.session.get(User, user_id) is user
        assert not db.session.dirty and not db.session.new
        assert user.email == "lader@example.org"  # any other column loads when read
        assert len(seen) == 1
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    db.session.commit()
    assert inspect(user).expired_attributes  # a commit expires it, as any loaded object


def test_an_object_the_session_holds_is_returned_with_its_columns_filled(db):
    user = make_user(Role.RESIDENT)
    db.session.commit()  # expires every column of the held object
    values = _read(db, user.id)
    seen, note = _statements(db)
    try:
        assert as_loaded(db.session, User, values) is user
        assert (user.role, user.active) == (Role.RESIDENT, True)
        assert seen == []
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def test_a_related_object_read_in_the_same_statement_is_set_as_loaded(db):
    owner = make_user(Role.RESIDENT)
    create_api_token(owner)
    db.session.commit()
    token_id = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == owner.id))
    db.session.expunge_all()
    user = as_loaded(db.session, User, _read(db, owner.id))
    seen, note = _statements(db)
    try:
        token = as_loaded(db.session, ApiToken, {"id": token_id, "user_id": user.id, "user": user})
        assert token.user is user and seen == []
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
