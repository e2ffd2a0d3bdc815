"""Database helpers shared by services."""
from __future__ import annotations

from sqlalchemy.orm import Session


def insert_unless_exists(db: Session, model, **values) -> int | None:
    """INSERT … ON CONFLICT DO NOTHING: the unique constraint decides, atomically, whether the row is new.
    Returns the new row's id, or None when it already existed."""
    dialect = db.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return db.scalar(insert(model).values(**values).on_conflict_do_nothing().returning(model.id))
