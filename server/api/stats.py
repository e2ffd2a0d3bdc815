"""Statistics of development work: plan completion and deviation, the process, structure, warnings and 双评议, drilled down the tree."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.plans import PlanQuery
from server.api.schemas import binary_doc, download
from server.extensions import db
from server.services import stats

blp = Blueprint("stats", __name__, url_prefix="/api/v1", description="统计")


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    accountability = fields.Dict(metadata={
        "description": "期间内的责任追究：criticism 批评教育、organizational 组织处置、disciplinary 党纪处分"})
    satisfaction = fields.Dict()
    children = fields.List(fields.Nested(DevelopmentStatsRowSchema))


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
