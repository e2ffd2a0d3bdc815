"""The working-day calendar: its status, and each new year's official holiday schedule (city staff)."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.schemas import UploadSchema, uploaded_file
from server.api.upload_slots import one_of_few_imports
from server.extensions import db
from server.services import calendar

blp = Blueprint("calendar", __name__, url_prefix="/api/v1", description="工作日历（法定节假日安排）")
YEAR = "<int(min=2004, max=2100):year>"


class ScheduleSchema(Schema):
    holidays = fields.List(fields.Date(), required=True, validate=validate.Length(min=1, max=200),
                           metadata={"description": "放假日期（含周末），YYYY-MM-DD"})
    workdays = fields.List(fields.Date(), load_default=list, validate=validate.Length(max=60),
                           metadata={"description": "调休上班的周末日期"})


class ImportedSchema(Schema):
    year = fields.Integer()
    holidays = fields.Integer()
    workdays = fields.Integer()
    deadlines_recomputed = fields.Integer()


class CalendarStatusSchema(Schema):
    years = fields.List(fields.Dict())
    missing = fields.List(fields.Integer(), metadata={"description": "需要导入官方安排的年度"})
    provisional_deadlines = fields.Integer(metadata={"description": "按周一至周五暂算、尚未确定的期限数"})
    can_import = fields.Boolean(metadata={"description": "调用者可以导入（市委组织部）"})


@blp.route("/calendar", methods=["GET"])
@blp.response(200, CalendarStatusSchema)
def status():
    """工作日历：已有官方安排的年度、需要导入的年度、暂算的期限数"""
    return calendar.status(db.session, current_principal())


@blp.route(f"/calendar/{YEAR}", methods=["PUT"])
@blp.arguments(ScheduleSchema())
@blp.response(200, ImportedSchema)
def put_year(payload, year):
    """导入某年度的官方节假日安排（JSON），并重算该年度暂算的期限"""
    return calendar.import_year(db.session, current_principal(), year, payload["holidays"], payload["workdays"])


@blp.route(f"/calendar/{YEAR}/import", methods=["POST"])
@blp.arguments(UploadSchema(), location="files")
@blp.response(200, ImportedSchema)
@one_of_few_imports
def import_year(files, year):
    """导入某年度的官方节假日安排（.xlsx 或 .csv：日期、类型〔休/班〕两列）"""
    upload = uploaded_file()
    return calendar.import_file(db.session, current_principal(), year, upload.read(), upload.filename or "")
