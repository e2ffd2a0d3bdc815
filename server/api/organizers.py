"""Special organizers: their organizations and their tasks."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.schemas import ID, id_field, name_field, row_dict
from server.extensions import db
from server.services import organizers

blp = Blueprint("organizers", __name__, url_prefix="/api/v1", description="特聘组织员与任务")


class AssignSchema(Schema):
    org_id = id_field(required=True)


class AssignmentSchema(Schema):
    id = fields.Integer()
    org_id = fields.Integer()
    org_name = fields.String()
    term_start = fields.Date()
    term_end = fields.Date()


class AssignmentListSchema(Schema):
    items = fields.List(fields.Nested(AssignmentSchema))


class TaskSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    title = fields.String()
    org_id = fields.Integer()
    org_name = fields.String()
    account_id = fields.Integer()
    due_on = fields.Date()
    state = fields.String()
    note = fields.String(allow_none=True)
    done_at = fields.DateTime(allow_none=True)
    overdue = fields.Boolean()


class TaskListSchema(Schema):
    items = fields.List(fields.Nested(TaskSchema))


class TaskCreateSchema(Schema):
    account_id = id_field(required=True)
    org_id = id_field(required=True)
    title = name_field(max_len=200)
    due_on = fields.Date(required=True)
    kind = fields.String(load_default="manual", validate=validate.OneOf(["manual", "check_publicity"]))


class TaskQuery(Schema):
    open_only = fields.Boolean(load_default=False)


class DoneSchema(Schema):
    note = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class DoneResult(Schema):
    id = fields.Integer()
    state = fields.String()
    note = fields.String()


@blp.route(f"/organizers/<{ID}:account_id>/assignments", methods=["POST"])
@blp.arguments(AssignSchema())
@blp.response(201, AssignmentSchema)
def assign(payload, account_id):
    """为特聘组织员分配联系的组织（含下级），聘期两年"""
    assignment = organizers.assign(db.session, current_principal(), account_id, payload["org_id"])
    return {**row_dict(assignment),
            "org_name": db.session.get(organizers.Organization, assignment.org_id).name}


@blp.route(f"/organizers/<{ID}:account_id>/assignments", methods=["GET"])
@blp.response(200, AssignmentListSchema)
def assignments(account_id):
    """特聘组织员联系的组织"""
    return {"items": organizers.list_assignments(db.session, current_principal(), account_id)}


@blp.route("/tasks", methods=["GET"])
@blp.arguments(TaskQuery(), location="query")
@blp.response(200, TaskListSchema)
def list_tasks(query):
    """任务（按截止日期排序，标出逾期）"""
    return {"items": organizers.list_tasks(db.session, current_principal(), **query)}


@blp.route("/tasks", methods=["POST"])
@blp.arguments(TaskCreateSchema())
@blp.response(201, TaskSchema)
def create_task(payload):
    """给特聘组织员派发任务"""
    return organizers.create_task(db.session, current_principal(), **payload)


@blp.route(f"/tasks/<{ID}:task_id>/done", methods=["POST"])
@blp.arguments(DoneSchema())
@blp.response(200, DoneResult)
def complete(payload, task_id):
    """完成任务并填写情况"""
    return organizers.complete(db.session, current_principal(), task_id, payload["note"])
