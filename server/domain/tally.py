"""Tallies of secret ballots (计票), as pure functions over the answers.

Sources: 南组通〔2013〕79号 part 三(一) 两推荐 and 三(二) 双评议, 三(三) 四票决; for quorum and passing,
《中国共产党发展党员工作细则》(2014) 第十六条/第二十八条/第三十四条 — 到会有表决权的党员超过应到会
有表决权党员的半数，赞成人数超过应到会有表决权党员的半数才能通过; written opinions of members who could
not attend are counted among the votes (细则 and seed 三(一)2: "将意见统计在票数内"), never as attendance (细则 第二十条:
有表决权的到会人数).
"""
from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from server.domain.ballots import GRADES

MEMBER_RATE_MIN = Fraction(70, 100)
MASS_RATE_MIN = Fraction(50, 100)
SATISFACTION_MIN = Decimal("80")
GRADE_WEIGHTS = {"very_satisfied": 100, "satisfied": 80, "basic": 60, "unsatisfied": 0}


def _rate(votes: int, denominator: int) -> float | None:
    return round(votes / denominator, 4) if denominator else None


def member_rate_qualifies(votes: int, denominator: int) -> bool:
    """得票率不低于与会党员推荐票数的 70 %: exactly 70 % qualifies."""
    return denominator > 0 and Fraction(votes, denominator) >= MEMBER_RATE_MIN


def mass_rate_qualifies(votes: int, denominator: int) -> bool:
    """不低于群众推荐票数的 50 %: exactly 50 % qualifies."""
    return denominator > 0 and Fraction(votes, denominator) >= MASS_RATE_MIN


def recommendation_result(candidates: list[tuple[int, str]], member: list[dict], mass: list[dict],
                          absentee: list[dict]) -> dict:
    """两推荐: member rate over member ballots plus absent members' written opinions; mass rate over mass ballots."""
    member_votes = Counter(c for a in member + absentee for c in a["choices"])
    mass_votes = Counter(c for a in mass for c in a["choices"])
    member_den, mass_den = len(member) + len(absentee), len(mass)
    rows = []
    for cid, name in candidates:
        mv, qv = member_votes[cid], mass_votes[cid]
        rows.append({"id": cid, "name": name, "member_votes": mv, "member_rate": _rate(mv, member_den),
                     "mass_votes": qv, "mass_rate": _rate(qv, mass_den),
                     "qualifies": member_rate_qualifies(mv, member_den) and mass_rate_qualifies(qv, mass_den)})
    return {"groups": {"member": {"ballots": len(member), "absentee": len(absentee), "denominator": member_den},
                       "mass": {"ballots": len(mass), "absentee": 0, "denominator": mass_den}},
            "thresholds": {"member_rate": float(MEMBER_RATE_MIN), "mass_rate": float(MASS_RATE_MIN)},
            "candidates": rows}


def attendance_warnings(present: dict[str, int], should_attend: dict[str, int]) -> list[dict]:
    """Groups where no more than half of those who should attend took part, with the numbers: the result stands
    (for a 两推荐 the committee decides), but nobody should read it without knowing this."""
    names = {"member": "党员", "mass": "群众代表"}
    return [{"group": group, "present": present.get(group, 0), "should_attend": should,
             "message": f"{names[group]}应到 {should} 人，实到 {present.get(group, 0)} 人，未超过一半"}
            for group, should in should_attend.items() if should and 2 * present.get(group, 0) <= should]


def quorum_met(present: int, should_attend: int) -> bool:
    """有表决权的到会人数超过应到会有表决权党员的半数 (细则 第二十条): those present only, never written opinions;
    exactly half is not enough."""
    return 2 * present > should_attend


def stage_passed(yes: int, should_attend: int) -> bool:
    """赞成票超过应到会（不是实到会）有表决权党员的半数: exactly half fails."""
    return 2 * yes > should_attend


def stage_vote_result(stage: str, candidates: list[tuple[int, str]], should_attend: int, ballots: list[dict],
                      absentee: list[dict]) -> dict:
    """四票决: each candidate decided separately; nobody passes without a quorum."""
    present = len(ballots)
    quorum = quorum_met(present, should_attend)
    rows = []
    for cid, name in candidates:
        counts = Counter(a["votes"][str(cid)] for a in ballots + absentee)
        rows.append({"id": cid, "name": name, "yes": counts["yes"], "no": counts["no"], "abstain": counts["abstain"],
                     "passed": quorum and stage_passed(counts["yes"], should_attend)})
    half = should_attend / 2
    return {"stage": stage, "should_attend": should_attend, "present": present, "absentee": len(absentee),
            "quorum_met": quorum, "thresholds": {"present_more_than": half, "yes_more_than": half},
            "candidates": rows}


def satisfaction_score(counts: dict[str, int]) -> Decimal | None:
    """满意度得分 = 很满意比重×100 + 满意比重×80 + 基本满意比重×60 + 不满意比重×0, to 2 decimals."""
    total = sum(counts.get(g, 0) for g in GRADES)
    if not total:
        return None
    exact = Fraction(sum(counts.get(g, 0) * w for g, w in GRADE_WEIGHTS.items()), total)
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def below_threshold(score: Decimal | None) -> bool:
    """低于 80 分, judged on the score as shown (2 decimals): exactly 80.00 is not below."""
    return score is not None and score < SATISFACTION_MIN


def satisfaction_result(subjects: list[tuple[int, str]], member: list[dict], mass: list[dict],
                        absentee: list[dict]) -> dict:
    """双评议: per subject, for members (with written opinions), for masses, and overall."""
    rows = []
    for sid, name in subjects:
        key = str(sid)
        member_counts = Counter(a["ratings"][key] for a in member + absentee)
        mass_counts = Counter(a["ratings"][key] for a in mass)
        counts = member_counts + mass_counts
        score = satisfaction_score(counts)
        rows.append({"id": sid, "name": name, "counts": {g: counts[g] for g in GRADES},
                     "score": _num(score), "member_score": _num(satisfaction_score(member_counts)),
                     "mass_score": _num(satisfaction_score(mass_counts)), "below_threshold": below_threshold(score)})
    return {"groups": {"member": {"ballots": len(member), "absentee": len(absentee)}, "mass": {"ballots": len(mass)}},
            "threshold": int(SATISFACTION_MIN), "thresholds": {"score": int(SATISFACTION_MIN)}, "subjects": rows}


def _num(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None
