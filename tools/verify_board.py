#!/usr/bin/env python3
"""Check a session's public bulletin board from the outside, as docs/verification.md specifies it.

    python tools/verify_board.py board.json
    python tools/verify_board.py https://<host>/api/v1/public/boards/<编号>

It imports nothing of the server: only the Python standard library and pysodium (libsodium's ristretto255). It checks
the tellers' keys and their proofs, the joint key, every ballot's tracker and proofs, the sums, both tellers' partial
decryptions and their proofs, the totals, the counts with the paper ballots and written opinions added in the clear,
the rule of the session kind, and the board's hash. It prints what it checked and exits 0 only when all of it holds.
"""
from __future__ import annotations

import hashlib
import json
import sys
import urllib.request
from fractions import Fraction
from math import isqrt

import pysodium

ORDER = 2**252 + 27742317777372353535851937790883648493
IDENTITY = bytes(32)
GENERATOR = bytes.fromhex("e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76")
PROTOCOL, GROUP = b"party-quality-e2e-v1", b"ristretto255"


class Failed(Exception):
    pass


# --- the group ---------------------------------------------------------------------------------------------------

def scalar(n: int) -> bytes:
    return (n % ORDER).to_bytes(32, "little")


def point(hex_text: str) -> bytes:
    raw = bytes.fromhex(hex_text)
    if len(raw) != 32 or (raw != IDENTITY and not pysodium.crypto_core_ristretto255_is_valid_point(raw)):
        raise Failed(f"not a canonical ristretto255 point: {hex_text[:16]}…")
    return raw


def base_mul(n: int) -> bytes:
    n %= ORDER
    return IDENTITY if n == 0 else pysodium.crypto_scalarmult_ristretto255_base(scalar(n))


def mul(n: int, p: bytes) -> bytes:
    n %= ORDER
    return IDENTITY if n == 0 or p == IDENTITY else pysodium.crypto_scalarmult_ristretto255(scalar(n), p)


def add(p: bytes, q: bytes) -> bytes:
    if p == IDENTITY:
        return q
    return p if q == IDENTITY else pysodium.crypto_core_ristretto255_add(p, q)


def sub(p: bytes, q: bytes) -> bytes:
    if q == IDENTITY:
        return p
    return pysodium.crypto_core_ristretto255_sub(p, q)


# --- transcript and proofs (docs/verification.md) ------------------------------------------------------------------

def encode(items) -> bytes:
    out = b""
    for item in items:
        raw = item.encode() if isinstance(item, str) else scalar(item) if isinstance(item, int) else item
        out += len(raw).to_bytes(4, "big") + raw
    return out


def challenge(label: str, context: bytes, *items) -> int:
    return int.from_bytes(hashlib.sha512(encode([PROTOCOL, GROUP, label, context, *items])).digest(), "little") % ORDER


def pairs(proof, branches: int) -> list[tuple[int, int]]:
    if not isinstance(proof, list) or len(proof) != branches:
        raise Failed(f"a proof of {branches} branches was expected")
    out = []
    for c, s in proof:
        c, s = int.from_bytes(bytes.fromhex(c), "little"), int.from_bytes(bytes.fromhex(s), "little")
        if c >= ORDER or s >= ORDER:
            raise Failed("a scalar not below the group's order")
        out.append((c, s))
    return out


def check_knowledge(context: bytes, public: bytes, proof) -> bool:
    ((c, s),) = pairs(proof, 1)
    return challenge("knowledge", context, public, sub(base_mul(s), mul(c, public))) == c


def check_equal_logs(context: bytes, public: bytes, base: bytes, result: bytes, proof) -> bool:
    ((c, s),) = pairs(proof, 1)
    a1, a2 = sub(base_mul(s), mul(c, public)), sub(mul(s, base), mul(c, result))
    return challenge("decryption", context, public, base, result, a1, a2) == c


def check_one_of(context: bytes, key: bytes, alpha: bytes, beta: bytes, values, proof, label: str) -> bool:
    branches = pairs(proof, len(values))
    items = []
    for v, (c, s) in zip(values, branches, strict=True):
        items += [v, sub(base_mul(s), mul(c, alpha)), sub(mul(s, key), mul(c, sub(beta, base_mul(v))))]
    return challenge(label, context, key, alpha, beta, *items) == sum(c for c, _ in branches) % ORDER


def canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def discrete_log(target: bytes, most: int) -> int:
    step = isqrt(most) + 1
    baby, current = {}, IDENTITY
    for j in range(step):
        baby.setdefault(current, j)
        current = add(current, GENERATOR)
    giant, current = base_mul(step), target
    for i in range(step + 1):
        if current in baby and i * step + baby[current] <= most:
            return i * step + baby[current]
        current = sub(current, giant)
    raise Failed(f"no total between 0 and {most}")


# --- the board ---------------------------------------------------------------------------------------------------

class Report:
    def __init__(self):
        self.failures = 0

    def check(self, ok: bool, what: str) -> None:
        print(("  ✓ " if ok else "  ✗ ") + what)
        self.failures += 0 if ok else 1


def verify(board: dict) -> bool:
    report = Report()
    session = board["session"]
    uid = session["uid"]
    content = {k: v for k, v in board.items() if k != "board_hash"}
    report.check(hashlib.sha256(canonical(content)).hexdigest() == board.get("board_hash"), "公开记录的哈希（印在票决结果单上）")
    report.check(board.get("protocol") == PROTOCOL.decode() and board.get("group") == GROUP.decode(), "协议与群：ristretto255")

    print("计票人密钥")
    shares = []
    for teller in board["tellers"]:
        share = point(teller["public_key"])
        shares.append(share)
        report.check(check_knowledge(encode(["session", uid, "teller", teller["role"]]), share, teller["proof"]),
                     f"{teller['role']} 持有其密钥份额的证明")
    key = point(board["public_key"])
    report.check(len(shares) == 2 and add(shares[0], shares[1]) == key, "表决公钥 = 两位计票人份额之和")
    context = encode(["session", uid, "public-key", key])

    print("加密选票")
    questions = board["questions"]
    sums = {}
    for group_key, rows in board["ballots"].items():
        trackers = [row["tracker"] for row in rows]
        report.check(trackers == sorted(trackers) and len(set(trackers)) == len(trackers), f"{group_key}：按追踪码排序、无重复")
        good = 0
        for row in rows:
            sealed = row["ballot"]
            ok = hashlib.sha256(canonical(sealed)).hexdigest() == row["tracker"] and len(sealed["questions"]) == len(questions)
            for q, (question, given) in enumerate(zip(questions, sealed["questions"], strict=False)):
                ok = ok and len(given["options"]) == len(question["options"])
                alpha_sum = beta_sum = IDENTITY
                for o, option in enumerate(given["options"]):
                    alpha, beta = point(option["alpha"]), point(option["beta"])
                    ok = ok and check_one_of(context, key, alpha, beta, (0, 1), option["proof"], "range")
                    alpha_sum, beta_sum = add(alpha_sum, alpha), add(beta_sum, beta)
                    a, b = sums.get((group_key, q, o), (IDENTITY, IDENTITY))
                    sums[(group_key, q, o)] = (add(a, alpha), add(b, beta))
                ok = ok and check_one_of(context, key, alpha_sum, beta_sum, tuple(question["sums"]), given["sum_proof"], "sum")
            good += ok
        report.check(good == len(rows), f"{group_key}：{good}/{len(rows)} 张选票的追踪码与全部证明成立")
        report.check(board["ballot_counts"].get(group_key) == len(rows), f"{group_key}：选票张数 {len(rows)}")

    print("合计与解密")
    entries = board["aggregates"]
    expected = {}
    for group_key in board["ballots"]:
        for q, question in enumerate(questions):
            for o, option in enumerate(question["options"]):
                a, b = sums.get((group_key, q, o), (IDENTITY, IDENTITY))
                expected[(group_key, question["key"], option)] = (a.hex(), b.hex())
    given = {(e["group"], e["question"], e["option"]): (e["alpha"], e["beta"]) for e in entries}
    report.check(len(entries) == len(given) and given == expected, f"{len(entries)} 项合计 = 各选票密文之和")
    shares_by_role = {t["role"]: point(t["public_key"]) for t in board["tellers"]}
    for decryption in board["decryptions"]:
        parts = decryption["parts"]
        ok = len(parts) == len(entries) and all(
            check_equal_logs(context, shares_by_role[decryption["role"]], point(e["alpha"]), point(p["d"]), p["proof"])
            for e, p in zip(entries, parts, strict=False))
        report.check(ok, f"{decryption['role']} 的部分解密及其证明")
    totals = []
    for i, entry in enumerate(entries):
        target = sub(point(entry["beta"]), add(*(point(d["parts"][i]["d"]) for d in board["decryptions"])))
        totals.append(discrete_log(target, board["ballot_counts"][entry["group"]]))
    report.check(True, "每项合计解出票数（未解密任何一张选票）")

    print("结果")
    recount(board, entries, totals, report)
    print("全部成立。" if not report.failures else f"有 {report.failures} 项不成立。")
    return report.failures == 0


