"""Request JSON read strictly: what Python's json would turn into a crash later is a 400 now.

- nesting deeper than MAX_DEPTH (json recurses: thousands of `[` overflow the stack),
- integers longer than MAX_INT_DIGITS (past 4,300 digits int() raises; no id or count needs more than 18),
- floats that are not finite (1e400 is inf; NaN and Infinity are not JSON),
- strings with lone surrogates (\\ud800 decodes, but no database can store it).
"""
from __future__ import annotations

import json
import math

from flask.json.provider import DefaultJSONProvider
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

MAX_DEPTH = 32
MAX_INT_DIGITS = 18


def _invalid(message: str) -> json.JSONDecodeError:
    # webargs reads an error on an empty document as "no body": the document must not be empty.
    return json.JSONDecodeError(message, message, 0)


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _invalid("integer too long")
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _invalid("number out of range")
    return value


def _refuse_constant(_name: str):
    raise _invalid("NaN and Infinity are not JSON")


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise _invalid("lone surrogate in a string") from None


def _check_tree(value) -> None:
    """Depth and strings, walked without recursion."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _check_text(item)
        elif isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise _invalid("nested too deep")
            children = item.items() if isinstance(item, dict) else ((None, v) for v in item)
            for key, child in children:
                if key is not None:
                    _check_text(key)
                stack.append((child, depth + 1))


def strict_loads(data: str | bytes):
    if isinstance(data, bytes | bytearray):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise _invalid("not UTF-8") from None
    try:
        value = json.loads(data, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_refuse_constant)
    except RecursionError:
        raise _invalid("nested too deep") from None
    _check_tree(value)
    return value


class StrictJSONProvider(DefaultJSONProvider):
    """Flask's request.get_json reads through strict_loads (a ValueError there is Flask's 400)."""

    def loads(self, s, **kwargs):
        return strict_loads(s)


class StrictJsonParser(FlaskParser):
    """webargs reads request bodies through strict_loads (a JSONDecodeError there is webargs' 400)."""

    def _raw_load_json(self, req):
        if not is_json_request(req):
            return core.missing
        return strict_loads(req.get_data(cache=True))
