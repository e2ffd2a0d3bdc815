"""Domain errors raised by services; the API maps each to one HTTP status."""
from __future__ import annotations


class DomainError(Exception):
    """Base of every error a user can be told about (message in Chinese)."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, fields: dict | None = None,
                 extra: dict | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.fields = fields or {}
        self.extra = extra or {}


class Unauthorized(DomainError):
    status, code = 401, "unauthorized"


class Forbidden(DomainError):
    status, code = 403, "forbidden"


class NotFound(DomainError):
    status, code = 404, "not_found"


class Conflict(DomainError):
    status, code = 409, "conflict"


class RuleViolation(DomainError):
    """Invalid values or a broken rule of the policy (422)."""

    status, code = 422, "rule_violation"


class TooManyAttempts(DomainError):
    status, code = 429, "too_many_attempts"


class ServiceUnavailable(DomainError):
    """A service the request depends on (WeChat) is down for now; worth trying again later."""

    status, code = 503, "service_unavailable"
