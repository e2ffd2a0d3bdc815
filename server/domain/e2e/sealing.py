"""Who can read a session's ballots (DESIGN §12), looked up once per session: the server's own seal, or the two
tellers' joint key. Each sealing says what a cast must carry and how the phone ballots join the tally."""
from __future__ import annotations

from server.domain.e2e import ballot, elgamal, group, proofs
from server.domain.e2e.transcript import context, encode
from server.domain.errors import RuleViolation

SEALINGS = {"server": "服务器加密保存", "tellers": "计票人、监票人持有密钥（端到端可验证）"}
ROLES = ("counter", "monitor")  # the two tellers of §11, each holding one share


class ServerSealing:
    """The default: answers in the clear to the server at cast, sealed at rest with its secret (docs/voting.md)."""

    key = "server"
    counted_by_tellers = False
    waiting = "纸质选票尚待两位计票人录入一致"  # why a closed session has no result yet

    def normalize(self, kind, answers, option_ids, max_choices, uid=None, public_key=None) -> dict:
        return kind.normalize_answers(answers, option_ids, max_choices)

    def receipt(self, normalized: dict, server_receipt) -> str:
        """The voter's receipt: the server's, derived from the submission (docs/voting.md)."""
        return server_receipt()


class TellerSealing:
    """The ballot arrives encrypted under the tellers' joint key with its proofs; the server checks every proof and
    can never read it. The result is counted from the sums the tellers decrypt together after close."""

    key = "tellers"
    counted_by_tellers = True
    waiting = "计票人、监票人尚未都确认计票"

    def normalize(self, kind, answers, option_ids, max_choices, uid=None, public_key=None) -> dict:
        if not isinstance(answers, dict) or set(answers) != {"sealed"}:
            raise RuleViolation("本次表决的选票须在手机上加密后提交（请刷新页面后重新投票）", code="ballot_not_sealed",
                                fields={"answers": ["应为加密选票"]})
        key = bytes.fromhex(public_key)
        try:
            ballot.verify(context(uid, key), key, questions(kind, option_ids, max_choices), answers["sealed"])
        except proofs.ProofFailed as error:
            raise RuleViolation("加密选票的证明不成立，选票未被接受", code="invalid_ballot_proof",
                                fields={"answers": ["加密选票的格式或证明不成立"]}) from error
        return {"sealed": answers["sealed"]}

    def receipt(self, normalized: dict, server_receipt) -> str:
        """The voter's receipt is the ballot's tracker: they find it on the public board (DESIGN §12)."""
        return ballot.tracker(normalized["sealed"])


SEALING_RULES = {s.key: s for s in (ServerSealing(), TellerSealing())}


def sealing(key: str):
    return SEALING_RULES[key]


def questions(kind, option_ids, max_choices) -> tuple[ballot.Question, ...]:
    return ballot.layout(kind.answer_key, kind.scale, option_ids, max_choices)


def share_context(uid: str, role: str) -> bytes:
    """What a teller's proof of their share is bound to: the session and the teller's role (the joint key is not
    known yet when the first share is made)."""
    return encode(["session", uid, "teller", role])


def checked_share(uid: str, role: str, public_hex, proof_json) -> bytes:
    """A teller's public share, when its Schnorr proof holds; RuleViolation naming the teller otherwise."""
    try:
        public = group.check_point(bytes.fromhex(public_hex))
        if public == group.IDENTITY:
            raise group.InvalidPoint("the identity is no key")
        proofs.verify_knowledge(share_context(uid, role), public, proofs.Proof.from_json(proof_json))
    except (TypeError, ValueError) as error:  # InvalidPoint and ProofFailed are ValueErrors
        raise RuleViolation("密钥的证明不成立，未被接受，请重新生成", code="invalid_share_proof",
                            fields={"public_key": ["公钥无效或证明不成立"]}) from error
    return public


def summed(groups_of_ballots: dict[str, list[dict]], qs) -> list[dict]:
    """The entries the tellers decrypt: per group, question and option, the sum of that option's ciphertexts."""
    entries = []
    for group_key, sealed in groups_of_ballots.items():
        rows = [ballot.verify_shape(b, qs) for b in sealed]
        for q, question in enumerate(qs):
            for o, option in enumerate(question.options):
                total = elgamal.aggregate(row[q][o] for row in rows)
                entries.append({"group": group_key, "question": question.key, "option": option,
                                "alpha": total.alpha.hex(), "beta": total.beta.hex()})
    return entries


def checked_decryption(uid: str, public_key_hex: str, role: str, share_hex: str, entries: list[dict], given) -> list[bytes]:
    """A teller's partial decryptions D_i = x_i·A of every entry, when each proof holds; RuleViolation otherwise."""
    if not isinstance(given, list) or len(given) != len(entries):
        raise RuleViolation(f"应提交 {len(entries)} 项解密份额", code="invalid_decryption", fields={"decryption": ["数量不对"]})
    ctx = context(uid, bytes.fromhex(public_key_hex))
    share = bytes.fromhex(share_hex)
    parts = []
    for number, (entry, item) in enumerate(zip(entries, given, strict=True), start=1):
        try:
            if not isinstance(item, dict) or set(item) != {"d", "proof"}:
                raise proofs.ProofFailed("an item is {d, proof}")
            d = group.check_point(bytes.fromhex(item["d"]))
            proofs.verify_equal_logs(ctx, share, bytes.fromhex(entry["alpha"]), d, proofs.Proof.from_json(item["proof"]))
        except (TypeError, ValueError) as error:
            raise RuleViolation(f"{ROLE_WORDS[role]}的第 {number} 项解密份额证明不成立，未被接受", code="invalid_decryption",
                                fields={"decryption": [f"第 {number} 项不成立"]}) from error
        parts.append(d)
    return parts


ROLE_WORDS = {"counter": "计票人", "monitor": "监票人"}


def totals(entries: list[dict], partials: list[list[bytes]], ballots_per_group: dict[str, int]) -> list[int]:
    """Each entry's total from both tellers' parts: t with t·G = B − D_1 − D_2, 0 ≤ t ≤ the group's ballots."""
    out = []
    for i, entry in enumerate(entries):
        total = elgamal.Ciphertext(bytes.fromhex(entry["alpha"]), bytes.fromhex(entry["beta"]))
        out.append(elgamal.decrypt_total(total, [p[i] for p in partials], ballots_per_group[entry["group"]]))
    return out


def counts_by_group(entries: list[dict], values: list[int], scale: dict | None) -> dict[str, dict]:
    """The totals as the paper counts of each group ({option: n}, or {option: {value: n}} on a scale)."""
    out: dict[str, dict] = {}
    for entry, value in zip(entries, values, strict=True):
        counts = out.setdefault(entry["group"], {})
        if scale is None:
            counts[entry["option"]] = value
        else:
            counts.setdefault(entry["question"].split(":", 1)[1], {})[entry["option"]] = value
    return out
