"""marshmallow defaults for this API, applied once at import: Chinese validation messages (the built-in
ones are English), refusing control characters in text (PostgreSQL cannot store NUL, spreadsheets
and WeChat messages refuse the rest; tab and line breaks stay allowed), and dates between 1900 and 2100
(0001-01-01 or 9999-12-31 overflow the arithmetic of terms, deadlines and China time)."""
from __future__ import annotations

import re

from marshmallow import Schema, fields, validate

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

FIELD_MESSAGES = {
    fields.Field: {"required": "必填", "null": "不能为空", "validator_failed": "取值无效"},
    fields.String: {"invalid": "应为文本", "nul": "不能包含控制字符"},
    fields.Integer: {"invalid": "应为整数"},
    fields.Number: {"invalid": "应为数字", "too_large": "数字过大"},
    fields.Boolean: {"invalid": "应为 true 或 false"},
    fields.Date: {"invalid": "应为日期（YYYY-MM-DD）", "format": "无法按日期格式输出",
                  "out_of_range": "日期应在 1900 年至 2100 年之间"},
    fields.DateTime: {"invalid": "应为日期时间（ISO 8601）", "invalid_awareness": "日期时间的时区信息不符合要求",
                      "out_of_range": "日期应在 1900 年至 2100 年之间"},
    fields.List: {"invalid": "应为数组"},
    fields.Dict: {"invalid": "应为对象"},
    fields.Nested: {"type": "应为对象"},
    fields.Url: {"invalid": "应为有效的网址"},
    fields.Email: {"invalid": "应为有效的电子邮箱"},
}


def _refuse_nul(deserialize):
    def wrapper(self, value, attr, data, **kwargs):
        result = deserialize(self, value, attr, data, **kwargs)
        if isinstance(result, str) and _CONTROL.search(result):
            raise self.make_error("nul")
        return result

    return wrapper


YEARS = (1900, 2100)


def _within_years(deserialize):
    def wrapper(self, value, attr, data, **kwargs):
        result = deserialize(self, value, attr, data, **kwargs)
        if result is not None and not YEARS[0] <= result.year <= YEARS[1]:
            raise self.make_error("out_of_range")
        return result

    return wrapper


def apply() -> None:
    for cls in (fields.Date, fields.DateTime):
        if not cls.__dict__.get("_within_years", False):
            cls._deserialize = _within_years(cls._deserialize)
            cls._within_years = True
    if not getattr(fields.String, "_refuses_nul", False):
        fields.String._deserialize = _refuse_nul(fields.String._deserialize)
        fields.String._refuses_nul = True
    for cls, messages in FIELD_MESSAGES.items():
        cls.default_error_messages = {**getattr(cls, "default_error_messages", {}), **messages}
    Schema._default_error_messages = {"type": "应为 JSON 对象", "unknown": "不允许的字段"}
    validate.Length.message_min = "长度不能少于 {min}"
    validate.Length.message_max = "长度不能超过 {max}"
    validate.Length.message_all = "长度应在 {min} 到 {max} 之间"
    validate.Length.message_equal = "长度应为 {equal}"
    validate.Range.message_min = "应{min_op} {{min}}"
    validate.Range.message_max = "应{max_op} {{max}}"
    validate.Range.message_all = "应{min_op} {{min}} 且{max_op} {{max}}"
    validate.Range.message_gte, validate.Range.message_gt = "大于等于", "大于"
    validate.Range.message_lte, validate.Range.message_lt = "小于等于", "小于"
    validate.OneOf.default_message = "应为以下之一：{choices}"
    validate.Regexp.default_message = "格式不正确"
    validate.URL.default_message = "应为有效的网址"


apply()
