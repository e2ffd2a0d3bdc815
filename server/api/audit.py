"""The audit trail of the caller's subtree."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.schemas import PageQuery, id_field
from server.extensions import db
from server.services import audit

blp = Blueprint("audit", __name__, url_prefix="/api/v1/audit", description="操作记录")


class AuditSchema(Schema):
    id = fields.Integer()
    at = fields.DateTime()
    actor_account_id = fields.Integer(allow_none=True)
    actor_person_id = fields.Integer(allow_none=True)
    action = fields.String()
    target_type = fields.String()
    target_id = fields.Integer(allow_none=True)
    org_id = fields.Integer(allow_none=True)
    details = fields.Dict()
    org_name = fields.String(metadata={"description": "所涉组织"})
    actor = fields.String(metadata={"description": "操作人（姓名，或某组织工作人员）"})


class AuditPage(Schema):
    items = fields.List(fields.Nested(AuditSchema))
    total = fields.Integer()


class AuditQuery(PageQuery):
    org_id = id_field(strict=False)
    target_type = fields.String(validate=validate.Length(max=30))
    target_id = id_field(strict=False)


@blp.route("", methods=["GET"])
@blp.arguments(AuditQuery(), location="query")
@blp.response(200, AuditPage)
def list_entries(query):
    """操作记录（最新在前）"""
    items, total = audit.list_entries(db.session, current_principal(), **query)
    return {"items": items, "total": total}
