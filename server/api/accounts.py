"""Staff accounts."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.schemas import ID, StrictBoolean, id_field
from server.domain.vocab import ROLES
from server.extensions import db
from server.services import accounts

blp = Blueprint("accounts", __name__, url_prefix="/api/v1/accounts", description="账号")


class AccountSchema(Schema):
    id = fields.Integer(dump_only=True)
    username = fields.String()
    role = fields.String()
    org_id = id_field(strict=False)
    person_id = fields.Integer(allow_none=True)
    active = StrictBoolean()
    admin = StrictBoolean()
    last_login_at = fields.DateTime(allow_none=True)
    must_change_password = StrictBoolean(dump_only=True, metadata={"description": "密码由他人设定，本人尚未修改"})
    manageable = StrictBoolean(dump_only=True, metadata={"description": "当前登录者可重置密码、停用（仅列表中给出）"})


class AccountListSchema(Schema):
    items = fields.List(fields.Nested(AccountSchema))


class AccountCreateSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=100), metadata={
        "description": "3–50 位小写英文字母和数字，可用单个 . _ - @ 连接；大写按小写保存，不区分大小写"})
    password = fields.String(required=True, validate=validate.Length(min=1, max=200), load_only=True)
    role = fields.String(required=True, validate=validate.OneOf(list(ROLES)))
    org_id = id_field(required=True)
    person_id = id_field(allow_none=True)
    admin = StrictBoolean(metadata={"description": "指定为本组织的账号管理员（组织部门工作人员或支部书记）"})


class AccountUpdateSchema(Schema):
    password = fields.String(validate=validate.Length(min=1, max=200), load_only=True)
    role = fields.String(validate=validate.OneOf(list(ROLES)))
    active = StrictBoolean()
    admin = StrictBoolean()


@blp.route("", methods=["GET"])
@blp.response(200, AccountListSchema)
def list_accounts():
    """管辖范围内的账号"""
    return {"items": accounts.list_accounts(db.session, current_principal())}


@blp.route("", methods=["POST"])
@blp.arguments(AccountCreateSchema())
@blp.response(201, AccountSchema)
def create_account(body):
    """创建账号（上级组织部门或本组织的账号管理员；新账号首次登录须修改密码）"""
    return accounts.create_account(db.session, current_principal(), **body)


@blp.route(f"/<{ID}:account_id>", methods=["GET"])
@blp.response(200, AccountSchema)
def get_one(account_id):
    """账号详情"""
    return accounts.get_account(db.session, current_principal(), account_id)


@blp.route(f"/<{ID}:account_id>", methods=["PATCH"])
@blp.arguments(AccountUpdateSchema(), required=False)
@blp.response(200, AccountSchema)
def update_account(body, account_id):
    """重置密码、修改角色或停用（原登录全部失效；重置的密码须由本人登录后修改）"""
    return accounts.update_account(db.session, current_principal(), account_id, body)
