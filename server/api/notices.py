"""Notices, the inbox, read receipts, and WeChat subscribe grants."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.schemas import ID, StrictBoolean, id_field, name_field
from server.domain.vocab import ROLES, STATUSES
from server.extensions import db
from server.services import notices, subscriptions

blp = Blueprint("notices", __name__, url_prefix="/api/v1", description="通知、收件箱与阅读回执")


class AudienceSchema(Schema):
    org_ids = fields.List(id_field(), validate=validate.Length(max=200))
    roles = fields.List(fields.String(validate=validate.OneOf(list(ROLES) + list(STATUSES))), validate=validate.Length(max=20))
    person_ids = fields.List(id_field(), validate=validate.Length(max=1000))


class NoticeCreateSchema(Schema):
    title = name_field()
    body = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    audience = fields.Nested(AudienceSchema, required=True)
    read_receipt = StrictBoolean(load_default=False)
    send_at = fields.AwareDateTime(allow_none=True)


class PreviewSchema(Schema):
    audience = fields.Nested(AudienceSchema, required=True)


class CountSchema(Schema):
    recipient_count = fields.Integer()


class NoticeSchema(Schema):
    id = fields.Integer()
    org_id = fields.Integer()
    kind = fields.String()
    ref_id = fields.Integer(allow_none=True)
    title = fields.String()
    body = fields.String()
    audience = fields.Dict()
    read_receipt = fields.Boolean()
    state = fields.String()
    send_at = fields.DateTime(allow_none=True)
    sent_at = fields.DateTime(allow_none=True)
    recipient_count = fields.Integer()
    created_at = fields.DateTime()


class NoticeListSchema(Schema):
    items = fields.List(fields.Nested(NoticeSchema))


class StatsSchema(Schema):
    notice_id = fields.Integer()
    recipients = fields.Integer()
    read = fields.Integer()
    unread = fields.Integer()
    deliveries = fields.Dict()
    state = fields.String()


class UnreadPerson(Schema):
    person_id = fields.Integer()
    name = fields.String()
    org_name = fields.String()


class UnreadListSchema(Schema):
    items = fields.List(fields.Nested(UnreadPerson))


class InboxItem(Schema):
    notice_id = fields.Integer()
    kind = fields.String()
    ref_id = fields.Integer(allow_none=True, metadata={"description": "所指的事：预警消息为预警的 id"})
    title = fields.String()
    body = fields.String()
    sender = fields.String()
    read_receipt = fields.Boolean()
    read = fields.Boolean()
    read_at = fields.DateTime(allow_none=True)
    sent_at = fields.DateTime()


class InboxSchema(Schema):
    items = fields.List(fields.Nested(InboxItem))
    unread = fields.Integer()


class InboxQuery(Schema):
    unread_only = fields.Boolean(load_default=False)


class ReadSchema(Schema):
    notice_id = fields.Integer()
    read = fields.Boolean()
    read_at = fields.DateTime()


class GrantSchema(Schema):
    accepted = fields.List(fields.String(validate=validate.Length(min=1, max=64)), required=True,
                           validate=validate.Length(max=10))


class GrantsSchema(Schema):
    templates = fields.List(fields.Dict())
    grants = fields.Dict()


@blp.route("/notices", methods=["POST"])
@blp.arguments(NoticeCreateSchema())
@blp.response(201, NoticeSchema)
def create_notice(body):
    """发送通知（可要求阅读回执、可定时发送）"""
    return notices.create_notice(db.session, current_principal(), **body)


@blp.route("/notices/preview", methods=["POST"])
@blp.arguments(PreviewSchema())
@blp.response(200, CountSchema)
def preview(body):
    """接收人数预览"""
    return {"recipient_count": notices.preview(db.session, current_principal(), body["audience"])}


@blp.route("/notices", methods=["GET"])
@blp.response(200, NoticeListSchema)
def list_notices():
    """本组织及下级发出的通知"""
    return {"items": notices.list_notices(db.session, current_principal())}


@blp.route(f"/notices/<{ID}:notice_id>", methods=["GET"])
@blp.response(200, NoticeSchema)
def get_notice(notice_id):
    """通知详情"""
    return notices.get_notice(db.session, current_principal(), notice_id)


@blp.route(f"/notices/<{ID}:notice_id>/stats", methods=["GET"])
@blp.response(200, StatsSchema)
def stats(notice_id):
    """阅读与推送统计"""
    return notices.stats(db.session, current_principal(), notice_id)


@blp.route(f"/notices/<{ID}:notice_id>/unread", methods=["GET"])
@blp.response(200, UnreadListSchema)
def unread(notice_id):
    """未读人员"""
    return {"items": notices.unread(db.session, current_principal(), notice_id)}


@blp.route(f"/notices/<{ID}:notice_id>/remind", methods=["POST"])
@blp.response(201, NoticeSchema)
def remind(notice_id):
    """一键提醒未读人员"""
    return notices.remind_unread(db.session, current_principal(), notice_id)


@blp.route("/inbox", methods=["GET"])
@blp.arguments(InboxQuery(), location="query")
@blp.response(200, InboxSchema)
def inbox(query):
    """我的收件箱"""
    items = notices.inbox(db.session, current_principal(), **query)
    return {"items": items, "unread": sum(1 for i in items if not i["read"])}


@blp.route(f"/inbox/<{ID}:notice_id>/read", methods=["POST"])
@blp.response(200, ReadSchema)
def mark_read(notice_id):
    """确认已读"""
    return notices.mark_read(db.session, current_principal(), notice_id)


@blp.route("/wechat/subscriptions", methods=["GET"])
@blp.response(200, GrantsSchema)
def list_grants():
    """订阅消息模板及本人剩余授权次数"""
    return subscriptions.describe(db.session, current_principal())


@blp.route("/wechat/subscriptions", methods=["POST"])
@blp.arguments(GrantSchema())
@blp.response(200, GrantsSchema)
def record_grants(body):
    """记录 wx.requestSubscribeMessage 中用户同意的模板（每次同意可推送一次）"""
    subscriptions.record(db.session, current_principal(), body["accepted"])
    return subscriptions.describe(db.session, current_principal())
