"""Liveness and dependencies: /healthz."""
from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import text

from server.extensions import db
from server.redis_conn import get_redis

blp = Blueprint("health", __name__, description="运行状态")


class HealthSchema(Schema):
    status = fields.String()
    database = fields.String()
    redis = fields.String()


@blp.route("/healthz")
@blp.response(200, HealthSchema)
@blp.alt_response(503, schema=HealthSchema)
@blp.doc(security=[])
def healthz():
    """数据库与 Redis 状态"""
    result = {"database": "ok", "redis": "not_configured"}
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        current_app.logger.exception("health: database unreachable")
        result["database"] = "error"
    redis = get_redis()
    if redis is not None:
        try:
            redis.ping()
            result["redis"] = "ok"
        except Exception:
            result["redis"] = "error"
    healthy = result["database"] == "ok" and result["redis"] != "error"
    result["status"] = "ok" if healthy else "degraded"
    return result, 200 if healthy else 503
