"""发展党员工作季报: generate, submit, review or return; the quarter's 情况通报."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.schemas import ID, StrictInteger, id_field
from server.extensions import db
from server.services import quarterly_reports

blp = Blueprint("quarterly", __name__, url_prefix="/api/v1", description="发展党员工作季报与情况通报")


class QuarterlyQuarterSchema(Schema):
    year = StrictInteger(required=True, validate=validate.Range(min=2000, max=2100))
    quarter = StrictInteger(required=True, validate=validate.Range(min=1, max=4))


class QuarterlyGenerateSchema(QuarterlyQuarterSchema):
    org_id = id_field()


class QuarterlyQuery(Schema):
    year = fields.Integer(required=True, validate=validate.Range(min=2000, max=2100))
    quarter = fields.Integer(required=True, validate=validate.Range(min=1, max=4))


class QuarterlyReportSchema(Schema):
    id = fields.Integer()
    org_id = fields.Integer()
    org_name = fields.String()
    to_org_id = fields.Integer()
    to_org_name = fields.String()
    year = fields.Integer()
    quarter = fields.Integer()
    figures = fields.Dict()
    comment = fields.String(allow_none=True)
    state = fields.String()
    state_text = fields.String()
    due_on = fields.Date()
    overdue = fields.Boolean()
    submitted_at = fields.DateTime(allow_none=True)
    review_comment = fields.String(allow_none=True)
    reviewed_at = fields.DateTime(allow_none=True)


class QuarterlyReportListSchema(Schema):
    mine = fields.Nested(QuarterlyReportSchema, allow_none=True)
    received = fields.List(fields.Nested(QuarterlyReportSchema))
    due_on = fields.Date()


class QuarterlySubmitSchema(Schema):
    comment = fields.String(required=True, validate=validate.Length(min=2, max=5000))


class QuarterlyReviewSchema(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(["review", "return"]),
                             metadata={"description": "review 审阅 / return 退回"})
    comment = fields.String(validate=validate.Length(max=2000))


class QuarterlyCircularSchema(QuarterlyQuarterSchema):
    title = fields.String(required=True, validate=validate.Length(min=2, max=100))
    body = fields.String(required=True, validate=validate.Length(min=2, max=5000))
    org_ids = fields.List(id_field(), required=True, validate=validate.Length(min=1, max=200))


class QuarterlyCircularResult(Schema):
    notice_id = fields.Integer()


@blp.route("/quarterly-reports", methods=["GET"])
@blp.arguments(QuarterlyQuery(), location="query")
@blp.response(200, QuarterlyReportListSchema)
def list_reports(query):
    """本单位的季报和收到的下级季报"""
    return quarterly_reports.list_reports(db.session, current_principal(), year=query["year"], quarter=query["quarter"])


@blp.route("/quarterly-reports", methods=["POST"])
@blp.arguments(QuarterlyGenerateSchema())
@blp.response(201, QuarterlyReportSchema)
def generate(payload):
    """按统计数据生成（或刷新未报送的）季报"""
    return quarterly_reports.generate(db.session, current_principal(), org_id=payload.get("org_id"),
                                      year=payload["year"], quarter=payload["quarter"])


@blp.route(f"/quarterly-reports/<{ID}:quarterly_id>/submit", methods=["POST"])
@blp.arguments(QuarterlySubmitSchema())
@blp.response(200, QuarterlyReportSchema)
def submit(payload, quarterly_id):
    """填写说明后报送上级"""
    return quarterly_reports.submit(db.session, current_principal(), quarterly_id, payload["comment"])


@blp.route(f"/quarterly-reports/<{ID}:quarterly_id>/review", methods=["POST"])
@blp.arguments(QuarterlyReviewSchema())
@blp.response(200, QuarterlyReportSchema)
def review(payload, quarterly_id):
    """接收单位审阅或退回"""
    return quarterly_reports.review(db.session, current_principal(), quarterly_id, payload["decision"], payload.get("comment"))


@blp.route("/quarterly-circulars", methods=["POST"])
@blp.arguments(QuarterlyCircularSchema())
@blp.response(201, QuarterlyCircularResult)
def circulate(payload):
    """季度情况通报：发给选定范围"""
    notice_id = quarterly_reports.circulate(db.session, current_principal(), year=payload["year"], quarter=payload["quarter"],
                                            title=payload["title"], body=payload["body"], org_ids=payload["org_ids"])
    return {"notice_id": notice_id}
