"""The app as gunicorn serves it, plus one minimal endpoint (insert one row) to compare the cast against."""
from sqlalchemy import text

from server import create_app
from server.extensions import db

app = create_app()


@app.post("/bench/minimal")
def minimal():
    db.session.execute(text("INSERT INTO bench_rows (note) VALUES ('x')"))
    return {"ok": True}, 201
