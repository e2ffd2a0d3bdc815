"""Liveness and dependencies (/healthz), and the schedule's runs (/healthz/detail, and for the city's
administrators /api/v1/schedule)."""
from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import text

from server.api.context import current_principal
from server.domain.schedule import STATES
from server.extensions import db
from server.jobs import get_queue
from server.redis_conn import get_redis
from server.services import schedule_ledger

blp = Blueprint("health", __name__, description="运行状态")
schedule_blp = Blueprint("schedule", __name__, url_prefix="/api/v1", description="定时任务")


class HealthSchema(Schema):
    status = fields.String()
    database = fields.String()
    redis = fields.String()


class ScheduleStepSchema(Schema):
    name = fields.String()
    label = fields.String()
    failed = fields.Boolean()
    error = fields.String(allow_none=True, metadata={"description": "出错的类别（不含内容）"})


class ScheduleHealthSchema(Schema):
    name = fields.String()
    state = fields.String(metadata={"description": " / ".join(f"{k} {v}" for k, v in STATES.items())})
    last_started_at = fields.DateTime(allow_none=True)
    last_finished_at = fields.DateTime(allow_none=True)
    next_run_at = fields.DateTime()


class ScheduleEntrySchema(ScheduleHealthSchema):
    label = fields.String()
    description = fields.String()
    runs = fields.Integer()
    failures = fields.Integer()
    steps = fields.List(fields.Nested(ScheduleStepSchema))


class ScheduleListSchema(Schema):
    entries = fields.List(fields.Nested(ScheduleEntrySchema))
    queue = fields.Boolean(metadata={"description": "有任务队列（Redis）；没有时后台 worker 不运行，定时任务不执行"})


class HealthDetailSchema(HealthSchema):
    schedule = fields.List(fields.Nested(ScheduleHealthSchema))


def _health(with_schedule: bool) -> tuple[dict, int]:
    """Database and Redis (and the schedule's runs): 503 when one of them is down. A failed or late scheduled run
    makes the status "degraded" with a 200: the service still answers, and a load balancer must not take it out."""
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
    reachable = result["database"] == "ok" and result["redis"] != "error"
    healthy = reachable
    if with_schedule and result["database"] == "ok":
        result["schedule"] = schedule_ledger.status(db.session)
        healthy = healthy and all(entry["state"] not in ("failed", "late") for entry in result["schedule"])
    result["status"] = "ok" if healthy else "degraded"
    return result, 200 if reachable else 503


@blp.route("/healthz")
@blp.response(200, HealthSchema)
@blp.alt_response(503, schema=HealthSchema)
@blp.doc(security=[])
def healthz():
    """数据库与 Redis 状态"""
    return _health(with_schedule=False)


@blp.route("/healthz/detail")
@blp.response(200, HealthDetailSchema)
@blp.alt_response(503, schema=HealthDetailSchema)
@blp.doc(security=[])
def healthz_detail():
    """数据库、Redis 与定时任务（监控用：定时任务出错或未按时执行时 status 为 degraded）"""
    return _health(with_schedule=True)


@schedule_blp.route("/schedule")
@schedule_blp.response(200, ScheduleListSchema)
def schedule():
    """定时任务的上次与下次执行（市委组织部）"""
    entries = schedule_ledger.status_for(db.session, current_principal())
    return {"entries": entries, "queue": get_queue() is not None}
