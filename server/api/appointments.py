"""Special organizers' appointments (特聘组织员聘任): terms, yearly assessments and renewal."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.schemas import ID, StrictInteger, binary_doc, download, id_field
from server.domain.organizer_terms import ASSESSMENT_RESULTS, BACKGROUNDS
from server.extensions import db
from server.services import appointment_letter, appointments

blp = Blueprint("appointments", __name__, url_prefix="/api/v1", description="特聘组织员聘任、考核与续聘")


class AppointSchema(Schema):
    person_id = id_field(required=True, metadata={"description": "被聘任的正式党员"})
    appointing_org_id = id_field(required=True, metadata={"description": "聘任的党委（须有审批权限）"})
    nominating_org_id = id_field(required=True, metadata={"description": "推荐的组织"})
    starts_on = fields.Date(required=True, metadata={"description": "聘期开始日期；聘期两年"})
    consent_on = fields.Date(required=True, metadata={"description": "本人同意的日期"})
    vetting_notes = fields.String(required=True, validate=validate.Length(min=2, max=2000),
                                  metadata={"description": "党委考察情况"})
    background = fields.String(required=True, validate=validate.OneOf(list(BACKGROUNDS)),
                               metadata={"description": "人员来源：" + "、".join(BACKGROUNDS.values())})
    contact_member = fields.String(required=True, validate=validate.Length(min=2, max=50),
                                   metadata={"description": "党委确定的经常联系该组织员的班子成员（姓名、职务）"})


class AssessmentSchema(Schema):
    year = StrictInteger(required=True, validate=validate.Range(min=2000, max=2100))
    result = fields.String(required=True, validate=validate.OneOf(list(ASSESSMENT_RESULTS)),
                           metadata={"description": "excellent 优秀 / pass 合格 / fail 不合格"})
    notes = fields.String(allow_none=True, validate=validate.Length(max=2000))


class AssessmentRow(Schema):
    year = fields.Integer()
    result = fields.String()
    result_label = fields.String()
    notes = fields.String(allow_none=True)


class AssessmentOut(AssessmentRow):
    id = fields.Integer()
    appointment_id = fields.Integer()


class YearDue(Schema):
    year = fields.Integer()
    due_on = fields.Date()


class OrgRef(Schema):
    id = fields.Integer()
    name = fields.String()


class WorkSchema(Schema):
    reports = fields.Integer()
    reports_answered = fields.Integer()
    tasks_done = fields.Integer()
    meetings_attended = fields.Integer()


class CoverageRow(Schema):
    sector = fields.String()
    label = fields.String()
    branches = fields.Integer()
    covered = fields.Integer()
    uncovered = fields.List(fields.Nested(OrgRef))


class CoverageList(Schema):
    items = fields.List(fields.Nested(CoverageRow))


class AppointmentSchema(Schema):
    id = fields.Integer()
    person_id = fields.Integer()
    name = fields.String()
    account_id = fields.Integer(allow_none=True)
    appointing_org_id = fields.Integer()
    nominating_org_id = fields.Integer(allow_none=True)
    starts_on = fields.Date()
    ends_on = fields.Date()
    consent_on = fields.Date(allow_none=True)
    vetting_notes = fields.String(allow_none=True)
    background = fields.String(allow_none=True)
    background_label = fields.String(allow_none=True)
    contact_member = fields.String(allow_none=True)
    renewed_from_id = fields.Integer(allow_none=True)
    in_term = fields.Boolean()
    assessments = fields.List(fields.Nested(AssessmentRow))
    assessments_due = fields.List(fields.Nested(YearDue))
    term_years = fields.List(fields.Nested(YearDue))
    organizations = fields.List(fields.Nested(OrgRef))
    work = fields.Nested(WorkSchema)


class AppointmentList(Schema):
    items = fields.List(fields.Nested(AppointmentSchema))


class AppointmentQuery(Schema):
    current = fields.Boolean(load_default=False, metadata={"description": "只列在聘期内的"})


@blp.route("/organizer-appointments", methods=["POST"])
@blp.arguments(AppointSchema())
@blp.response(201, AppointmentSchema)
def appoint(payload):
    """聘任特聘组织员（正式党员；有审批权限的党委；聘期两年）"""
    return appointments.appoint(db.session, current_principal(), **payload)


@blp.route("/organizer-appointments", methods=["GET"])
@blp.arguments(AppointmentQuery(), location="query")
@blp.response(200, AppointmentList)
def list_appointments(query):
    """本级及下级聘任的特聘组织员"""
    return {"items": appointments.list_appointments(db.session, current_principal(), current_only=query["current"])}


@blp.route(f"/organizer-appointments/<{ID}:appointment_id>", methods=["GET"])
@blp.response(200, AppointmentSchema)
def get_appointment(appointment_id):
    """聘任记录：聘期、考核、联系的组织"""
    return appointments.get_appointment(db.session, current_principal(), appointment_id)


@blp.route(f"/organizer-appointments/<{ID}:appointment_id>/assessments", methods=["POST"])
@blp.arguments(AssessmentSchema())
@blp.response(201, AssessmentOut)
def assess(payload, appointment_id):
    """年度考核（每个聘期年度一次）"""
    return appointments.assess(db.session, current_principal(), appointment_id, **payload)


@blp.route(f"/organizer-appointments/<{ID}:appointment_id>/renew", methods=["POST"])
@blp.response(201, AppointmentSchema)
def renew(appointment_id):
    """续聘：最近一次考核合格或优秀后，开始新的两年聘期"""
    return appointments.renew(db.session, current_principal(), appointment_id)


@blp.route(f"/organizer-appointments/<{ID}:appointment_id>/letter.pdf", methods=["GET"])
@blp.doc(responses=binary_doc("聘书"))
def letter(appointment_id):
    """聘书（PDF）"""
    data, name = appointment_letter.letter_pdf(db.session, current_principal(), appointment_id)
    return download(data, name)


@blp.route("/organizer-coverage", methods=["GET"])
@blp.response(200, CoverageList)
def coverage():
    """各领域党支部有无特聘组织员联系（农村、社区、两新组织等）"""
    return {"items": appointments.coverage(db.session, current_principal())}
