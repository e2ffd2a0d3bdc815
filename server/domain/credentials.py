"""Voting credentials: the rotating join token of the meeting screen, one-time codes, and receipts.

The join token is HMAC-signed and names a 30-second window, so a photo of the screen soon stops working;
the previous window stays valid as a grace period.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

ROTATION_SECONDS = 30
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: codes are typed by hand
CODE_RANDOM_CHARS = 17                       # 31**17 ≈ 2**84 ≥ 80 bits
GROUP_PREFIX = {"member": "M", "mass": "Q"}  # 党员 / 群众: the code says which group it votes in
PREFIX_GROUP = {v: k for k, v in GROUP_PREFIX.items()}


class JoinTokenError(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "invalid" or "expired"


def window_at(timestamp: float) -> int:
    return int(timestamp // ROTATION_SECONDS)


def _mac(key: bytes, session_id: int, window: int) -> str:
    return hmac.new(key, f"join:{session_id}:{window}".encode(), hashlib.sha256).hexdigest()[:20]


def join_token(key: bytes, session_id: int, timestamp: float) -> tuple[str, float]:
    """The token for the current window and when it stops being the current one."""
    window = window_at(timestamp)
    return f"{session_id}.{window}.{_mac(key, session_id, window)}", (window + 1) * ROTATION_SECONDS


SCENE_MAC_CHARS = 12  # a mini-program code's scene holds 32 characters: 48 bits of MAC for a 60-second token


def scene_token(key: bytes, session_id: int, timestamp: float) -> tuple[str, float]:
    """The join token in the short form that fits a mini-program code's `scene`, and when it stops being current."""
    token, expires = join_token(key, session_id, timestamp)
    return token[: len(token) - 20 + SCENE_MAC_CHARS], expires


def read_join_token(key: bytes, token: str, timestamp: float, *, any_window: bool = False) -> int:
    """The session id of a valid token (full, or the short scene form) of the current or previous window."""
    try:
        sid_text, window_text, mac = token.split(".")
        session_id, window = int(sid_text), int(window_text)
    except (AttributeError, ValueError):
        raise JoinTokenError("invalid") from None
    if len(mac) not in (20, SCENE_MAC_CHARS) or not hmac.compare_digest(mac, _mac(key, session_id, window)[: len(mac)]):
        raise JoinTokenError("invalid")
    now = window_at(timestamp)
    if not any_window and not (now - 1 <= window <= now):
        raise JoinTokenError("expired")
    return session_id


BALLOT_TICKET_SECONDS = 15 * 60


def _ticket_mac(key: bytes, session_id: int, person_id: int, expires: int) -> str:
    return hmac.new(key, f"ticket:{session_id}:{person_id}:{expires}".encode(), hashlib.sha256).hexdigest()[:24]


def ballot_ticket(key: bytes, session_id: int, person_id: int, timestamp: float) -> str:
    """What a scanned join token is exchanged for with the ballot form: it names the member and lasts
    15 minutes, so filling in the ballot may outlast the screen's rotation; it is no use to anyone else."""
    expires = int(timestamp) + BALLOT_TICKET_SECONDS
    return f"{session_id}.p{person_id}.{expires}.{_ticket_mac(key, session_id, person_id, expires)}"


def is_ballot_ticket(token: str) -> bool:
    return token.count(".") == 3


def read_ballot_ticket(key: bytes, token: str, person_id: int, timestamp: float) -> int:
    """The session id of a ticket issued to `person_id` that has not expired."""
    try:
        sid_text, person_text, expires_text, mac = token.split(".")
        session_id, ticket_person, expires = int(sid_text), int(person_text.removeprefix("p")), int(expires_text)
    except (AttributeError, ValueError):
        raise JoinTokenError("invalid") from None
    if ticket_person != person_id or not hmac.compare_digest(mac, _ticket_mac(key, session_id, ticket_person, expires)):
        raise JoinTokenError("invalid")
    if timestamp > expires:
        raise JoinTokenError("expired")
    return session_id


def _random_symbols(count: int) -> str:
    """`count` symbols of ALPHABET from one 160-bit draw (31**17 < 2**85: the modulo bias is below 2**-75)."""
    number = int.from_bytes(secrets.token_bytes(20), "big")
    symbols = []
    for _ in range(count):
        number, index = divmod(number, len(ALPHABET))
        symbols.append(ALPHABET[index])
    return "".join(symbols)


def new_code(group: str) -> str:
    """A one-time code: the group letter and 17 random characters, shown as M-XXXX-XXXX-XXXX-XXXXX."""
    return format_code(GROUP_PREFIX[group] + _random_symbols(CODE_RANDOM_CHARS))


def format_code(code: str) -> str:
    code = normalize(code)
    body = code[1:]
    return "-".join([code[:1]] + [body[i:i + 4] for i in range(0, 12, 4)] + [body[12:]])


def normalize(code: str) -> str:
    """What a person typed, without dashes, spaces or lower case."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def group_of(code: str) -> str | None:
    return PREFIX_GROUP.get(normalize(code)[:1])


def new_receipt() -> str:
    return format_receipt(_random_symbols(16))


def receipt_from(key: bytes, *parts: str) -> str:
    """A receipt derived from a client's submission id, so a retried submission gets the same receipt."""
    digest = hmac.new(key, "\x1f".join(parts).encode(), hashlib.sha256).digest()
    return format_receipt("".join(ALPHABET[b % len(ALPHABET)] for b in digest[:16]))


def format_receipt(raw: str) -> str:
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def receipt_as_given(text: str) -> str:
    """A receipt as the voter typed it back: a server receipt in capitals, a sealed ballot's tracker (64 hex digits)
    in lower case; spaces and the hyphens it was shown with do not count for a tracker."""
    text = text.strip()
    compact = text.replace(" ", "").replace("-", "")
    if len(compact) == 64 and all(c in "0123456789abcdefABCDEF" for c in compact):
        return compact.lower()
    return text.upper()


def receipt_hash(receipt: str) -> str:
    """Lowercase hex SHA-256 of the receipt exactly as shown to the voter (invariant 6 of docs/voting.md)."""
    return hashlib.sha256(receipt.encode()).hexdigest()
