"""Schemas shared by every blueprint."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.api import messages_zh  # noqa: F401  (Chinese validation messages)


class ErrorDetail(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields_ = fields.Dict(data_key="fields")
    request_id = fields.String()
    rows = fields.List(fields.Dict())


class ErrorSchema(Schema):
    """{"error": {"code", "message", "fields"}} as in DESIGN.md section 4."""

    error = fields.Nested(ErrorDetail, required=True)


class PageQuery(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))


def name_field(required: bool = True, max_len: int = 100, **kw):
    """A non-blank string of bounded length."""
    return fields.String(required=required, validate=validate.Length(min=1, max=max_len), **kw)


class MessageSchema(Schema):
    message = fields.String()
