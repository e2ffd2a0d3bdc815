"""What follows a 双评议: follow-ups and their steps, the committee's delegate, branches that held none."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.schemas import ID
from server.domain.follow_up_flows import FLOWS
from server.extensions import db
from server.services import follow_ups

blp = Blueprint("follow_ups", __name__, url_prefix="/api/v1", description="双评议后的跟进")
ACTIONS = sorted({action for flow in FLOWS.values() for action in flow.actors})


class FollowUpSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    label = fields.String()
    org_id = fields.Integer()
    org_name = fields.String()
    session_id = fields.Integer()
    person_id = fields.Integer(allow_none=True)
    person_name = fields.String(allow_none=True)
    score = fields.String()
    created_at = fields.DateTime()
    done_at = fields.DateTime(allow_none=True)
    state = fields.String()
    state_label = fields.String()
    due_on = fields.Date(allow_none=True)
    key_target_year = fields.Integer(allow_none=True)
    allowed_actions = fields.List(fields.String())


class FollowUpEventSchema(Schema):
    action = fields.String()
    label = fields.String()
    details = fields.Dict()
    at = fields.DateTime()


class FollowUpDetailSchema(FollowUpSchema):
    events = fields.List(fields.Nested(FollowUpEventSchema))


class FollowUpListSchema(Schema):
    items = fields.List(fields.Nested(FollowUpSchema))


class FollowUpQuery(Schema):
    open_only = fields.Boolean(load_default=True)


class FollowUpStepSchema(Schema):
    note = fields.String(validate=validate.Length(min=1, max=4000),
                         metadata={"description": "责令内容、书面说明、退回理由或谈话内容"})
    due_on = fields.Date(metadata={"description": "自查自纠的期限（责令时）"})
    talked_on = fields.Date(metadata={"description": "谈话日期（提醒谈话）"})
    talked_by = fields.String(validate=validate.Length(min=1, max=100), metadata={"description": "谈话人"})
    measure = fields.String(validate=validate.Length(max=2000), metadata={"description": "采取的组织措施（如有）"})


class DelegateSchema(Schema):
    delegate = fields.String(required=True, validate=validate.Length(min=1, max=100),
                             metadata={"description": "上级党委派出参会指导的人员（姓名、职务）"})


class DelegateResult(Schema):
    session_id = fields.Integer()
    guidance_delegate = fields.String()


class YearQuery(Schema):
    year = fields.Integer(required=True, validate=validate.Range(min=2000, max=2100))


class BranchRow(Schema):
    org_id = fields.Integer()
    org_name = fields.String()
    sector = fields.String()


class BranchList(Schema):
    total = fields.Integer(metadata={"description": "未开展的支部总数（列表只列前 500 个）"})
    items = fields.List(fields.Nested(BranchRow))


@blp.route("/follow-ups", methods=["GET"])
@blp.arguments(FollowUpQuery(), location="query")
@blp.response(200, FollowUpListSchema)
def list_follow_ups(query):
    """满意度低于 80 分需要跟进的事项（重点预警对象、提醒谈话）"""
    return {"items": follow_ups.list_follow_ups(db.session, current_principal(), **query)}


@blp.route(f"/follow-ups/<{ID}:follow_up_id>", methods=["GET"])
@blp.response(200, FollowUpDetailSchema)
def get_follow_up(follow_up_id):
    """跟进事项及其办理经过"""
    return follow_ups.get_follow_up(db.session, current_principal(), follow_up_id)


@blp.route(f"/follow-ups/<{ID}:follow_up_id>/<any({', '.join(ACTIONS)}):action>", methods=["POST"])
@blp.arguments(FollowUpStepSchema())
@blp.response(200, FollowUpDetailSchema)
def act(payload, follow_up_id, action):
    """办理一步：order 责令自查（上级党委）、submit 提交书面说明（支部）、accept 验收 / return 退回（上级党委）、
    talk 记录提醒谈话（支部）"""
    return follow_ups.act(db.session, current_principal(), follow_up_id, action, payload)


@blp.route(f"/sessions/<{ID}:session_id>/guidance", methods=["POST"])
@blp.arguments(DelegateSchema())
@blp.response(200, DelegateResult)
def guidance(payload, session_id):
    """记录上级党委派人参会指导双评议"""
    return follow_ups.set_guidance_delegate(db.session, current_principal(), session_id, payload["delegate"])


@blp.route("/follow-ups/branches-without-satisfaction", methods=["GET"])
@blp.arguments(YearQuery(), location="query")
@blp.response(200, BranchList)
def branches_without_satisfaction(query):
    """当年未开展双评议的党支部"""
    return follow_ups.branches_without_satisfaction(db.session, current_principal(), query["year"])
