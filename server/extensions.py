"""Flask extensions, created unbound here and bound to an app in create_app. Nothing here connects or imports
the API (the flask-smorest Api lives with the blueprints in server.api)."""
from __future__ import annotations

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
