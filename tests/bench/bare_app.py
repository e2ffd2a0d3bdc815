"""The ceiling the cast is measured against: the thinnest Flask + PostgreSQL endpoint that stores a ballot-sized
row. Its own process, a psycopg pool, no ORM, no hooks, one INSERT in autocommit (one round trip)."""
import os
import uuid

from flask import Flask, request
from psycopg_pool import ConnectionPool

app = Flask(__name__)
pool = None
ANSWERS = "v1." + "x" * 96  # as long as a sealed 两推荐 ballot with a few choices
INSERT = 'INSERT INTO bare_ballots (id, session_id, "group", answers, receipt_hash) VALUES (%s, %s, %s, %s, %s)'


@app.post("/bare")
def bare():
    global pool
    if pool is None:  # after gunicorn's fork: one pool per worker
        pool = ConnectionPool(os.environ["DATABASE_URL"], min_size=1, max_size=2, kwargs={"autocommit": True})
    request.get_data()
    with pool.connection() as conn:
        conn.execute(INSERT, (uuid.uuid4().hex, 1, "mass", ANSWERS, os.urandom(32).hex()))
    return {"ok": True}, 201
