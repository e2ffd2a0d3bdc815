"""Warnings (调控预警): issue, acknowledge, report, lift, escalate, list."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.schemas import ID, StrictInteger, UploadSchema, binary_doc, download, id_field, row_dict, uploaded_file
from server.domain import warnings as rules
from server.extensions import db
from server.services import documents, warning_notice, warnings

blp = Blueprint("warnings", __name__, url_prefix="/api/v1", description="调控预警")


class WarningSchema(Schema):
    id = fields.Integer()
    org_id = fields.Integer()
    org_name = fields.String()
    issuer_org_id = fields.Integer()
    criterion = fields.Integer()
    criterion_text = fields.String()
    level = fields.String()
    level_text = fields.String()
    state = fields.String()
    facts = fields.String()
    issued_on = fields.Date()
    deadline = fields.Date(allow_none=True)
    report_due = fields.Date(allow_none=True)
    calendar_fallback = fields.Boolean()
    calendar_note = fields.String(allow_none=True)
    award_ineligible_year = fields.Integer(allow_none=True)
    vanguard_exception = fields.String(allow_none=True)
    overdue = fields.Boolean()
    report_text = fields.String(allow_none=True)
    told_how = fields.String(allow_none=True)
    told_to = fields.String(allow_none=True)
    proposal_id = fields.Integer(allow_none=True)
    responsible_persons = fields.String(allow_none=True)
    circulated_notice_id = fields.Integer(allow_none=True)
    report_document_name = fields.String(allow_none=True)
    allowed_actions = fields.List(fields.String(), metadata={
        "description": "当前可做的操作：acknowledge、report、attach_report（被预警组织），lift、escalate（上级），notice（预警通知书）"})
    report_parts = fields.List(fields.String(), metadata={"description": "报送须分项填写的内容（黄牌警告的书面检讨）"})


class WarningListSchema(Schema):
    items = fields.List(fields.Nested(WarningSchema))
    can_issue = fields.Boolean(metadata={"description": "调用者能否发出预警"})


class WarningCreateSchema(Schema):
    org_id = id_field(required=True)
    criterion = StrictInteger(required=True)
    level = fields.String(required=True, validate=validate.OneOf(list(rules.LEVELS)))
    facts = fields.String(required=True, validate=validate.Length(min=2, max=5000))
    deadline = fields.Date(allow_none=True, metadata={"description": "整改期限；口头告知、函告督办必填，黄牌警告默认为书面检讨截止日"})
    told_how = fields.String(validate=validate.OneOf(list(rules.TOLD_HOW)), metadata={"description": "口头告知的方式"})
    told_to = fields.String(validate=validate.Length(min=1, max=100), metadata={"description": "口头告知的对象"})
    responsible_persons = fields.String(validate=validate.Length(min=1, max=300),
                                        metadata={"description": "黄牌警告：党组织负责人、直接责任人"})
    circulate_org_ids = fields.List(id_field(), validate=validate.Length(max=200),
                                    metadata={"description": "黄牌警告：通报范围（组织）"})


class WarningQuery(Schema):
    org_id = id_field(strict=False)
    level = fields.String(validate=validate.OneOf(list(rules.LEVELS)))
    state = fields.String(validate=validate.OneOf(list(rules.STATES)))
    criterion = fields.Integer(validate=validate.Range(min=1, max=7))
    overdue = fields.Boolean()
    received = fields.Boolean(metadata={"description": "只看发给本组织的预警（本组织签收、报送的）"})


class ReportSchema(Schema):
    report = fields.String(validate=validate.Length(max=10000))
    cause = fields.String(validate=validate.Length(max=3000), metadata={"description": "黄牌警告书面检讨：问题原因"})
    measures = fields.String(validate=validate.Length(max=3000), metadata={"description": "具体措施"})
    plan = fields.String(validate=validate.Length(max=3000), metadata={"description": "工作方案"})


class NoteSchema(Schema):
    note = fields.String(validate=validate.Length(max=1000))


class EscalateSchema(NoteSchema):
    deadline = fields.Date(allow_none=True, metadata={
        "description": "新的整改期限：升为函告督办必填，须晚于今天；黄牌警告默认为书面检讨截止日"})
    responsible_persons = fields.String(validate=validate.Length(min=1, max=300),
                                        metadata={"description": "升为黄牌警告：党组织负责人、直接责任人"})
    circulate_org_ids = fields.List(id_field(), validate=validate.Length(max=200),
                                    metadata={"description": "升为黄牌警告：通报范围（组织）"})


class EventSchema(Schema):
    id = fields.Integer()
    action = fields.String()
    state = fields.String()
    level = fields.String()
    actor_account_id = fields.Integer(allow_none=True)
    note = fields.String(allow_none=True)
    at = fields.DateTime()


class EventListSchema(Schema):
    items = fields.List(fields.Nested(EventSchema))


def body(warning, org_name: str | None = None) -> dict:
    data = row_dict(warning)
    data.update(org_name=org_name or db.session.get(warnings.Organization, warning.org_id).name,
                criterion_text=rules.CRITERIA[warning.criterion], level_text=rules.LEVELS[warning.level],
                calendar_note="该年度无官方节假日数据，按周一至周五计算工作日" if warning.calendar_fallback else None,
                allowed_actions=warnings.allowed_actions(current_principal(), warning, db.session),
                report_parts=rules.report_parts(warning.level))
    return data


@blp.route("/warnings", methods=["POST"])
@blp.arguments(WarningCreateSchema())
@blp.response(201, WarningSchema)
def issue(payload):
    """发出预警（口头告知、函告督办、黄牌警告）"""
    return body(warnings.issue(db.session, current_principal(), **payload))


@blp.route("/warnings", methods=["GET"])
@blp.arguments(WarningQuery(), location="query")
@blp.response(200, WarningListSchema)
def list_warnings(query):
    """管辖范围内的预警，可按组织、方式、状态、情形筛选"""
    principal = current_principal()
    return {"items": [body(w, name) for w, name in warnings.list_warnings(db.session, principal, **query)],
            "can_issue": warnings.issues_warnings(principal)}


@blp.route(f"/warnings/<{ID}:warning_id>", methods=["GET"])
@blp.response(200, WarningSchema)
def get_warning(warning_id):
    """预警详情"""
    return body(warnings.get_warning(db.session, current_principal(), warning_id))


@blp.route(f"/warnings/<{ID}:warning_id>/events", methods=["GET"])
@blp.response(200, EventListSchema)
def events(warning_id):
    """预警的处理经过"""
    return {"items": warnings.history(db.session, current_principal(), warning_id)}


@blp.route(f"/warnings/<{ID}:warning_id>/acknowledge", methods=["POST"])
@blp.response(200, WarningSchema)
def acknowledge(warning_id):
    """被预警组织签收"""
    return body(warnings.acknowledge(db.session, current_principal(), warning_id))


@blp.route(f"/warnings/<{ID}:warning_id>/report", methods=["POST"])
@blp.arguments(ReportSchema())
@blp.response(200, WarningSchema)
def report(payload, warning_id):
    """报送书面检讨或整改情况"""
    parts = {key: payload[key] for key in ("cause", "measures", "plan") if key in payload}
    return body(warnings.report(db.session, current_principal(), warning_id, payload.get("report"), parts))


@blp.route(f"/warnings/<{ID}:warning_id>/lift", methods=["POST"])
@blp.arguments(NoteSchema(), required=False)
@blp.response(200, WarningSchema)
def lift(payload, warning_id):
    """解除预警（上级）"""
    return body(warnings.lift(db.session, current_principal(), warning_id, (payload or {}).get("note")))


@blp.route(f"/warnings/<{ID}:warning_id>/escalate", methods=["POST"])
@blp.arguments(EscalateSchema(), required=False)
@blp.response(200, WarningSchema)
def escalate(payload, warning_id):
    """升级预警：口头告知 → 函告督办 → 黄牌警告（发出预警的党组织作出新的决定）"""
    payload = payload or {}
    return body(warnings.escalate(db.session, current_principal(), warning_id, payload.get("note"),
                                  deadline=payload.get("deadline"), responsible_persons=payload.get("responsible_persons"),
                                  circulate_org_ids=payload.get("circulate_org_ids")))


class TargetSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    level = fields.String()


class TargetQuery(Schema):
    criterion = fields.Integer(required=True, validate=validate.Range(min=1, max=7))


@blp.route("/warning-targets", methods=["GET"])
@blp.arguments(TargetQuery(), location="query")
@blp.response(200, TargetSchema(many=True))
def warning_targets(query):
    """本组织可以对其发出预警的组织（按管理权限和隶属关系，不越级）"""
    return warnings.warning_targets(db.session, current_principal(), query["criterion"])


class IneligibleSchema(Schema):
    org_id = fields.Integer()
    org_name = fields.String()
    warning_id = fields.Integer()
    merit_awards = fields.String(metadata={"description": "评先评优：取消当年度资格"})
    vanguard_series = fields.String(metadata={"description": "先锋模范系列评选：原则上不能参与，或经研究可以参与"})
    vanguard_exception = fields.String(allow_none=True, metadata={"description": "准予参与先锋模范系列评选的理由"})


class ReasonSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=300))


class YearQuery(Schema):
    year = fields.Integer(required=True, validate=validate.Range(min=2000, max=2100))


@blp.route("/award-ineligible", methods=["GET"])
@blp.arguments(YearQuery(), location="query")
@blp.response(200, IneligibleSchema(many=True))
def award_ineligible(query):
    """受到黄牌警告、取消当年评先评优资格的组织"""
    return warnings.award_ineligible(db.session, current_principal(), query["year"])


@blp.route(f"/warnings/<{ID}:warning_id>/vanguard-exception", methods=["POST"])
@blp.arguments(ReasonSchema())
@blp.response(200, WarningSchema)
def vanguard_exception(payload, warning_id):
    """发出黄牌警告的党组织记录准予参与先锋模范系列评选的理由（原则上不能参与）"""
    return body(warnings.record_vanguard_exception(db.session, current_principal(), warning_id, payload["reason"]))


@blp.route(f"/warnings/<{ID}:warning_id>/notice.pdf", methods=["GET"])
@blp.doc(responses=binary_doc("调控预警通知书（函告督办、黄牌警告）"))
def notice_pdf(warning_id):
    """下载编号的调控预警通知书（PDF）"""
    data, name = warning_notice.render(db.session, current_principal(), warning_id)
    return download(data, f"{name}.pdf")


@blp.route(f"/warnings/<{ID}:warning_id>/report-document", methods=["POST"])
@blp.arguments(UploadSchema(), location="files")
@blp.response(200, WarningSchema)
def attach_report_document(files, warning_id):
    """上传书面检讨的附件（PDF、PNG、JPEG，不超过 10 MB；再次上传即替换）"""
    upload = uploaded_file()
    return body(warnings.attach_report_document(db.session, current_principal(), warning_id,
                                                upload.read(documents.MAX_BYTES + 1), upload.filename or ""))


@blp.route(f"/warnings/<{ID}:warning_id>/report-document", methods=["GET"])
@blp.doc(responses=binary_doc("书面检讨附件", "application/pdf", "image/png", "image/jpeg"))
def get_report_document(warning_id):
    """下载书面检讨的附件"""
    name, mimetype, data = warnings.report_document(db.session, current_principal(), warning_id)
    return download(data, name, mimetype)
