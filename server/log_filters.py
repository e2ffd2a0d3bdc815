"""Keep credentials out of access logs: one-time codes, join tokens and receipts travel in query strings."""
from __future__ import annotations

import logging
import re

_CREDENTIAL = re.compile(r"\b(code|join|receipt|bind_code)=([^&\s\"']+)", re.IGNORECASE)


def mask(text: str) -> str:
    return _CREDENTIAL.sub(lambda m: f"{m.group(1)}=***", text)


class MaskCredentials(logging.Filter):
    """Rewrite a record's message so `?code=…` and its kin show as `***`."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def install() -> None:
    for name in ("werkzeug", "gunicorn.access"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, MaskCredentials) for f in logger.filters):
            logger.addFilter(MaskCredentials())
