"""The zero-knowledge proofs of DESIGN §12, non-interactive by Fiat–Shamir (transcript.py). A proof is the list of its
challenges and responses (c, s); the verifier recomputes the commitments from them and checks the challenge.

- knowledge of x for X = x·G (Schnorr): a teller's share;
- equal discrete logs log_G X = log_A D (Chaum–Pedersen): a teller's partial decryption D = x·A;
- an ElGamal ciphertext (α, β) = (r·G, m·G + r·H) encrypts one of the values v_0…v_n (the disjunctive proof of
  Cramer, Damgård and Schoenmakers): m ∈ {0, 1} per option, and the sum of a question in its allowed range.
"""
from __future__ import annotations

from dataclasses import dataclass

from server.domain.e2e import group
from server.domain.e2e.transcript import challenge


class ProofFailed(ValueError):
    """A proof that does not verify (its statement is false, or the proof was altered)."""


@dataclass(frozen=True)
class Proof:
    """A proof of one or more branches: a challenge and a response per branch."""

    challenges: tuple[int, ...]
    responses: tuple[int, ...]

    def as_json(self) -> list[list[str]]:
        return [[group.scalar(c).hex(), group.scalar(s).hex()] for c, s in zip(self.challenges, self.responses, strict=True)]

    @classmethod
    def from_json(cls, pairs) -> Proof:
        try:
            decoded = [(bytes.fromhex(c), bytes.fromhex(s)) for c, s in pairs]
        except (TypeError, ValueError) as error:
            raise ProofFailed("a proof is a list of [challenge, response] pairs in hex") from error
        for c, s in decoded:
            if len(c) != group.SIZE or len(s) != group.SIZE or group.to_int(c) >= group.ORDER or group.to_int(s) >= group.ORDER:
                raise ProofFailed("a scalar is 32 bytes, below the group's order")
        return cls(tuple(group.to_int(c) for c, _ in decoded), tuple(group.to_int(s) for _, s in decoded))


# --- knowledge of a discrete log (a teller's share) -------------------------------------------------------------

def prove_knowledge(context: bytes, secret: int, public: bytes) -> Proof:
    w = group.random_scalar()
    commitment = group.base_mul(w)
    c = challenge("knowledge", context, public, commitment)
    return Proof((c,), ((w + c * secret) % group.ORDER,))


def verify_knowledge(context: bytes, public: bytes, proof: Proof) -> None:
    (c,), (s,) = _shape(proof, 1)
    commitment = group.sub(group.base_mul(s), group.mul(c, public))
    if challenge("knowledge", context, public, commitment) != c:
        raise ProofFailed("the proof of the share's key does not hold")


# --- equal discrete logs (a teller's partial decryption) --------------------------------------------------------

def prove_equal_logs(context: bytes, secret: int, public: bytes, base: bytes, result: bytes) -> Proof:
    """public = secret·G and result = secret·base."""
    w = group.random_scalar()
    c = challenge("decryption", context, public, base, result, group.base_mul(w), group.mul(w, base))
    return Proof((c,), ((w + c * secret) % group.ORDER,))


def verify_equal_logs(context: bytes, public: bytes, base: bytes, result: bytes, proof: Proof) -> None:
    (c,), (s,) = _shape(proof, 1)
    a1 = group.sub(group.base_mul(s), group.mul(c, public))
    a2 = group.sub(group.mul(s, base), group.mul(c, result))
    if challenge("decryption", context, public, base, result, a1, a2) != c:
        raise ProofFailed("the proof of the partial decryption does not hold")


# --- a ciphertext encrypts one of a few values ------------------------------------------------------------------

def prove_one_of(context: bytes, key: bytes, alpha: bytes, beta: bytes, values: tuple[int, ...], value: int,
                 nonce: int, label: str = "range") -> Proof:
    """(alpha, beta) = (nonce·G, value·G + nonce·key) and value is among `values`."""
    true = values.index(value)
    challenges, responses, commitments = [0] * len(values), [0] * len(values), []
    w = group.random_scalar()
    for j, v in enumerate(values):
        if j == true:
            commitments.append((group.base_mul(w), group.mul(w, key)))
            continue
        challenges[j], responses[j] = group.random_scalar(), group.random_scalar()
        commitments.append(_simulated(key, alpha, beta, v, challenges[j], responses[j]))
    c = challenge(label, context, key, alpha, beta, *_flat(values, commitments))
    challenges[true] = (c - sum(challenges)) % group.ORDER
    responses[true] = (w + challenges[true] * nonce) % group.ORDER
    return Proof(tuple(challenges), tuple(responses))


def verify_one_of(context: bytes, key: bytes, alpha: bytes, beta: bytes, values: tuple[int, ...], proof: Proof,
                  label: str = "range") -> None:
    challenges, responses = _shape(proof, len(values))
    commitments = [_simulated(key, alpha, beta, v, c, s) for v, c, s in zip(values, challenges, responses, strict=True)]
    if challenge(label, context, key, alpha, beta, *_flat(values, commitments)) != sum(challenges) % group.ORDER:
        raise ProofFailed("the ciphertext's proof does not hold")


def _simulated(key, alpha, beta, value, c, s):
    """The commitments a branch's (c, s) imply: s·G − c·α and s·H − c·(β − v·G)."""
    return (group.sub(group.base_mul(s), group.mul(c, alpha)),
            group.sub(group.mul(s, key), group.mul(c, group.sub(beta, group.base_mul(value)))))


def _flat(values, commitments):
    for v, (a1, a2) in zip(values, commitments, strict=True):
        yield v
        yield a1
        yield a2


def _shape(proof: Proof, branches: int):
    if len(proof.challenges) != branches or len(proof.responses) != branches:
        raise ProofFailed(f"the proof has {len(proof.challenges)} branches, {branches} expected")
    return proof.challenges, proof.responses
