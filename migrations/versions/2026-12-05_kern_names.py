"""The model Area is called Kern: table kern, consultation_kern, columns kern_id, their constraints.

Revision ID: names_kern
Revises: votes_index_anon_voters
Create Date: 2026-12-05

Rows, ids and links stay as they are; only names change. PostgreSQL renames in place (the
sequence and index too); SQLite renames the tables and rebuilds them in batch mode so that the
constraints carry the new names (env.py turns foreign keys off for the rebuild).
"""

from __future__ import annotations

from alembic import op

revision = "names_kern"
down_revision = "votes_index_anon_voters"
branch_labels = None
depends_on = None

#: (old table, new table)
TABLES = [("area", "kern"), ("consultation_area", "consultation_kern")]
#: (table as named afterwards, old column, new column)
COLUMNS = [
    ("consultation_kern", "area_id", "kern_id"),
    ("contribution", "area_id", "kern_id"),
    ("signal", "area_id", "kern_id"),
]
#: table (as named afterwards) -> [(kind, old name, new name, definition)]; a foreign key's
#: definition is (columns before, columns after, referred table before, after, ondelete).
CONSTRAINTS = {
    "kern": [
        ("primary", "pk_area", "pk_kern", ["id"]),
        ("unique", "uq_area_municipality_id_name", "uq_kern_municipality_id_name",
         ["municipality_id", "name"]),
        ("foreignkey", "fk_area_municipality_id_municipality",
         "fk_kern_municipality_id_municipality",
         (["municipality_id"], ["municipality_id"], "municipality", "municipality", None)),
        ("index", "ix_area_municipality_id", "ix_kern_municipality_id", ["municipality_id"]),
    ],
    "consultation_kern": [
        ("primary", "pk_consultation_area", "pk_consultation_kern",
         (["consultation_id", "area_id"], ["consultation_id", "kern_id"])),
        ("foreignkey", "fk_consultation_area_area_id_area", "fk_consultation_kern_kern_id_kern",
         (["area_id"], ["kern_id"], "area", "kern", "CASCADE")),
        ("foreignkey", "fk_consultation_area_consultation_id_consultation",
         "fk_consultation_kern_consultation_id_consultation",
         (["consultation_id"], ["consultation_id"], "consultation", "consultation", "CASCADE")),
    ],
    "contribution": [
        ("foreignkey", "fk_contribution_area_id_area", "fk_contribution_kern_id_kern",
         (["area_id"], ["kern_id"], "area", "kern", "SET NULL")),
    ],
    "signal": [
        ("foreignkey", "fk_signal_area_id_area", "fk_signal_kern_id_kern",
         (["area_id"], ["kern_id"], "area", "kern", "SET NULL")),
    ],
}  # fmt: skip


def upgrade():
    _rename(forward=True)


def downgrade():
    _rename(forward=False)


def _rename(forward: bool) -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    tables = TABLES if forward else [(new, old) for old, new in TABLES]
    for before, after in tables:
        op.rename_table(before, after)
        if postgres:
            op.execute(f"ALTER SEQUENCE IF EXISTS {before}_id_seq RENAME TO {after}_id_seq")
    for table, old, new in COLUMNS:
        table = table if forward else {n: o for o, n in TABLES}.get(table, table)
        before, after = (old, new) if forward else (new, old)
        if postgres:
            op.alter_column(table, before, new_column_name=after)
        else:
            with op.batch_alter_table(table) as batch:
                batch.alter_column(before, new_column_name=after)
    for table, constraints in CONSTRAINTS.items():
        table = table if forward else {n: o for o, n in TABLES}.get(table, table)
        if postgres:
            _rename_in_place(table, constraints, forward)
        else:
            _rebuild_sqlite(table, constraints, forward)


def _rename_in_place(table: str, constraints: list, forward: bool) -> None:
    for kind, old, new, _definition in constraints:
        before, after = (old, new) if forward else (new, old)
        if kind == "index":
            op.execute(f'ALTER INDEX "{before}" RENAME TO "{after}"')
        else:
            op.execute(f'ALTER TABLE "{table}" RENAME CONSTRAINT "{before}" TO "{after}"')


def _rebuild_sqlite(table: str, constraints: list, forward: bool) -> None:
    side = 1 if forward else 0
    with op.batch_alter_table(table, recreate="always") as batch:
        for kind, old, new, definition in constraints:
            before, after = (old, new) if forward else (new, old)
            if kind == "index":
                batch.drop_index(before)
                batch.create_index(after, definition, unique=False)
            elif kind == "primary":
                columns = definition[side] if isinstance(definition, tuple) else definition
                batch.drop_constraint(before, type_="primary")
                batch.create_primary_key(after, columns)
            elif kind == "unique":
                batch.drop_constraint(before, type_="unique")
                batch.create_unique_constraint(after, definition)
            else:
                columns, referred, ondelete = definition[side], definition[2 + side], definition[4]
                batch.drop_constraint(before, type_="foreignkey")
                batch.create_foreign_key(after, referred, columns, ["id"], ondelete=ondelete)
