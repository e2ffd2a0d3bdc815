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
