"""POST /api/v1/ballots with a code, answered in front of Flask: the hot path of a meeting on PostgreSQL.

A room of phones votes within seconds, so this one request skips the request machinery (routing, hooks,
marshmallow, the ORM): CastSchema as a precompiled JSON schema, then `fast_cast.cast_on_connection` on an autocommit
connection, where the cast is one statement and so its own transaction (one round trip to the database).

Only an accepted ballot (or the retry of one) is answered here. Anything else — a body of another shape, an
unknown field, a used code, a closed session, a lost connection — goes on to the regular endpoint unchanged,
which answers with its validation, error shape and failure backoff (api/failed_attempts.py). Nothing was written
by then: the statement writes only when it accepts.
"""
from __future__ import annotations

import io
import json
import logging
import uuid

import jsonschema_rs
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from sqlalchemy import create_engine

from server.api.ballots import CastSchema
from server.api.json_input import strict_loads
from server.domain.errors import DomainError
from server.http_headers import json_api_headers
from server.services.fast_cast import cast_on_connection

log = logging.getLogger(__name__)

PATH = "/api/v1/ballots"
MAX_BODY = 16 * 1024  # a ballot of a hundred candidates is a few KB; anything larger is the endpoint's to refuse


def cast_by_code_schema() -> dict:
    """The JSON schema of the bodies the endpoint's CastSchema accepts for a vote by code, derived from it (the
    code required, no join link), so the two cannot drift."""
    plugin = MarshmallowPlugin()
    APISpec("cast", "1", "3.0.2", plugins=[plugin])
    schema = plugin.converter.schema2jsonschema(CastSchema)
    properties = {name: rule for name, rule in schema["properties"].items() if name != "join"}
    return {**schema, "properties": properties, "required": sorted({*schema["required"], "code"}),
            "additionalProperties": False}


class CastByCode:
    """CastSchema for a vote by code, precompiled; JSON Schema counts 7.0 as an integer, CastSchema does not."""

    def __init__(self):
        self._validator = jsonschema_rs.validator_for(cast_by_code_schema())

    def takes(self, cast) -> bool:
        return self._validator.is_valid(cast) and type(cast["session_id"]) is int


def install(app) -> None:
    """Put the fast path in front of the app when its database is PostgreSQL (and FAST_CAST is not off)."""
    if app.config.get("FAST_CAST", True) and str(app.config["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql"):
        app.wsgi_app = CodeCastFastPath(app, app.wsgi_app, CastByCode())


class CodeCastFastPath:
    """WSGI middleware: answers an accepted vote by code itself, hands everything else to `wsgi_app`."""

    def __init__(self, app, wsgi_app, schema: CastByCode):
        self.app, self.wsgi_app, self.schema = app, wsgi_app, schema
        self._engine = None

    @property
    def engine(self):
        """The fast path's own small pool of autocommit connections (no pre-ping: a dead connection sends the
        request on to the regular path, which pings), created on first use, so nothing connects at import. Two
        per process and no overflow: under gevent a process serves many requests at once, and more casts at once
        only contend in PostgreSQL (uncapped, the cast rate fell from 2,200/s to 850/s in tests/bench)."""
        if self._engine is None:
            from server.extensions import db, remember_engine

            with self.app.app_context():
                url = db.engine.url
            self._engine = create_engine(url, isolation_level="AUTOCOMMIT", pool_size=2, max_overflow=0,
                                         pool_pre_ping=False, hide_parameters=True)
            remember_engine(self._engine)
            self.app.extensions["cast_engine"] = self._engine
        return self._engine

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != PATH or environ.get("REQUEST_METHOD") != "POST":
            return self.wsgi_app(environ, start_response)
        length = _json_body_length(environ)
        if length is None:
            return self.wsgi_app(environ, start_response)
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)  # the regular path reads the same body again
        answered = self._cast(body) if len(body) == length else None
        if answered is None:
            return self.wsgi_app(environ, start_response)
        (receipt, created), session_id = answered
        payload = json.dumps({"receipt": receipt, "session_id": session_id}).encode()
        start_response("201 CREATED" if created else "200 OK",
                       [*json_api_headers(len(payload)), ("X-Request-ID", uuid.uuid4().hex)])
        return [payload]

    def _cast(self, body: bytes):
        try:
            cast = strict_loads(body)
        except ValueError:
            return None
        if not self.schema.takes(cast):
            return None
        raw = self.engine.raw_connection()
        try:
            with self.app.app_context():
                answer = cast_on_connection(raw.driver_connection, cast["session_id"], cast["code"],
                                            cast["answers"], cast.get("submission_id"))
        except Exception as error:  # every refusal and every fault is the regular endpoint's to answer
            if not isinstance(error, DomainError):
                log.warning("fast cast handed on after %s", type(error).__name__)
                raw.invalidate()
            return None
        finally:
            raw.close()
        return answer, cast["session_id"]


def _json_body_length(environ) -> int | None:
    """The declared length of a JSON body within MAX_BODY; None leaves the request to the endpoint."""
    if not (environ.get("CONTENT_TYPE") or "").startswith("application/json"):
        return None
    try:
        length = int(environ.get("CONTENT_LENGTH") or -1)
    except ValueError:
        return None
    return length if 0 < length <= MAX_BODY else None
