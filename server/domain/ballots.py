"""What a ballot may say: the answer shape of each session kind.

recommendation 两推荐: {"choices": [candidate_id, ...]}, distinct candidates of the session, at most max_choices.
stage_vote 四票决:    {"votes": {"<candidate_id>": "yes"|"no"|"abstain"}}, every candidate exactly once.
satisfaction 双评议:  {"ratings": {"<subject_id>": "very_satisfied"|"satisfied"|"basic"|"unsatisfied"}},
                      every subject exactly once.
"""
from __future__ import annotations

import re

from server.domain.errors import RuleViolation

VOTE_VALUES = {"yes": "赞成", "no": "反对", "abstain": "弃权"}
GRADES = {"very_satisfied": "很满意", "satisfied": "满意", "basic": "基本满意", "unsatisfied": "不满意"}
GROUPS = {"member": "党员", "mass": "群众代表"}
# The id of the satisfaction subject "the branch's development work" (people keep their person ids).
BRANCH_WORK_ID = 0


def _bad(message: str) -> RuleViolation:
    return RuleViolation(message, code="invalid_answers", fields={"answers": [message]})


_ASCII_ID = re.compile(r"-?[0-9]{1,18}")


def _as_id(value) -> int:
    if isinstance(value, bool):
        raise _bad("候选人编号无效")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _ASCII_ID.fullmatch(value.strip()):  # "¹⁷⁶", "⑴", "١" are digits, not ids
        return int(value)
    raise _bad("候选人编号无效")


def normalize_choices(answers, option_ids: list[int], max_choices: int | None) -> dict:
    """两推荐: distinct candidates of the session, at most max_choices; canonical form sorted."""
    if not isinstance(answers, dict):
        raise _bad("选票格式错误")
    if set(answers) != {"choices"} or not isinstance(answers["choices"], list):
        raise _bad("推荐票应为 {\"choices\": [候选人编号, ...]}")
    choices = [_as_id(v) for v in answers["choices"]]
    if len(set(choices)) != len(choices):
        raise _bad("同一候选人不能重复选择")
    if not set(choices) <= set(option_ids):
        raise _bad("所选人员不是本次推荐的候选人")
    if max_choices is not None and len(choices) > max_choices:
        raise _bad(f"最多只能推荐 {max_choices} 人")
    return {"choices": sorted(choices)}


def normalize_scale(answers, option_ids: list[int], key: str, allowed: dict[str, str], label: str) -> dict:
    """四票决 and 双评议: one value of the scale for every option exactly once; canonical form keyed by id text."""
    if not isinstance(answers, dict):
        raise _bad("选票格式错误")
    if set(answers) != {key} or not isinstance(answers[key], dict):
        raise _bad(f"{label}格式错误")
    given = {}
    for raw_id, value in answers[key].items():
        option = _as_id(raw_id)
        if option in given:
            raise _bad("同一对象不能重复表态")
        if value not in allowed:
            raise _bad(f"表态应为：{'、'.join(allowed.values())}")
        given[option] = value
    options = set(option_ids)
    if set(given) != options:
        missing = options - set(given)
        raise _bad("每个对象都要表态，且只能表态一次" + ("（有遗漏）" if missing else "（含不属于本次的对象）"))
    return {key: {str(k): given[k] for k in sorted(given)}}
