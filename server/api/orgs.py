"""Organizations of the caller's subtree."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.schemas import ID, StrictBoolean, StrictInteger, id_field, name_field
from server.domain.vocab import LEVELS, SECTORS
from server.extensions import db
from server.services import orgs
from server.services.scope import get_org

blp = Blueprint("orgs", __name__, url_prefix="/api/v1/orgs", description="组织")


class OrgSchema(Schema):
    id = fields.Integer(dump_only=True)
    parent_id = fields.Integer(allow_none=True)
    name = fields.String()
    level = fields.String()
    sector = fields.String()
    staff_count = fields.Integer(allow_none=True)
    has_approval_authority = StrictBoolean()


class OrgListSchema(Schema):
    items = fields.List(fields.Nested(OrgSchema))


class OrgCreateSchema(Schema):
    name = name_field()
    parent_id = id_field(required=True)
    level = fields.String(required=True, validate=validate.OneOf(list(LEVELS)))
    sector = fields.String(required=True, validate=validate.OneOf(list(SECTORS)))
    staff_count = StrictInteger(allow_none=True, validate=validate.Range(min=0, max=10_000_000))
    has_approval_authority = StrictBoolean()


class OrgUpdateSchema(Schema):
    name = name_field(required=False)
    parent_id = id_field()
    level = fields.String(validate=validate.OneOf(list(LEVELS)))
    sector = fields.String(validate=validate.OneOf(list(SECTORS)))
    staff_count = StrictInteger(allow_none=True, validate=validate.Range(min=0, max=10_000_000))
    has_approval_authority = StrictBoolean()


@blp.route("", methods=["GET"])
@blp.response(200, OrgListSchema)
def list_orgs():
    """本人管辖范围内的组织（含下级）"""
    return {"items": orgs.list_orgs(db.session, current_principal())}


@blp.route("", methods=["POST"])
@blp.arguments(OrgCreateSchema())
@blp.response(201, OrgSchema)
def create_org(body):
    """新建下级组织"""
    return orgs.create_org(db.session, current_principal(), **body)


@blp.route(f"/<{ID}:org_id>", methods=["GET"])
@blp.response(200, OrgSchema)
def get_one(org_id):
    """组织详情"""
    return get_org(db.session, current_principal(), org_id)


@blp.route(f"/<{ID}:org_id>", methods=["PATCH"])
@blp.arguments(OrgUpdateSchema(), required=False)
@blp.response(200, OrgSchema)
def update_org(body, org_id):
    """修改组织"""
    return orgs.update_org(db.session, current_principal(), org_id, body)


@blp.route(f"/<{ID}:org_id>", methods=["DELETE"])
@blp.response(204)
def delete_org(org_id):
    """删除空组织"""
    orgs.delete_org(db.session, current_principal(), org_id)
