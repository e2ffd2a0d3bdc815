"""五公示 and 六部门审查: the staff's side, and the public pages (no account) for objections and department replies."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.failed_attempts import public_reads, spend
from server.api.schemas import ID, binary_doc, download, id_field
from server.domain import publicity as publicity_rules
from server.domain import review as review_rules
from server.extensions import db, limiter
from server.services import public_pdfs, publicities, reviews

blp = Blueprint("publicity", __name__, url_prefix="/api/v1", description="五公示与六部门审查")
public_blp = Blueprint("public", __name__, url_prefix="/api/v1/public", description="公示与部门答复（公开页面，无需登录）")
TOKEN = "string(minlength=20, maxlength=64)"
RECEIPT = "string(minlength=4, maxlength=40)"


def _pdf(data: bytes, name: str):
    return download(data, f"{name}.pdf")


PDF_DOC = binary_doc("PDF")


class PublicityCreateSchema(Schema):
    person_id = id_field(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(list(publicity_rules.KINDS)))
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    work_record = fields.String(validate=validate.Length(max=publicities.WORK_RECORD_MAX))


class PublicitySchema(Schema):
    id = fields.Integer()
    person_id = fields.Integer()
    kind = fields.String()
    label = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()
    open = fields.Boolean()
    ended = fields.Boolean()
    token = fields.String()
    public_url = fields.String()
    pdf = fields.String()
    objections = fields.Integer()
    unanswered = fields.Integer()


class PublicityListSchema(Schema):
    items = fields.List(fields.Nested(PublicitySchema))


class ObjectionSchema(Schema):
    id = fields.Integer()
    text = fields.String()
    contact = fields.String(allow_none=True)
    state = fields.String()
    conclusion = fields.String(allow_none=True)
    finding = fields.String(allow_none=True)
    decision = fields.String(allow_none=True)
    decision_note = fields.String(allow_none=True)
    received_at = fields.DateTime()
    answered_at = fields.DateTime(allow_none=True)


class ObjectionListSchema(Schema):
    items = fields.List(fields.Nested(ObjectionSchema))


class AnswerSchema(Schema):
    conclusion = fields.String(required=True, validate=validate.OneOf(list(publicity_rules.CONCLUSIONS)))
    finding = fields.String(required=True, validate=validate.Length(min=1, max=publicity_rules.OBJECTION_MAX_CHARS))


class DecisionSchema(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(list(publicity_rules.DECISIONS)))
    note = fields.String(required=True, validate=validate.Length(min=1, max=1000))


class DecisionResultSchema(Schema):
    id = fields.Integer()
    state = fields.String()
    conclusion = fields.String()
    decision = fields.String()


class ReviewCreateSchema(Schema):
    extra_departments = fields.List(fields.String(validate=validate.Length(max=30)), required=True,
                                    validate=validate.Length(max=5))
    requested_on = fields.Date(metadata={"description": "补录纸质征求意见函时的发函日期（默认今天）"})


class DepartmentSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    state = fields.String()
    opinion = fields.String(allow_none=True)
    text = fields.String(allow_none=True)
    replied_on = fields.Date(allow_none=True)
    replied_via = fields.String(allow_none=True)
    expires_on = fields.Date()
    reply_url = fields.String(allow_none=True)
    letter_pdf = fields.String()


class ReviewSchema(Schema):
    id = fields.Integer()
    person_id = fields.Integer()
    requested_on = fields.Date()
    decision = fields.String(allow_none=True)
    decision_note = fields.String(allow_none=True)
    departments = fields.List(fields.Nested(DepartmentSchema))


class PersonReviewSchema(Schema):
    review = fields.Nested(ReviewSchema, allow_none=True)
    fixed_departments = fields.List(fields.String())
    extra_options = fields.List(fields.String())


class HandReplySchema(Schema):
    replied_on = fields.Date(required=True)
    opinion = fields.String(required=True, validate=validate.OneOf(list(review_rules.OPINIONS)))
    text = fields.String(validate=validate.Length(max=reviews.TEXT_MAX))


class ReviewDecisionSchema(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(list(review_rules.DECISIONS)))
    note = fields.String(required=True, validate=validate.Length(min=1, max=1000))


# --- staff ------------------------------------------------------------------------------------------------

@blp.route("/publicities", methods=["POST"])
@blp.arguments(PublicityCreateSchema())
@blp.response(201, PublicitySchema)
def create_publicity(body):
    """开始公示（类型须为纪实当前所处的公示；不少于 5 天，含首尾；可补录纸质公示）"""
    return publicities.start(db.session, current_principal(), **body)


@blp.route(f"/people/<{ID}:person_id>/publicities", methods=["GET"])
@blp.response(200, PublicityListSchema)
def person_publicities(person_id):
    """人员的公示"""
    return {"items": publicities.list_for_person(db.session, current_principal(), person_id)}


@blp.route(f"/publicities/<{ID}:publicity_id>/objections", methods=["GET"])
@blp.response(200, ObjectionListSchema)
def objections(publicity_id):
    """公示期间收到的意见"""
    return {"items": publicities.list_objections(db.session, current_principal(), publicity_id)}


@blp.route(f"/publicities/<{ID}:publicity_id>/notice.pdf", methods=["GET"])
@blp.doc(responses=PDF_DOC)
def publicity_notice(publicity_id):
    """打印公示（A4，含扫码提意见的二维码）"""
    return _pdf(*public_pdfs.publicity_notice(db.session, current_principal(), publicity_id))


@blp.route(f"/objections/<{ID}:objection_id>/answer", methods=["POST"])
@blp.arguments(AnswerSchema())
@blp.response(200, DecisionResultSchema)
def answer_objection(body, objection_id):
    """答复意见：不属实 / 属实（属实的须由上级党委研究决定）"""
    return publicities.answer(db.session, current_principal(), objection_id, body["conclusion"], body["finding"])


@blp.route(f"/objections/<{ID}:objection_id>/decision", methods=["POST"])
@blp.arguments(DecisionSchema())
@blp.response(200, DecisionResultSchema)
def decide_objection(body, objection_id):
    """上级党委对属实意见的决定：继续或终止发展程序"""
    return publicities.decide(db.session, current_principal(), objection_id, body["decision"], body["note"])


@blp.route(f"/people/<{ID}:person_id>/review", methods=["POST"])
@blp.arguments(ReviewCreateSchema())
@blp.response(201, ReviewSchema)
def request_review(body, person_id):
    """征求六部门意见：纪委、公安、计生（卫健）、信访，另从本领域部门中选 2 个"""
    return reviews.request_review(db.session, current_principal(), person_id, body["extra_departments"],
                                  body.get("requested_on"))


@blp.route(f"/people/<{ID}:person_id>/review", methods=["GET"])
@blp.response(200, PersonReviewSchema)
def person_review(person_id):
    """人员的六部门审查，以及可另选的部门"""
    return reviews.for_person_with_options(db.session, current_principal(), person_id)


@blp.route(f"/reviews/<{ID}:review_id>/departments/<{ID}:department_id>/reply", methods=["POST"])
@blp.arguments(HandReplySchema())
@blp.response(200, ReviewSchema)
def reply_by_hand(body, review_id, department_id):
    """录入部门的书面回复"""
    return reviews.reply_by_hand(db.session, current_principal(), review_id, department_id, body["replied_on"],
                                 body["opinion"], body.get("text"))


@blp.route(f"/reviews/<{ID}:review_id>/decision", methods=["POST"])
@blp.arguments(ReviewDecisionSchema())
@blp.response(200, ReviewSchema)
def decide_review(body, review_id):
    """部门提出不同意见后，上级党委的决定"""
    return reviews.decide(db.session, current_principal(), review_id, body["decision"], body["note"])


@blp.route(f"/reviews/<{ID}:review_id>/departments/<{ID}:department_id>/letter.pdf", methods=["GET"])
@blp.doc(responses=PDF_DOC)
def review_letter(review_id, department_id):
    """打印征求意见函（含答复二维码）"""
    return _pdf(*public_pdfs.review_letter(db.session, current_principal(), review_id, department_id))


# --- the public (no account) ------------------------------------------------------------------------------

class PublicPersonSchema(Schema):
    name = fields.String()
    gender = fields.String()
    birth = fields.String()
    education = fields.String()
    occupation = fields.String()
    stages = fields.List(fields.Dict())
    training = fields.String()
    work_record = fields.String()
    recommended = fields.Boolean()


class PublicPublicitySchema(Schema):
    kind = fields.String()
    kind_label = fields.String()
    org_name = fields.String()
    place = fields.String()
    person = fields.Nested(PublicPersonSchema)
    starts_on = fields.Date()
    ends_on = fields.Date()
    open = fields.Boolean()
    ended = fields.Boolean()


class ObjectionCreateSchema(Schema):
    text = fields.String(required=True, validate=validate.Length(min=1, max=publicity_rules.OBJECTION_MAX_CHARS))
    contact = fields.String(validate=validate.Length(max=publicities.CONTACT_MAX))


class ObjectionReceiptSchema(Schema):
    receipt = fields.String()
    received_at = fields.DateTime()


class ReceiptStateSchema(Schema):
    state = fields.String()
    answered = fields.Boolean()
    answered_on = fields.Date(allow_none=True)


class PublicRequestSchema(Schema):
    department = fields.String()
    committee = fields.String()
    org_name = fields.String()
    name = fields.String()
    gender = fields.String()
    birth = fields.String()
    residence = fields.String()
    requested_on = fields.Date()
    expires_on = fields.Date()


class PublicReplySchema(Schema):
    opinion = fields.String(required=True, validate=validate.OneOf(list(review_rules.OPINIONS)))
    text = fields.String(validate=validate.Length(max=reviews.TEXT_MAX))


class PublicReplyResultSchema(Schema):
    department = fields.String()
    state = fields.String()


@public_blp.route(f"/publicities/<{TOKEN}:token>", methods=["GET"])
@limiter.limit(public_reads, scope="public-read")
@public_blp.response(200, PublicPublicitySchema)
@public_blp.doc(security=[])
def public_publicity(token):
    """公示内容（扫码打开；不含身份证号、手机号）"""
    return publicities.public_view(db.session, token)


@public_blp.route(f"/publicities/<{TOKEN}:token>/objections", methods=["POST"])
@public_blp.arguments(ObjectionCreateSchema())
@public_blp.response(201, ObjectionReceiptSchema)
@public_blp.doc(security=[])
def public_objection(body, token):
    """提交意见或反映问题（公示期内；可留联系方式；返回回执码）"""
    row = publicities.open_for_objections(db.session, token)  # the period first, then the limits
    spend("objections_per_client", "objection-client")
    spend("objections_per_publicity", "objection-publicity", str(row.id))
    return publicities.object_to(db.session, row, body["text"], body.get("contact"))


@public_blp.route(f"/publicities/<{TOKEN}:token>/receipts/<{RECEIPT}:receipt>", methods=["GET"])
@limiter.limit(public_reads, scope="public-read")
@public_blp.response(200, ReceiptStateSchema)
@public_blp.doc(security=[])
def public_receipt(token, receipt):
    """凭回执码查询意见是否已答复"""
    return publicities.receipt_state(db.session, token, receipt)


@public_blp.route(f"/reviews/<{TOKEN}:token>", methods=["GET"])
@limiter.limit(public_reads, scope="public-read")
@public_blp.response(200, PublicRequestSchema)
@public_blp.doc(security=[])
def public_review(token):
    """部门答复页：征求意见的对象"""
    return reviews.public_request(db.session, token)


@public_blp.route(f"/reviews/<{TOKEN}:token>/reply", methods=["POST"])
@public_blp.arguments(PublicReplySchema())
@public_blp.response(201, PublicReplyResultSchema)
@public_blp.doc(security=[])
def public_review_reply(body, token):
    """部门答复（无需注册；链接仅可使用一次，过期失效）"""
    spend("replies_per_client", "review-reply")
    return reviews.public_reply(db.session, token, body["opinion"], body.get("text"))
