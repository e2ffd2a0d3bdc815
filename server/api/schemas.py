"""Schemas shared by every blueprint."""
from __future__ import annotations

from marshmallow import INCLUDE, Schema, fields, validate
from werkzeug.routing import IntegerConverter

from server.api import marshmallow_defaults  # noqa: F401  (Chinese messages, no NUL in text)


class ErrorDetail(Schema):
    """Besides these, an error may carry what helps its reader act (`state`, `person_id`, `paper`, ...)."""

    class Meta:
        unknown = INCLUDE

    code = fields.String(required=True)
    message = fields.String(required=True)
    fields_ = fields.Dict(data_key="fields")
    request_id = fields.String()
    rows = fields.List(fields.Dict())
    retry_after = fields.Integer(metadata={"description": "429/503：多少秒后再试（同 Retry-After）"})


class ErrorSchema(Schema):
    """{"error": {"code", "message", "fields"}} (docs/api.md)."""

    error = fields.Nested(ErrorDetail, required=True)


class PageQuery(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))


def name_field(required: bool = True, max_len: int = 100, **kw):
    """A non-blank string of bounded length."""
    return fields.String(required=required, validate=validate.Length(min=1, max=max_len), **kw)


class UploadSchema(Schema):
    """A multipart upload with one file."""

    file = fields.Raw(metadata={"type": "string", "format": "binary"}, required=True)


def uploaded_file():
    """The one file of a multipart upload; other fields are refused like unknown JSON fields."""
    from flask import request

    from server.domain.errors import RuleViolation

    extra = sorted(set(request.form) | (set(request.files) - {"file"}))
    if extra:
        raise RuleViolation("提交的数据有误：" + "、".join(extra), code="validation_error",
                            fields={name: ["不允许的字段"] for name in extra})
    upload = request.files.get("file")
    if upload is None:
        raise RuleViolation("请选择要上传的文件", fields={"file": ["必填"]})
    return upload


MAX_ID = 2**31 - 1
# Path converter for database ids: out-of-range numbers are simply not found (never a database overflow).
ID = f"int(min=1, max={MAX_ID})"


class AsciiIntegerConverter(IntegerConverter):
    """werkzeug's `int` matches any Unicode digit (`/people/４` would be person 4): ours takes ASCII digits only."""

    regex = r"[0-9]+"


def ascii_integer_schema(converter: AsciiIntegerConverter) -> dict:
    schema = {"type": "integer"}
    if converter.min is not None:
        schema["minimum"] = converter.min
    if converter.max is not None:
        schema["maximum"] = converter.max
    return schema


class StrictBoolean(fields.Boolean):
    """JSON true/false only: 0, 1 and "yes" are refused rather than guessed."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class StrictInteger(fields.Integer):
    """A JSON integer; true/false are not numbers here."""

    def __init__(self, **kw):
        super().__init__(strict=True, **kw)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


def id_field(required: bool = False, strict: bool = True, **kw):
    """A database id from the client: an integer in the range ids can take."""
    cls = StrictInteger if strict else fields.Integer
    return cls(required=required, validate=validate.Range(min=1, max=MAX_ID), **kw)


def row_dict(row, exclude: tuple[str, ...] = ()) -> dict:
    """A model row's columns as a dict, for a response schema to pick from."""
    return {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in exclude}


def binary_doc(description: str, *mimetypes: str) -> dict:
    """The OpenAPI description of a file answer."""
    return {"200": {"description": description, "content": {
        mime: {"schema": {"type": "string", "format": "binary"}} for mime in mimetypes or ("application/pdf",)}}}


def download(data: bytes, name: str, mimetype: str = "application/pdf", inline: bool = True):
    """A file answer: named in UTF-8, never cached, never sniffed."""
    from urllib.parse import quote

    from flask import Response

    response = Response(data, mimetype=mimetype)
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(name)}"
    response.headers["Cache-Control"] = "no-store"
    return response
