"""The flask-smorest Api whose documented error shape is ours."""
from __future__ import annotations

from flask_smorest import Api

from server.api.schemas import ErrorSchema


class JsonErrorApi(Api):
    """Documents ErrorSchema and leaves error handling to server.errors."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        # server.errors.register installs one handler for HTTPException and DomainError.
        return None


def refuse_unknown_query_parameters() -> None:
    """webargs ignores unknown query parameters by default; ours are refused like unknown JSON fields."""
    from flask_smorest import Blueprint
    from marshmallow import RAISE

    parser = Blueprint.ARGUMENTS_PARSER
    parser.DEFAULT_UNKNOWN_BY_LOCATION = {**parser.DEFAULT_UNKNOWN_BY_LOCATION, "query": RAISE}


refuse_unknown_query_parameters()
