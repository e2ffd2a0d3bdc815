"""Chinese resident ID numbers (GB 11643-1999) and phone numbers: validation and masking."""
from __future__ import annotations

import re
from datetime import date

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"
_PHONE = re.compile(r"^1[3-9]\d{9}$")


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def normalize_id_card(value: str) -> str:
    return (value or "").strip().upper()


def id_card_error(value: str) -> str | None:
    """Why an 18-character ID number is invalid, in Chinese, or None when it is valid."""
    value = normalize_id_card(value)
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return "身份证号应为 18 位（最后一位可为 X）"
    if id_check_digit(value[:17]) != value[17]:
        return "身份证号校验位不正确"
    try:
        birth_from_id_card(value)
    except ValueError:
        return "身份证号中的出生日期无效"
    return None


def birth_from_id_card(value: str) -> date:
    v = normalize_id_card(value)
    return date(int(v[6:10]), int(v[10:12]), int(v[12:14]))


def gender_from_id_card(value: str) -> str:
    """The 17th digit is odd for men, even for women."""
    return "male" if int(normalize_id_card(value)[16]) % 2 else "female"


def normalize_phone(value: str | None) -> str | None:
    """A mainland mobile number as 11 digits (spaces, dashes and a +86 prefix dropped); None if it is not one."""
    digits = "".join(ch for ch in (value or "") if ch.isdigit() and ch.isascii())
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return digits if _PHONE.match(digits) else None


def phone_error(value: str) -> str | None:
    if not _PHONE.match((value or "").strip()):
        return "手机号应为 11 位中国大陆手机号"
    return None


def mask_id_card(value: str) -> str:
    """Keep the first 6 and last 4 characters: 450103********123X."""
    v = normalize_id_card(value)
    return v[:6] + "*" * (len(v) - 10) + v[-4:] if len(v) > 10 else "*" * len(v)


def mask_phone(value: str) -> str:
    """Keep the first 3 and last 4 digits: 138****5678."""
    v = (value or "").strip()
    return v[:3] + "****" + v[-4:] if len(v) >= 7 else "*" * len(v)
