"""Columns read with a Core statement, handed to the session as a loaded ORM object.

An API post reads the token, its user and the consultation in one statement
(dialogue/api/services.py). Loaded as ORM entities, making those objects (the loading
machinery, the joined eager load of the user) cost about as much Python as running the
statement (docs/performance.md, "API post, round 7"). With plain columns the object is made
here as the ORM makes a loaded one: its values set as its loaded state, then persistent in
the session's identity map. It is the object a query with `load_only` would give: the
columns read are there without a statement, any other column loads when first read, and a
commit expires it as usual. An object the session already holds for that row is returned,
with the columns it had not loaded filled in, as a query would.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import inspect
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

Model = TypeVar("Model")


def as_loaded(session: Session, model: type[Model], values: dict[str, Any]) -> Model:
    """Return the row of `model` with these attribute values, loaded in `session`.

    `values` must hold the primary key; it may also hold a many-to-one relationship's object
    (read in the same statement), as a joined eager load would set it.
    """
    mapper = inspect(model)
    key = mapper.identity_key_from_primary_key([values[c.key] for c in mapper.primary_key])
    held = session.identity_map.get(key)
    if held is not None:  # as a query does: columns it had not loaded (or expired) are filled
        unloaded = inspect(held).unloaded
        for name, value in values.items():
            if name in unloaded:
                set_committed_value(held, name, value)
        return held
    instance = mapper.class_manager.new_instance()  # no __init__: nothing but these values
    instance.__dict__.update(values)
    make_transient_to_detached(instance)  # the values become its loaded state
    session.add(instance)
    return instance
