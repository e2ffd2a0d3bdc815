"""The proposals of the nightly criteria scan (调控预警自动研判) and key management (重点管理)."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.schemas import ID, id_field
from server.api.warnings import WarningSchema, body
from server.domain import warnings as warning_rules
from server.extensions import db
from server.services import key_management, warning_proposals

blp = Blueprint("warning_proposals", __name__, url_prefix="/api/v1", description="预警建议与重点管理")


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
    level = fields.String()
    sector = fields.String()
    last_admission = fields.Date(allow_none=True)
    no_admission = fields.Boolean(metadata={"description": "三年以上未发展党员"})
    hard_to_develop = fields.String(allow_none=True, metadata={"description": "县（区）委组织部标注的发展党员难度较大的原因"})
    hard_to_develop_on = fields.Date(allow_none=True)


class KeyTargetSchema(Schema):
    follow_up_id = fields.Integer()
    org_id = fields.Integer()
    org_name = fields.String()
    score = fields.String()
    year = fields.Integer()
    since = fields.Date(allow_none=True, metadata={"description": "双评议结果公布之日，自此列为重点预警对象"})
    accepted = fields.Boolean(metadata={"description": "自查自纠说明是否已验收"})


class HardToDevelopIn(Schema):
    reason = fields.String(allow_none=True, validate=validate.Length(max=300),
                           metadata={"description": "发展党员难度较大的原因；为空即取消标注"})


class HardToDevelopOut(Schema):
    org_id = fields.Integer()
    hard_to_develop = fields.String(allow_none=True)
    hard_to_develop_on = fields.Date(allow_none=True)


class KeyManagementSchema(Schema):
    no_admission = fields.List(fields.Nested(QuietSchema))
    no_admission_total = fields.Integer()
    key_targets = fields.List(fields.Nested(KeyTargetSchema))
    can_mark = fields.Boolean(metadata={"description": "调用者能否标注发展党员难度较大（县级组织部门）"})


class OrgQuery(Schema):
    org_id = id_field(strict=False)


@blp.route("/key-management", methods=["GET"])
@blp.arguments(OrgQuery(), location="query")
@blp.response(200, KeyManagementSchema)
def list_key_management(query):
    """重点管理：三年以上未发展党员或标注为发展党员难度较大的村（社区）、“两新”组织党组织（各级），及双评议低于80分的重点对象"""
    return key_management.key_management(db.session, current_principal(), query.get("org_id"))


@blp.route(f"/orgs/<{ID}:org_id>/hard-to-develop", methods=["PUT"])
@blp.arguments(HardToDevelopIn())
@blp.response(200, HardToDevelopOut)
def mark_hard_to_develop(body, org_id):
    """县（区）委组织部标注（或取消）发展党员难度较大"""
    return key_management.mark_hard_to_develop(db.session, current_principal(), org_id, body.get("reason"))
