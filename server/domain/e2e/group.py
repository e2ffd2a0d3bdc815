"""The ristretto255 group (RFC 9496) through libsodium (pysodium): points and scalars as their 32-byte encodings."""
from __future__ import annotations

import hashlib

import pysodium as _sodium

# ℓ, the prime order of the group: 2^252 + 27742317777372353535851937790883648493.
ORDER = 2**252 + 27742317777372353535851937790883648493
IDENTITY = bytes(32)
GENERATOR = bytes.fromhex("e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76")
SIZE = 32


class InvalidPoint(ValueError):
    """Bytes that are not the canonical encoding of a group element."""


def scalar(value: int) -> bytes:
    """An integer mod ℓ as the 32-byte little-endian scalar libsodium expects."""
    return (value % ORDER).to_bytes(SIZE, "little")


def to_int(encoded: bytes) -> int:
    return int.from_bytes(encoded, "little")


def random_scalar() -> int:
    """A uniformly random non-zero scalar (libsodium's generator)."""
    return to_int(_sodium.crypto_core_ristretto255_scalar_random())


def hash_to_scalar(digest: bytes) -> int:
    """A 64-byte hash reduced mod ℓ (libsodium's crypto_core_ristretto255_scalar_reduce)."""
    return to_int(_sodium.crypto_core_ristretto255_scalar_reduce(digest))


def sha512(data: bytes) -> bytes:
    return hashlib.sha512(data).digest()


def check_point(encoded: bytes) -> bytes:
    """The encoding itself when it is a canonical ristretto255 encoding; InvalidPoint otherwise."""
    if not isinstance(encoded, bytes | bytearray) or len(encoded) != SIZE:
        raise InvalidPoint("a point is 32 bytes")
    encoded = bytes(encoded)
    if encoded != IDENTITY and not _sodium.crypto_core_ristretto255_is_valid_point(encoded):
        raise InvalidPoint("not a canonical ristretto255 encoding")
    return encoded


def base_mul(n: int) -> bytes:
    """n·G (the identity for n ≡ 0, which libsodium refuses to return)."""
    n %= ORDER
    return IDENTITY if n == 0 else _sodium.crypto_scalarmult_ristretto255_base(scalar(n))


def mul(n: int, point: bytes) -> bytes:
    """n·P for a checked point P."""
    n %= ORDER
    if n == 0 or point == IDENTITY:
        return IDENTITY
    return _sodium.crypto_scalarmult_ristretto255(scalar(n), point)


def add(p: bytes, q: bytes) -> bytes:
    if p == IDENTITY:
        return q
    if q == IDENTITY:
        return p
    return _sodium.crypto_core_ristretto255_add(p, q)


def sub(p: bytes, q: bytes) -> bytes:
    if q == IDENTITY:
        return p
    if p == IDENTITY:
        return _sodium.crypto_core_ristretto255_sub(IDENTITY, q)
    return _sodium.crypto_core_ristretto255_sub(p, q)


def total(points) -> bytes:
    result = IDENTITY
    for point in points:
        result = add(result, point)
    return result
