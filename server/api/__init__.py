"""HTTP API: one blueprint per area, registered on the flask-smorest Api."""
from __future__ import annotations

from server.api import messages_zh  # noqa: F401  (Chinese validation messages before any schema)


def register_blueprints(api, app) -> None:
    from server.api import accounts, audit, auth, health, orgs, people, roster

    for module in (health, auth, orgs, people, roster, accounts, audit):
        api.register_blueprint(module.blp)
    if app.config.get("DEMO_MODE"):
        api.register_blueprint(auth.demo_blp)
