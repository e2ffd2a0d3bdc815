"""Database helpers shared by services."""
from __future__ import annotations

from sqlalchemy import text
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


def copy_rows(db: Session, model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Many rows at once in the session's transaction: COPY on PostgreSQL (one stream, no per-row statement),
    a plain executemany elsewhere."""
    if not rows:
        return
    connection = db.connection()
    if connection.dialect.name == "postgresql":
        names = ", ".join(f'"{c}"' for c in columns)
        with connection.connection.driver_connection.cursor() as cursor, \
                cursor.copy(f"COPY {model.__tablename__} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    from sqlalchemy import insert

    connection.execute(insert(model.__table__), [dict(zip(columns, row, strict=True)) for row in rows])


def refresh_statistics(db: Session, model, *, added: int, before: int) -> None:
    """ANALYZE a table that a bulk write grew by a tenth or more (autovacuum's own rule), in the writing transaction
    (PostgreSQL counts its own new rows): otherwise the next read is planned on the row count of before, and
    autovacuum may be off or not yet round (a city's first criteria scan writes ~47,000 proposals; the list then
    took 15 s instead of 25 ms). PostgreSQL only."""
    if added and added * 10 >= before and db.get_bind().dialect.name == "postgresql":
        db.execute(text(f"ANALYZE {model.__tablename__}"))
