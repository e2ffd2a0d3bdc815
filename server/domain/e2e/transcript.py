"""Fiat–Shamir challenges: SHA-512 of a domain-separated, canonical encoding, reduced mod ℓ (docs/verification.md).

Every item is length-prefixed (4 bytes, big-endian), so no two different lists of items encode alike; the first
items are always the protocol's name and the group's, then the proof's own label, then the context the caller binds
(the session's identifier and public key), then the statement and the commitments.
"""
from __future__ import annotations

from server.domain.e2e import group

PROTOCOL = b"party-quality-e2e-v1"
GROUP = b"ristretto255"


def encode(items) -> bytes:
    out = bytearray()
    for item in items:
        if isinstance(item, str):
            item = item.encode("utf-8")
        elif isinstance(item, int):
            item = group.scalar(item)
        out += len(item).to_bytes(4, "big") + item
    return bytes(out)


def challenge(label: str, context: bytes, *items) -> int:
    """The challenge of one proof: H(PROTOCOL, GROUP, label, context, items…) mod ℓ."""
    return group.hash_to_scalar(group.sha512(encode([PROTOCOL, GROUP, label, context, *items])))


def context(session_uid: str, public_key: bytes) -> bytes:
    """What every proof of a session is bound to: the session's public identifier and its public key."""
    return encode(["session", session_uid, "public-key", public_key])
