"""HTTP API: one blueprint per area, registered on the flask-smorest Api."""
from __future__ import annotations

from server.api import marshmallow_defaults  # noqa: F401  (before any schema is defined)
from server.api.base import JsonErrorApi

api = JsonErrorApi()


def init_app(app) -> None:
    """Bind the Api and register every blueprint (the demo login only in demo mode)."""
    from server.api import (
        accountability,
        accounts,
        appointments,
        audit,
        auth,
        ballots,
        calendar,
        follow_ups,
        health,
        meetings,
        notices,
        organizer_work,
        organizers,
        orgs,
        paper,
        people,
        plans,
        publicity,
        quarterly,
        records,
        roster,
        sessions,
        stats,
        warning_proposals,
        warnings,
    )
    from server.api.schemas import AsciiIntegerConverter, ascii_integer_schema

    app.url_map.converters["int"] = AsciiIntegerConverter  # before any route is added
    api.init_app(app)
    api.register_converter(AsciiIntegerConverter, ascii_integer_schema)
    for module in (health, auth, orgs, people, records, publicity, roster, accounts, audit, meetings, sessions, ballots,
                   paper, notices, warnings, warning_proposals, organizers, appointments, organizer_work, follow_ups,
                   plans, stats, calendar, quarterly, accountability):
        api.register_blueprint(module.blp)
    api.register_blueprint(health.schedule_blp)
    api.register_blueprint(publicity.public_blp)
    api.register_blueprint(paper.public_blp)
    api.register_blueprint(paper.board_blp)
    if app.config.get("DEMO_MODE"):
        api.register_blueprint(auth.demo_blp)
