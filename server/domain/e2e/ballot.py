"""An encrypted ballot (DESIGN §12): per question, a 0/1 ciphertext per option with its proof, and a proof that the
question's sum is allowed. The questions follow the session kind's answer shape (domain/kinds.py):

- options that are ticked (两推荐): one question over the candidates, the sum between 0 and `max_choices`;
- options marked on a scale (四票决: 赞成/反对/弃权; 双评议: the four grades): a question per candidate or subject over
  the scale's values, the sum exactly 1.

The phone builds it (h5/src/core/e2e.js, the same rules); the server verifies it whole before accepting it; its
tracker, the SHA-256 of its canonical JSON, is the voter's receipt and its place on the bulletin board.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from server.domain.e2e import elgamal, group, proofs
from server.domain.e2e.elgamal import Ciphertext

BIT = (0, 1)


@dataclass(frozen=True)
class Question:
    """One question of a ballot: its options (candidate ids or scale values) and the sums it allows."""

    key: str
    options: tuple[str, ...]
    sums: tuple[int, ...]


def layout(answer_key: str, scale: dict | None, option_ids: list[int], max_choices: int | None) -> tuple[Question, ...]:
    """The questions of a session kind's ballot: ticked options make one question, a scale one per option."""
    ids = [str(i) for i in sorted(option_ids)]
    if scale is None:
        most = len(ids) if max_choices is None else min(max_choices, len(ids))
        return (Question(answer_key, tuple(ids), tuple(range(most + 1))),)
    return tuple(Question(f"{answer_key}:{i}", tuple(scale), (1,)) for i in ids)


def marks(questions: tuple[Question, ...], answers: dict) -> list[list[int]]:
    """A (normalized) answer as the 0/1 marks of each question's options."""
    (answer_key, given), = answers.items()
    if isinstance(given, list):  # ticked options
        chosen = {str(i) for i in given}
        return [[int(option in chosen) for option in q.options] for q in questions]
    return [[int(given[q.key.split(":", 1)[1]] == value) for value in q.options] for q in questions]


def encrypt(context: bytes, key: bytes, questions: tuple[Question, ...], answers: dict) -> dict:
    """The ballot of an answer, with its proofs (what a phone sends; Python's for tests, tools and benchmarks)."""
    out = []
    for question, row in zip(questions, marks(questions, answers), strict=True):
        options, nonces = [], []
        for m in row:
            ciphertext, nonce = elgamal.encrypt(key, m)
            proof = proofs.prove_one_of(context, key, ciphertext.alpha, ciphertext.beta, BIT, m, nonce)
            options.append({"alpha": ciphertext.alpha.hex(), "beta": ciphertext.beta.hex(), "proof": proof.as_json()})
            nonces.append(nonce)
        total = elgamal.aggregate(Ciphertext(bytes.fromhex(o["alpha"]), bytes.fromhex(o["beta"])) for o in options)
        sum_proof = proofs.prove_one_of(context, key, total.alpha, total.beta, question.sums, sum(row),
                                        sum(nonces) % group.ORDER, label="sum")
        out.append({"options": options, "sum_proof": sum_proof.as_json()})
    return {"questions": out}


def verify(context: bytes, key: bytes, questions: tuple[Question, ...], ballot) -> list[list[Ciphertext]]:
    """Every proof of the ballot, or ProofFailed naming what does not hold; its ciphertexts when all do."""
    if not isinstance(ballot, dict) or set(ballot) != {"questions"} or not isinstance(ballot["questions"], list):
        raise proofs.ProofFailed("密文选票格式错误")
    if len(ballot["questions"]) != len(questions):
        raise proofs.ProofFailed(f"密文选票应有 {len(questions)} 个问题")
    result = []
    for number, (question, given) in enumerate(zip(questions, ballot["questions"], strict=True), start=1):
        if not isinstance(given, dict) or set(given) != {"options", "sum_proof"} or not isinstance(given["options"], list) \
                or len(given["options"]) != len(question.options):
            raise proofs.ProofFailed(f"第 {number} 个问题的选项数不对")
        ciphertexts = []
        for option in given["options"]:
            ciphertext = _ciphertext(option)
            proofs.verify_one_of(context, key, ciphertext.alpha, ciphertext.beta, BIT,
                                 proofs.Proof.from_json(option["proof"]))
            ciphertexts.append(ciphertext)
        total = elgamal.aggregate(ciphertexts)
        proofs.verify_one_of(context, key, total.alpha, total.beta, question.sums,
                             proofs.Proof.from_json(given["sum_proof"]), label="sum")
        result.append(ciphertexts)
    return result


def verify_shape(ballot: dict, questions: tuple[Question, ...]) -> list[list[Ciphertext]]:
    """The ciphertexts of a ballot already verified at cast (its proofs are not checked again)."""
    return [[_ciphertext(option) for option in q["options"]] for q, _ in zip(ballot["questions"], questions, strict=True)]


def canonical(ballot: dict) -> bytes:
    """The ballot's canonical JSON: keys sorted, no spaces, ASCII (docs/verification.md)."""
    return json.dumps(ballot, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def tracker(ballot: dict) -> str:
    """The voter's receipt and the ballot's place on the board: SHA-256 of its canonical JSON, in hex."""
    return hashlib.sha256(canonical(ballot)).hexdigest()


def _ciphertext(option) -> Ciphertext:
    if not isinstance(option, dict) or set(option) != {"alpha", "beta", "proof"}:
        raise proofs.ProofFailed("密文选项格式错误")
    try:
        alpha, beta = bytes.fromhex(option["alpha"]), bytes.fromhex(option["beta"])
        return Ciphertext(group.check_point(alpha), group.check_point(beta))
    except (TypeError, ValueError) as error:
        raise proofs.ProofFailed("密文不是有效的群元素") from error
