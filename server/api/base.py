"""The flask-smorest Api whose documented error shape is ours."""
from __future__ import annotations

from flask_smorest import Api

from server.api.schemas import ErrorSchema


class JsonErrorApi(Api):
    """Documents ErrorSchema and leaves error handling to server.errors."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        # server.errors.init_app installs one handler for HTTPException and DomainError.
        return None


def install_arguments_parser() -> None:
    """Every Blueprint parses with StrictJsonParser (bodies read strictly, see json_input); webargs ignores
    unknown query parameters by default, ours are refused like unknown JSON fields. Runs before any blueprint
    module is imported: a route binds the parser when it is decorated."""
    from flask_smorest import Blueprint
    from marshmallow import RAISE

    from server.api.json_input import StrictJsonParser

    parser = StrictJsonParser()
    parser.DEFAULT_UNKNOWN_BY_LOCATION = {**parser.DEFAULT_UNKNOWN_BY_LOCATION, "query": RAISE}
    Blueprint.ARGUMENTS_PARSER = parser


install_arguments_parser()
