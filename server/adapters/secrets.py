"""Keyed hashing, encryption of sensitive numbers, and random codes; keys derive from SECRET_KEY."""
from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet, InvalidToken

from server import settings

# Unambiguous alphabet for codes people type by hand (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def derived_key(purpose: str) -> bytes:
    """A key for one purpose, derived from SECRET_KEY."""
    return _derived(settings.current().secret_key, purpose)


@functools.lru_cache(maxsize=64)
def _derived(secret: str, purpose: str) -> bytes:
    return hashlib.sha256(f"{purpose}:{secret}".encode()).digest()


def fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(derived_key("fernet")))


def encrypt(text: str | None) -> str | None:
    return fernet().encrypt(text.encode()).decode() if text else None


def decrypt(token: str | None, *, ttl: int | None = None) -> str | None:
    """Decrypt; None when missing, tampered or older than ttl seconds."""
    if not token:
        return None
    try:
        return fernet().decrypt(token.encode(), ttl=ttl).decode()
    except (InvalidToken, ValueError):
        return None


def keyed_hash(text: str, purpose: str = "lookup") -> str:
    """HMAC-SHA256 hex, so equal numbers can be found without storing them in the clear."""
    return hmac.new(derived_key(purpose), text.encode(), hashlib.sha256).hexdigest()


def random_code(length: int) -> str:
    """A random code over CODE_ALPHABET (31 symbols ≈ 4.95 bits each)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalize_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())
