"""Meetings: scheduling them and whom a meeting's sessions may put to the vote (their sessions: api/sessions.py)."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server import clock
from server.api.context import current_principal
from server.api.schemas import ID, id_field, name_field
from server.domain.kinds import MEETING_KINDS, SESSION_KINDS, STAGES
from server.extensions import db
from server.services import meetings

CHINA = clock.CHINA  # a time without zone is China Standard Time
blp = Blueprint("meetings", __name__, url_prefix="/api/v1", description="会议")


class MeetingSchema(Schema):
    id = fields.Integer(dump_only=True)
    org_id = fields.Integer()
    title = fields.String()
    kind = fields.String()
    starts_at = fields.DateTime()
    location = fields.String(allow_none=True)


class MeetingListSchema(Schema):
    items = fields.List(fields.Nested(MeetingSchema))


class MeetingCreateSchema(Schema):
    org_id = id_field(required=True)
    title = name_field()
    kind = fields.String(required=True, validate=validate.OneOf(list(MEETING_KINDS)))
    starts_at = fields.AwareDateTime(required=True, default_timezone=CHINA)
    location = fields.String(validate=validate.Length(max=100), allow_none=True)


class MeetingUpdateSchema(Schema):
    title = name_field(required=False)
    kind = fields.String(validate=validate.OneOf(list(MEETING_KINDS)))
    starts_at = fields.AwareDateTime(default_timezone=CHINA)
    location = fields.String(validate=validate.Length(max=100), allow_none=True)


class MeetingQuery(Schema):
    org_id = id_field(strict=False)
    upcoming = fields.Boolean(load_default=False, metadata={"description": "只要接下来的几次会议（按时间先后）"})


@blp.route("/meetings", methods=["POST"])
@blp.arguments(MeetingCreateSchema())
@blp.response(201, MeetingSchema)
def create_meeting(body):
    """召开会议（支部党员大会、支部委员会、党员和群众代表会议）"""
    return meetings.create_meeting(db.session, current_principal(), **body)


@blp.route("/meetings", methods=["GET"])
@blp.arguments(MeetingQuery(), location="query")
@blp.response(200, MeetingListSchema)
def list_meetings(query):
    """管辖范围内的会议"""
    return {"items": meetings.list_meetings(db.session, current_principal(), query.get("org_id"),
                                            query.get("upcoming", False))}


@blp.route(f"/meetings/<{ID}:meeting_id>", methods=["GET"])
@blp.response(200, MeetingSchema)
def get_meeting(meeting_id):
    """会议详情"""
    return meetings.get_meeting(db.session, current_principal(), meeting_id)


@blp.route(f"/meetings/<{ID}:meeting_id>", methods=["PATCH"])
@blp.arguments(MeetingUpdateSchema(), required=False)
@blp.response(200, MeetingSchema)
def update_meeting(body, meeting_id):
    """修改会议（表决开始前）"""
    return meetings.update_meeting(db.session, current_principal(), meeting_id, body)


@blp.route(f"/meetings/<{ID}:meeting_id>", methods=["DELETE"])
@blp.response(204)
def delete_meeting(meeting_id):
    """删除会议（只含草稿表决时）"""
    meetings.delete_meeting(db.session, current_principal(), meeting_id)


class EligibleQuery(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(list(SESSION_KINDS)))
    stage = fields.String(validate=validate.OneOf(list(STAGES)))


class EligiblePersonSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    status = fields.String()
    applied_at = fields.Date(allow_none=True)
    status_since = fields.Date(allow_none=True)


class EligibleListSchema(Schema):
    items = fields.List(fields.Nested(EligiblePersonSchema))
    suggestion = fields.Dict(allow_none=True, metadata={
        "description": "两推荐：按年度计划 1:2 的比例建议推荐的人数（basis、planned、suggested、text）；无计划时为空"})


@blp.route(f"/meetings/<{ID}:meeting_id>/eligible", methods=["GET"])
@blp.arguments(EligibleQuery(), location="query")
@blp.response(200, EligibleListSchema)
def eligible_people(query, meeting_id):
    """可作为候选人或评议对象的人员（按表决类型和阶段的条件筛选）"""
    principal = current_principal()
    return {"items": meetings.eligible_people(db.session, principal, meeting_id, query["kind"], query.get("stage")),
            "suggestion": meetings.options_suggestion(db.session, principal, meeting_id, query["kind"])}


