"""One JSON error shape for every 4xx/5xx: {"error": {"code", "message", "fields"}} (docs/api.md)."""
from __future__ import annotations

import logging
import uuid

from flask import Flask, g, jsonify, request
from werkzeug.exceptions import HTTPException

from server.domain.errors import DomainError

log = logging.getLogger("server.errors")

# Chinese messages for the HTTP errors that come from the framework rather than from a service.
HTTP_MESSAGES = {
    400: ("bad_request", "请求无法解析，请检查格式（例如 JSON 是否正确）"),
    401: ("unauthorized", "请先登录"),
    403: ("forbidden", "没有权限执行此操作"),
    404: ("not_found", "找不到请求的资源"),
    405: ("method_not_allowed", "不支持此请求方法"),
    409: ("conflict", "当前状态不允许此操作"),
    413: ("payload_too_large", "上传的内容过大"),
    415: ("unsupported_media_type", "不支持的内容类型"),
    422: ("validation_error", "提交的数据有误，请检查"),
    429: ("too_many_attempts", "尝试次数过多，请稍后再试"),
}


def error_body(status: int, code: str, message: str, fields: dict | None = None, **extra):
    """Build the JSON error response."""
    error = {"code": code, "message": message, "fields": fields or {}}
    error.update(extra)
    return jsonify({"error": error}), status


def _validation_fields(exc: HTTPException) -> dict:
    """Flatten webargs' {"json": {...}, "query": {...}} messages into one fields mapping."""
    messages = (getattr(exc, "data", None) or {}).get("messages") or {}
    fields: dict = {}
    for location_messages in messages.values():
        if isinstance(location_messages, dict):
            fields.update(location_messages)
    return fields


def handle_http_exception(exc: HTTPException):
    status = exc.code or 500
    if status >= 500:
        return handle_unexpected(exc)
    code, message = HTTP_MESSAGES.get(status, ("error", "请求出错"))
    fields = _validation_fields(exc) if status in (400, 422) else {}
    if status == 422 and fields:  # the fields name what is wrong, each with its message; no field names here
        message = "提交的数据有误，请按提示修改"
    response, status = error_body(status, code, message, fields)
    # Keep the exception's own headers (Allow on 405, Retry-After on 429), not its HTML content type.
    for name, value in exc.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response, status


def handle_domain_error(exc: DomainError):
    body, status = error_body(exc.status, exc.code, exc.message, exc.fields, **exc.extra)
    if "retry_after" in exc.extra:
        body.headers["Retry-After"] = str(exc.extra["retry_after"])
    return body, status


def handle_unexpected(exc: Exception):
    request_id = getattr(g, "request_id", None) or uuid.uuid4().hex
    log.exception("unhandled error request_id=%s path=%s", request_id, request.path)
    return error_body(500, "internal_error", f"服务器内部错误，请稍后重试（请求编号 {request_id}）",
                      request_id=request_id)


def init_app(app: Flask) -> None:
    """Install the error handlers and the per-request id."""

    @app.before_request
    def _assign_request_id():
        g.request_id = uuid.uuid4().hex

    @app.after_request
    def _expose_request_id(response):
        if getattr(g, "request_id", None):
            response.headers["X-Request-ID"] = g.request_id
        return response

    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
