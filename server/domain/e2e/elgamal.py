"""Exponential ElGamal over ristretto255 with the key shared by two tellers (DESIGN §12): nobody holds the whole key,
ciphertexts add up option by option, and only the totals are ever decrypted."""
from __future__ import annotations

from dataclasses import dataclass
from math import isqrt

from server.domain.e2e import group


@dataclass(frozen=True)
class Ciphertext:
    alpha: bytes  # r·G
    beta: bytes   # m·G + r·H

    def __add__(self, other: Ciphertext) -> Ciphertext:
        return Ciphertext(group.add(self.alpha, other.alpha), group.add(self.beta, other.beta))


ZERO = Ciphertext(group.IDENTITY, group.IDENTITY)  # an encryption of 0 with nonce 0: the sum's start


def joint_key(shares) -> bytes:
    """H = H_1 + H_2: the session's public key from the tellers' public shares."""
    return group.total(shares)


def encrypt(key: bytes, value: int, nonce: int | None = None) -> tuple[Ciphertext, int]:
    nonce = group.random_scalar() if nonce is None else nonce
    return Ciphertext(group.base_mul(nonce), group.add(group.base_mul(value), group.mul(nonce, key))), nonce


def aggregate(ciphertexts) -> Ciphertext:
    result = ZERO
    for ciphertext in ciphertexts:
        result = result + ciphertext
    return result


def partial_decryption(secret: int, ciphertext: Ciphertext) -> bytes:
    """D_i = x_i·α: one teller's part, never enough alone."""
    return group.mul(secret, ciphertext.alpha)


def decrypt_total(ciphertext: Ciphertext, partials, most: int) -> int:
    """t with t·G = β − ΣD_i, 0 ≤ t ≤ most (baby-step giant-step); ValueError when none is (a wrong partial)."""
    target = group.sub(ciphertext.beta, group.total(partials))
    return discrete_log(target, most)


def discrete_log(point: bytes, most: int) -> int:
    step = isqrt(most) + 1
    baby, current = {}, group.IDENTITY
    for j in range(step):
        baby.setdefault(current, j)
        current = group.add(current, group.GENERATOR)
    giant = group.base_mul(step)
    current = point
    for i in range(step + 1):
        j = baby.get(current)
        if j is not None and i * step + j <= most:
            return i * step + j
        current = group.sub(current, giant)
    raise ValueError(f"no total between 0 and {most}")
