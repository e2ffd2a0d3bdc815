"""Flask extensions, created unbound here and bound to an app in create_app. Nothing here connects or imports
the API (the flask-smorest Api lives with the blueprints in server.api)."""
from __future__ import annotations

import os
import weakref

from flask import request
from flask_limiter import Limiter
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base of every table."""


def client_address() -> str:
    """The client as the limits see it: the socket's address, or the one the trusted proxies reported (ProxyFix,
    TRUSTED_PROXIES); never a header the client could write itself."""
    return request.remote_addr or "unknown"


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
limiter = Limiter(key_func=client_address, default_limits=[])

# Database connections never cross a fork: rq runs each job in a forked work horse (and gunicorn may fork after
# loading the app). A child starts with empty pools and leaves the parent's connections alone (SQLAlchemy's
# "using connection pools with multiprocessing": dispose(close=False)); sharing one would interleave two
# processes on one PostgreSQL session (e.g. psycopg's DuplicatePreparedStatement).
_engines: weakref.WeakSet = weakref.WeakSet()


def forget_connections_after_fork(app) -> None:
    """Register the app's engines so that a forked child drops their pools."""
    with app.app_context():
        _engines.update(db.engines.values())


def remember_engine(engine) -> None:
    """An engine made outside Flask-SQLAlchemy (the fast cast path's) drops its pool in a forked child too."""
    _engines.add(engine)


def _reset_pools_in_child() -> None:
    for engine in list(_engines):
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_reset_pools_in_child)
