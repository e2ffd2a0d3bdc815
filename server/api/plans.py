"""Annual plans, statistics and the proposals of the nightly criteria scan (调控预警自动研判)."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.schemas import ID, StrictInteger, binary_doc, download, id_field
from server.api.warnings import WarningSchema, body
from server.domain import plans as plan_rules
from server.domain import warnings as warning_rules
from server.extensions import db
from server.services import plans, stats, warning_proposals

blp = Blueprint("plans", __name__, url_prefix="/api/v1", description="年度计划、统计与预警建议")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TargetsSchema(Schema):
    women_pct = fields.Float(validate=validate.Range(min=0, max=100))
    young_pct = fields.Float(validate=validate.Range(min=0, max=100))
    college_pct = fields.Float(validate=validate.Range(min=0, max=100))
    frontline_pct = fields.Float(validate=validate.Range(min=0, max=100))
    rural_young_min = StrictInteger(validate=validate.Range(min=0, max=1000))


class PlanInSchema(Schema):
    org_id = id_field(required=True)
    year = StrictInteger(required=True, validate=validate.Range(min=2000, max=2100))
    planned_admissions = StrictInteger(required=True, validate=validate.Range(min=0, max=100000))
    planned_activists = StrictInteger(allow_none=True, validate=validate.Range(min=0, max=100000))
    targets = fields.Nested(TargetsSchema, load_default=dict)


class PlanSchema(Schema):
    id = fields.Integer()
    org_id = fields.Integer()
    org_name = fields.String()
    year = fields.Integer()
    planned_admissions = fields.Integer()
    planned_activists = fields.Integer(allow_none=True)
    targets = fields.Dict()
    state = fields.String(metadata={"enum": list(plan_rules.STATES)})
    state_text = fields.String()
    made_by_org_id = fields.Integer()
    confirmed_at = fields.DateTime(allow_none=True)


class PlanQuery(Schema):
    org_id = id_field(strict=False)
    year = fields.Integer(required=True, validate=validate.Range(min=2000, max=2100))


class DevelopmentStatsQuery(PlanQuery):
    quarter = fields.Integer(validate=validate.Range(min=1, max=4))


class DevelopmentStatsRowSchema(Schema):
    org_id = fields.Integer()
    org_name = fields.String()
    level = fields.String()
    planned_admissions = fields.Integer(allow_none=True)
    admitted = fields.Integer()
    deviation_pct = fields.Float(allow_none=True)
    off_plan = fields.Boolean()
    activists = fields.Integer()
    flow = fields.Dict(metadata={"description": "期间内：入党申请、确定积极分子、确定发展对象、发展党员、转正人数"})
    structure = fields.Dict(metadata={"description": "期间内发展党员的结构：人数和占比"})


class DevelopmentStatsSchema(DevelopmentStatsRowSchema):
    year = fields.Integer()
    quarter = fields.Integer(allow_none=True)
    period_start = fields.Date()
    period_end = fields.Date()
    warnings = fields.Dict()
    satisfaction = fields.Dict()
    children = fields.List(fields.Nested(DevelopmentStatsRowSchema))


class ProposalSchema(Schema):
    id = fields.Integer()
    org_id = fields.Integer()
    org_name = fields.String()
    criterion = fields.Integer()
    criterion_text = fields.String()
    year = fields.Integer()
    suggested_level = fields.String()
    suggested_level_text = fields.String()
    facts = fields.String()
    issuer_org_id = fields.Integer()
    issuer_name = fields.String()
    state = fields.String()
    state_text = fields.String()
    reason = fields.String(allow_none=True)
    warning_id = fields.Integer(allow_none=True)
    found_on = fields.Date()


class ProposalQuery(Schema):
    org_id = id_field(strict=False)
    state = fields.String(load_default="pending", validate=validate.OneOf(["pending", "issued", "dismissed", "all"]))


class ProposalIssueSchema(Schema):
    level = fields.String(required=True, validate=validate.OneOf(list(warning_rules.LEVELS)))
    deadline = fields.Date(allow_none=True)
    told_how = fields.String(validate=validate.OneOf(list(warning_rules.TOLD_HOW)))
    told_to = fields.String(validate=validate.Length(min=1, max=100))
    facts = fields.String(validate=validate.Length(min=2, max=5000))
    responsible_persons = fields.String(validate=validate.Length(min=1, max=300))
    circulate_org_ids = fields.List(id_field(), validate=validate.Length(max=200))


class DismissSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=2, max=1000))


@blp.route("/plans", methods=["POST"])
@blp.arguments(PlanInSchema())
@blp.response(201, PlanSchema)
def save_plan(payload):
    """制定或修改年度发展党员计划（修改已确认的计划需重新确认）"""
    return plans.save_plan(db.session, current_principal(), **payload)


@blp.route("/plans", methods=["GET"])
@blp.arguments(PlanQuery(), location="query")
@blp.response(200, PlanSchema(many=True))
def list_plans(query):
    """本组织及直属组织的年度计划"""
    return plans.list_plans(db.session, current_principal(), org_id=query.get("org_id"), year=query["year"])


@blp.route(f"/plans/<{ID}:plan_id>/confirm", methods=["POST"])
@blp.response(200, PlanSchema)
def confirm_plan(plan_id):
    """上级确认年度计划"""
    return plans.confirm_plan(db.session, current_principal(), plan_id)


@blp.route("/stats", methods=["GET"])
@blp.arguments(DevelopmentStatsQuery(), location="query")
@blp.response(200, DevelopmentStatsSchema)
def get_stats(query):
    """统计：计划完成与偏差、发展流程、结构、预警、双评议，含直属组织（逐级下钻）"""
    return stats.stats(db.session, current_principal(), org_id=query.get("org_id"), year=query["year"],
                       quarter=query.get("quarter"))


@blp.route("/stats/export.xlsx", methods=["GET"])
@blp.arguments(DevelopmentStatsQuery(), location="query")
@blp.doc(responses=binary_doc("季报格式的统计表", XLSX_MIME))
def export_stats(query):
    """按季报格式导出统计表（.xlsx）"""
    data, title = stats.export_xlsx(db.session, current_principal(), org_id=query.get("org_id"), year=query["year"],
                                    quarter=query.get("quarter"))
    return download(data, f"{title}.xlsx", XLSX_MIME, inline=False)


@blp.route("/warning-proposals", methods=["GET"])
@blp.arguments(ProposalQuery(), location="query")
@blp.response(200, ProposalSchema(many=True))
def list_proposals(query):
    """每晚研判情形 1–5 产生的预警建议（目标在该组织或其下级；最多 500 条）"""
    return warning_proposals.list_proposals(db.session, current_principal(), org_id=query.get("org_id"),
                                            state=query["state"])


@blp.route(f"/warning-proposals/<{ID}:proposal_id>/issue", methods=["POST"])
@blp.arguments(ProposalIssueSchema())
@blp.response(201, WarningSchema)
def issue_proposal(payload, proposal_id):
    """按建议发出预警（选择方式并规定整改期限）"""
    return body(warning_proposals.issue(db.session, current_principal(), proposal_id, **payload))


@blp.route(f"/warning-proposals/<{ID}:proposal_id>/dismiss", methods=["POST"])
@blp.arguments(DismissSchema())
@blp.response(200, ProposalSchema)
def dismiss_proposal(payload, proposal_id):
    """不予预警（特殊情况，须说明理由；当年该情形不再提出）"""
    return warning_proposals.dismiss(db.session, current_principal(), proposal_id, payload["reason"])


class QuietSchema(Schema):
    org_id = fields.Integer()
    org_name = fields.String()
    sector = fields.String()
    last_admission = fields.Date(allow_none=True)


class KeyTargetSchema(Schema):
    follow_up_id = fields.Integer()
    org_id = fields.Integer()
    org_name = fields.String()
    score = fields.String()
    year = fields.Integer()


class KeyManagementSchema(Schema):
    no_admission = fields.List(fields.Nested(QuietSchema))
    no_admission_total = fields.Integer()
    key_targets = fields.List(fields.Nested(KeyTargetSchema))


class OrgQuery(Schema):
    org_id = id_field(strict=False)


@blp.route("/key-management", methods=["GET"])
@blp.arguments(OrgQuery(), location="query")
@blp.response(200, KeyManagementSchema)
def key_management(query):
    """重点管理：三年以上未发展党员的村（社区）、“两新”组织党支部，及双评议低于80分的重点对象"""
    return warning_proposals.key_management(db.session, current_principal(), query.get("org_id"))
