"""HTTP API: one blueprint per area, registered on the flask-smorest Api."""
from __future__ import annotations

from server.api import marshmallow_defaults  # noqa: F401  (before any schema is defined)


def register_blueprints(api, app) -> None:
    from server.api import (accounts, audit, auth, ballots, health, meetings, notices, organizers, orgs, people, roster,
                            warnings)

    for module in (health, auth, orgs, people, roster, accounts, audit, meetings, ballots, notices, warnings, organizers):
        api.register_blueprint(module.blp)
    if app.config.get("DEMO_MODE"):
        api.register_blueprint(auth.demo_blp)