def recount(board: dict, entries: list[dict], totals: list[int], report: Report) -> None:
    """The counts with paper and written opinions added in the clear, and the session kind's rule."""
    kind, result = board["session"]["kind"], board["result"]
    phone: dict = {}
    for entry, total in zip(entries, totals, strict=True):
        phone.setdefault(entry["group"], {}).setdefault(entry["question"], {})[entry["option"]] = total
    paper, absentee = board["clear"]["paper"], board["clear"]["absentee"]
    ballots = {g: board["ballot_counts"][g] + (paper[g]["returned"] + paper[g]["spoiled"] if g in paper else 0)
               for g in board["ballot_counts"]}
    if kind == "recommendation":
        for row in result["candidates"]:
            cid = str(row["id"])
            votes = {g: phone.get(g, {}).get("choices", {}).get(cid, 0) + (paper[g]["counts"].get(cid, 0) if g in paper else 0)
                     for g in ("member", "mass")}
            votes["member"] += sum(int(cid) in a["choices"] for a in absentee)
            member_den, mass_den = ballots.get("member", 0) + len(absentee), ballots.get("mass", 0)
            qualifies = (member_den > 0 and Fraction(votes["member"], member_den) >= Fraction(70, 100)
                         and mass_den > 0 and Fraction(votes["mass"], mass_den) >= Fraction(50, 100))
            report.check(row["member_votes"] == votes["member"] and row["mass_votes"] == votes["mass"]
                         and row["qualifies"] == qualifies,
                         f"{row['name']}：党员 {votes['member']}/{member_den}，群众 {votes['mass']}/{mass_den}，"
                         f"{'符合' if qualifies else '不符合'}条件")
    elif kind == "stage_vote":
        should, present = board["session"]["should_attend"], ballots.get("member", 0)
        for row in result["candidates"]:
            key = f"votes:{row['id']}"
            counts = {v: phone.get("member", {}).get(key, {}).get(v, 0)
                      + (paper["member"]["counts"].get(str(row["id"]), {}).get(v, 0) if "member" in paper else 0)
                      + sum(a["votes"].get(str(row["id"])) == v for a in absentee) for v in ("yes", "no", "abstain")}
            passed = 2 * present > should and 2 * counts["yes"] > should
            shown = (row["yes"], row["no"], row["abstain"], row["passed"])
            report.check(shown == (counts["yes"], counts["no"], counts["abstain"], passed),
                         f"{row['name']}：赞成 {counts['yes']}、反对 {counts['no']}、弃权 {counts['abstain']}"
                         f"（应到 {should}、实到 {present}），{'通过' if passed else '未通过'}")
    else:  # satisfaction
        weights = {"very_satisfied": 100, "satisfied": 80, "basic": 60, "unsatisfied": 0}
        for row in result["subjects"]:
            key = f"ratings:{row['id']}"
            counts = {v: sum(phone.get(g, {}).get(key, {}).get(v, 0) for g in phone)
                      + sum(paper[g]["counts"].get(str(row["id"]), {}).get(v, 0) for g in paper)
                      + sum(a["ratings"].get(str(row["id"])) == v for a in absentee) for v in weights}
            total = sum(counts.values())
            score = round(sum(counts[v] * w for v, w in weights.items()) / total, 2) if total else None
            report.check(row["counts"] == counts and (score is None or abs(row["score"] - score) < 0.006),
                         f"{row['name']}：{counts}，得分 {score}")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    source = argv[1]
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=30) as response:  # the address is the user's own
            board = json.load(response)
    else:
        with open(source, encoding="utf-8") as handle:
            board = json.load(handle)
    try:
        return 0 if verify(board) else 1
    except (Failed, KeyError, TypeError, ValueError) as error:
        print(f"  ✗ 公开记录格式不对或不成立：{error}")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
