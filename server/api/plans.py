"""Annual plans of development work (年度发展党员计划): saving and confirming them."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.schemas import ID, StrictInteger, id_field
from server.domain import plans as plan_rules
from server.extensions import db
from server.services import plans

blp = Blueprint("plans", __name__, url_prefix="/api/v1", description="年度计划")


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
