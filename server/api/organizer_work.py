"""A special organizer's work: the due list on the phone, reports upward, recommendations, invitations; and the
activities the committee keeps on an organizer's file."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.schemas import ID, id_field, name_field
from server.domain.organizer_work import ACTIVITY_KINDS, REPORT_KINDS
from server.extensions import db
from server.services import organizer_work as work

blp = Blueprint("organizer_work", __name__, url_prefix="/api/v1", description="特聘组织员的工作")


class ActivityIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(list(ACTIVITY_KINDS)),
                         metadata={"description": "talk 谈心谈话 / training 培训 / allowance 补贴发放 / honor 优秀党务工作者推荐"})
    happened_on = fields.Date(required=True)
    counterpart = fields.String(allow_none=True, validate=validate.Length(max=100),
                                metadata={"description": "谈话的党委委员"})
    hours = fields.Float(allow_none=True, validate=validate.Range(min=0, max=1000), metadata={"description": "学时"})
    amount = fields.Float(allow_none=True, validate=validate.Range(min=0, max=1000000), metadata={"description": "元"})
    notes = fields.String(allow_none=True, validate=validate.Length(max=2000))


class ActivityOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    label = fields.String()
    happened_on = fields.Date()
    counterpart = fields.String(allow_none=True)
    hours = fields.Float(allow_none=True)
    amount = fields.Float(allow_none=True)
    notes = fields.String(allow_none=True)


class ActivityList(Schema):
    items = fields.List(fields.Nested(ActivityOut))


class ReportIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(list(REPORT_KINDS)),
                         metadata={"description": "experience 经验做法 / problems 存在问题 / thinking 党员思想动态 / "
                                                  "unqualified 不合格党员情况 / suggestions 意见建议"})
    title = name_field(max_len=200)
    body = fields.String(required=True, validate=validate.Length(min=1, max=8000))


class ReportOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    kind_label = fields.String()
    title = fields.String()
    body = fields.String()
    org_id = fields.Integer()
    org_name = fields.String()
    author = fields.String()
    created_at = fields.DateTime()
    answer = fields.String(allow_none=True)
    answered_at = fields.DateTime(allow_none=True)
    can_answer = fields.Boolean(metadata={"description": "调用者能否答复（报送给其所在组织或下级的、尚未答复的）"})


class ReportList(Schema):
    items = fields.List(fields.Nested(ReportOut))
    can_report_to_city = fields.Boolean(metadata={"description": "调用者能否向市委组织部报送经验做法、存在问题"})


class WorkReportIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(["experience", "problems"]),
                         metadata={"description": "experience 经验做法 / problems 存在问题"})
    title = name_field(max_len=200)
    body = fields.String(required=True, validate=validate.Length(min=1, max=8000))


class AnswerIn(Schema):
    answer = fields.String(required=True, validate=validate.Length(min=1, max=4000))


class RecommendationIn(Schema):
    org_id = id_field(required=True)
    name = name_field(max_len=50)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class RecommendationOut(Schema):
    id = fields.Integer()
    org_id = fields.Integer()
    org_name = fields.String()
    name = fields.String()
    reason = fields.String()
    state = fields.String()
    state_label = fields.String()
    decision_note = fields.String(allow_none=True)
    created_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)


class RecommendationList(Schema):
    items = fields.List(fields.Nested(RecommendationOut))


class DecisionIn(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(["accept", "decline"]))
    note = fields.String(allow_none=True, validate=validate.Length(max=2000))


class InvitationOut(Schema):
    id = fields.Integer()
    meeting_id = fields.Integer()
    title = fields.String()
    starts_at = fields.DateTime()
    location = fields.String(allow_none=True)
    org_id = fields.Integer()
    org_name = fields.String()
    state = fields.String()
    state_label = fields.String()
    note = fields.String(allow_none=True)
    held_on = fields.Date(metadata={"description": "会议召开日期（北京时间）"})
    can_record = fields.Boolean(metadata={"description": "是否已可记录列席情况（召开当天及以后）"})


class InvitationList(Schema):
    items = fields.List(fields.Nested(InvitationOut))


class AttendanceIn(Schema):
    attended = fields.Boolean(required=True)
    note = fields.String(allow_none=True, validate=validate.Length(max=1000))


class ServedOrg(Schema):
    id = fields.Integer()
    name = fields.String()
    term_end = fields.Date()


class BranchRef(Schema):
    id = fields.Integer()
    name = fields.String()


class SessionDue(Schema):
    id = fields.Integer()
    title = fields.String()
    meeting_title = fields.String()
    starts_at = fields.DateTime()
    state = fields.String()
    org_name = fields.String()


class PublicityDue(Schema):
    id = fields.Integer()
    kind = fields.String()
    name = fields.String()
    org_name = fields.String()
    ends_on = fields.Date()


class WarningDue(Schema):
    id = fields.Integer()
    level = fields.String()
    state = fields.String()
    org_name = fields.String()


class DueSchema(Schema):
    organizations = fields.List(fields.Nested(ServedOrg))
    branches = fields.List(fields.Nested(BranchRef))
    sessions = fields.List(fields.Nested(SessionDue))
    publicities = fields.List(fields.Nested(PublicityDue))
    overdue_steps = fields.Integer()
    steps_due_soon = fields.Integer()
    warnings = fields.List(fields.Nested(WarningDue))
    open_tasks = fields.Integer()
    invitations = fields.List(fields.Nested(InvitationOut))


@blp.route(f"/organizer-appointments/<{ID}:appointment_id>/activities", methods=["POST"])
@blp.arguments(ActivityIn())
@blp.response(201, ActivityOut)
def add_activity(payload, appointment_id):
    """记录谈心谈话、培训、补贴发放、优秀党务工作者推荐"""
    return work.add_activity(db.session, current_principal(), appointment_id, payload)


@blp.route(f"/organizer-appointments/<{ID}:appointment_id>/activities", methods=["GET"])
@blp.response(200, ActivityList)
def list_activities(appointment_id):
    """特聘组织员的工作档案"""
    return {"items": work.list_activities(db.session, current_principal(), appointment_id)}


@blp.route("/organizer-reports", methods=["POST"])
@blp.arguments(ReportIn())
@blp.response(201, ReportOut)
def file_report(payload):
    """特聘组织员向聘任的党委报告（经验做法、问题、思想动态、不合格党员、意见建议）"""
    return work.file_report(db.session, current_principal(), **payload)


@blp.route("/organizer-reports", methods=["GET"])
@blp.response(200, ReportList)
def list_reports():
    """组织员本人的报告；工作人员看报给本级及下级的报告和本单位报出的报告"""
    principal = current_principal()
    return {"items": work.list_reports(db.session, principal),
            "can_report_to_city": work.may_report_to_city(db.session, principal)}


@blp.route("/work-reports", methods=["POST"])
@blp.arguments(WorkReportIn())
@blp.response(201, ReportOut)
def file_work_report(payload):
    """县（区）委组织部、基层党（工）委向市委组织部（组织三科）报送经验做法、存在问题"""
    return work.file_work_report(db.session, current_principal(), **payload)


@blp.route(f"/organizer-reports/<{ID}:report_id>/answer", methods=["POST"])
@blp.arguments(AnswerIn())
@blp.response(200, ReportOut)
def answer_report(payload, report_id):
    """答复特聘组织员的报告"""
    return work.answer_report(db.session, current_principal(), report_id, payload["answer"])


@blp.route("/organizer-recommendations", methods=["POST"])
@blp.arguments(RecommendationIn())
@blp.response(201, RecommendationOut)
def recommend(payload):
    """向党支部推荐优秀分子"""
    return work.recommend(db.session, current_principal(), **payload)


@blp.route("/organizer-recommendations", methods=["GET"])
@blp.response(200, RecommendationList)
def list_recommendations():
    """推荐的优秀分子及支部的处理"""
    return {"items": work.list_recommendations(db.session, current_principal())}


@blp.route(f"/organizer-recommendations/<{ID}:recommendation_id>/decision", methods=["POST"])
@blp.arguments(DecisionIn())
@blp.response(200, RecommendationOut)
def decide(payload, recommendation_id):
    """支部处理推荐：采纳或暂不采纳"""
    return work.decide_recommendation(db.session, current_principal(), recommendation_id, payload["decision"],
                                      payload.get("note"))


@blp.route("/meeting-invitations", methods=["GET"])
@blp.response(200, InvitationList)
def list_invitations():
    """特聘组织员受邀列席的发展党员会议"""
    return {"items": work.list_invitations(db.session, current_principal())}


@blp.route(f"/meeting-invitations/<{ID}:invitation_id>/attendance", methods=["POST"])
@blp.arguments(AttendanceIn())
@blp.response(200, InvitationOut)
def attendance(payload, invitation_id):
    """记录是否列席"""
    return work.record_attendance(db.session, current_principal(), invitation_id, payload["attended"],
                                  payload.get("note"))


@blp.route("/organizers/me/due", methods=["GET"])
@blp.response(200, DueSchema)
def my_due():
    """特聘组织员的待办：联系的组织、要列席的表决、公示、逾期步骤、预警、任务、会议邀请"""
    return work.due_for_organizer(db.session, current_principal())
