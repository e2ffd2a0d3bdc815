"""Roster people and their WeChat bind codes."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.schemas import ID, PageQuery, StrictBoolean, id_field, name_field
from server.domain.eligibility import MASS_CATEGORY_LABELS
from server.domain.vocab import EDUCATIONS, GENDERS, STATUSES
from server.extensions import db
from server.services import auth, people
from server.services.scope import get_person

blp = Blueprint("people", __name__, url_prefix="/api/v1/people", description="人员名册")


class PersonSchema(Schema):
    id = fields.Integer(dump_only=True)
    org_id = id_field(strict=False)
    name = fields.String()
    status = fields.String()
    status_since = fields.Date(allow_none=True)
    gender = fields.String(allow_none=True)
    birth_date = fields.Date(allow_none=True)
    education = fields.String(allow_none=True)
    occupation = fields.String(allow_none=True)
    committee_member = StrictBoolean()
    applied_at = fields.Date(allow_none=True)
    activist_at = fields.Date(allow_none=True)
    target_at = fields.Date(allow_none=True)
    probationary_at = fields.Date(allow_none=True)
    full_member_at = fields.Date(allow_none=True)
    id_card_masked = fields.String(allow_none=True)
    phone_masked = fields.String(allow_none=True)
    wechat_bound = StrictBoolean()
    residence = fields.String(allow_none=True)
    hukou_place = fields.String(allow_none=True)
    is_student = StrictBoolean()
    mass_category = fields.String(allow_none=True)
    missing = fields.List(fields.String(), metadata={"description": "信息不完整时缺少的项目（如身份证号）"})
    record_flags = fields.List(fields.Dict(), metadata={"description": "登记时导入的历史环节中违反规定的（已保留并标记）"})


class PersonPage(Schema):
    items = fields.List(fields.Nested(PersonSchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class _PersonFields(Schema):
    status = fields.String(validate=validate.OneOf(list(STATUSES)))
    gender = fields.String(validate=validate.OneOf(list(GENDERS)), allow_none=True)
    birth_date = fields.Date(allow_none=True)
    applied_at = fields.Date(allow_none=True)
    status_since = fields.Date(allow_none=True)
    committee_member = StrictBoolean()
    education = fields.String(validate=validate.OneOf(EDUCATIONS), allow_none=True)
    occupation = fields.String(validate=validate.Length(max=50), allow_none=True)
    id_card = fields.String(validate=validate.Length(max=18), allow_none=True, load_only=True)
    phone = fields.String(validate=validate.Length(max=11), allow_none=True, load_only=True)
    residence = fields.String(validate=validate.Length(max=100), allow_none=True)
    hukou_place = fields.String(validate=validate.Length(max=100), allow_none=True)
    is_student = StrictBoolean()
    mass_category = fields.String(validate=validate.OneOf(list(MASS_CATEGORY_LABELS)), allow_none=True, metadata={
        "description": "群众代表类别（按所在组织的领域）：" + "、".join(f"{k} {v}" for k, v in MASS_CATEGORY_LABELS.items())})


class PersonCreateSchema(_PersonFields):
    org_id = id_field(required=True)
    name = name_field(max_len=50)
    status = fields.String(required=True, validate=validate.OneOf(list(STATUSES)))
    history = fields.Dict(keys=fields.String(validate=validate.Length(max=30)), values=fields.Date(),
                          validate=validate.Length(max=30),
                          metadata={"description": "系统启用前已完成的环节及日期，如 {\"application_talk\": \"2024-04-01\"}"})


class PersonUpdateSchema(_PersonFields):
    org_id = id_field()
    name = name_field(required=False, max_len=50)
    correction_reason = fields.String(validate=validate.Length(min=2, max=200), load_only=True,
                                      metadata={"description": "手工更正身份时必填（身份通常由表决和审批改变）"})


class PeopleQuery(PageQuery):
    org_id = id_field(strict=False)
    status = fields.String(validate=validate.OneOf(list(STATUSES)))
    q = fields.String(validate=validate.Length(max=50))
    subtree = fields.Boolean(load_default=False)


class BindCodeSchema(Schema):
    code = fields.String(required=True)
    expires_at = fields.DateTime(required=True)


def _dump(person, bound: set[int]) -> dict:
    """The person's attributes plus whether a WeChat is bound (the response schema serializes them)."""
    data = {name: getattr(person, name) for name in PersonSchema().fields if hasattr(person, name)}
    data["wechat_bound"] = person.id in bound
    data["missing"] = people.incomplete(person)
    return data


@blp.route("", methods=["GET"])
@blp.arguments(PeopleQuery(), location="query")
@blp.response(200, PersonPage)
def list_people(query):
    """名册：可按组织、身份、姓名筛选"""
    page, per_page = query.pop("page"), query.pop("per_page")
    items, total = people.list_people(db.session, current_principal(), page=page, per_page=per_page, **query)
    bound = people.bound_person_ids(db.session, [p.id for p in items])
    return {"items": [_dump(p, bound) for p in items], "total": total, "page": page, "per_page": per_page}


@blp.route("", methods=["POST"])
@blp.arguments(PersonCreateSchema())
@blp.response(201, PersonSchema)
def create_person(body):
    """登记人员"""
    org_id = body.pop("org_id")
    person, flags = people.create_person(db.session, current_principal(), org_id, body)
    return {**_dump(person, set()), "record_flags": flags}


@blp.route(f"/<{ID}:person_id>", methods=["GET"])
@blp.response(200, PersonSchema)
def get_one(person_id):
    """人员详情（证件号、手机号脱敏）"""
    person = get_person(db.session, current_principal(), person_id)
    return _dump(person, people.bound_person_ids(db.session, [person.id]))


@blp.route(f"/<{ID}:person_id>", methods=["PATCH"])
@blp.arguments(PersonUpdateSchema(), required=False)
@blp.response(200, PersonSchema)
def update_person(body, person_id):
    """修改人员信息"""
    person = people.update_person(db.session, current_principal(), person_id, body)
    return _dump(person, people.bound_person_ids(db.session, [person.id]))


@blp.route(f"/<{ID}:person_id>", methods=["DELETE"])
@blp.response(204)
def delete_person(person_id):
    """删除人员"""
    people.delete_person(db.session, current_principal(), person_id)


@blp.route(f"/<{ID}:person_id>/bind-code", methods=["POST"])
@blp.response(201, BindCodeSchema)
def create_bind_code(person_id):
    """生成一次性微信绑定码（7 天内有效，只显示一次）"""
    principal = current_principal()
    person = get_person(db.session, principal, person_id, write=True)
    code, expires = auth.create_bind_code(db.session, principal, person)
    return {"code": code, "expires_at": expires}


@blp.route(f"/<{ID}:person_id>/wechat", methods=["DELETE"])
@blp.response(204)
def unbind_wechat(person_id):
    """解除微信绑定"""
    principal = current_principal()
    auth.unbind(db.session, principal, get_person(db.session, principal, person_id, write=True))
