"""Paper ballots beside phones (纸质选票): the tellers' aggregate counts, their checks, and how they join the tally.

Paper is counted as aggregates only — per option, per group, never per ballot — so the anonymity invariants of
phone ballots hold unchanged. Two tellers (计票人, 监票人) enter the same counts independently; the session's
result is published only when both agree.

Counting rules written down here (the seed is silent on paper ballots):
- `returned` is the number of valid paper ballots collected, `spoiled` the invalid ones (废票); together they may not
  exceed the ballots handed out in that group.
- A spoiled ballot counts as present (到会, and in a 两推荐's denominator of ballots) but for no option and no grade.
- On a 四票决 or 双评议 ballot every option is marked: per option the values add up to `returned`. On a 两推荐
  ballot no option can have more votes than `returned`, and all votes together at most `returned × max_choices`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from server.domain.ballots import GRADES, VOTE_VALUES

TELLER_ROLES = {"counter": "计票人", "monitor": "监票人"}
SPOILED = "spoiled"  # the value a spoiled ballot gives every option in the tally (counted by no option)


@dataclass(frozen=True)
class PaperCount:
    """One teller's count of one group's paper ballots."""

    returned: int
    spoiled: int
    counts: dict = field(default_factory=dict)  # option id (str) → votes, or → {value: n}

    def as_dict(self) -> dict:
        return {"returned": self.returned, "spoiled": self.spoiled, "counts": self.counts}


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


class ChoicePaper:
    """两推荐: votes per candidate."""

    def shape_problems(self, counts, option_ids: list[int]) -> list[str]:
        if not isinstance(counts, dict):
            return ["票数应按候选人填写"]
        problems = [f"未知的候选人 {key}" for key in counts if key not in {str(o) for o in option_ids}]
        problems += [f"候选人 {key} 的票数应为不小于 0 的整数" for key, value in counts.items() if not _whole(value)]
        return problems

    def normalized(self, counts: dict, option_ids: list[int]) -> dict:
        return {str(o): counts.get(str(o), 0) for o in option_ids}

    def sum_problems(self, count: PaperCount, names: dict[str, str], max_choices: int | None) -> list[str]:
        problems = [f"{names[key]} 得 {votes} 票，多于有效票 {count.returned} 张"
                    for key, votes in count.counts.items() if votes > count.returned]
        total, most = sum(count.counts.values()), count.returned * (max_choices or len(count.counts))
        if total > most:
            problems.append(f"推荐票合计 {total} 票，多于有效票 {count.returned} 张 × 每票最多 {max_choices} 人 = {most} 票")
        return problems

    def ballots(self, count: PaperCount) -> list[dict]:
        """Ballots with the same per-candidate totals (the tally only counts per candidate)."""
        votes = {int(key): n for key, n in count.counts.items()}
        valid = [{"choices": [o for o, n in votes.items() if j < n]} for j in range(count.returned)]
        return valid + [{"choices": []} for _ in range(count.spoiled)]

    def differences(self, a: dict, b: dict, names: dict[str, str]) -> list[str]:
        return [f"{names[key]}：{a.get(key, 0)} 票 / {b.get(key, 0)} 票"
                for key in names if a.get(key, 0) != b.get(key, 0)]


class ScalePaper:
    """四票决 (赞成/反对/弃权) and 双评议 (four grades): a count per value per option."""

    def __init__(self, answer_key: str, values: dict[str, str]):
        self.answer_key, self.values = answer_key, values

    def shape_problems(self, counts, option_ids: list[int]) -> list[str]:
        if not isinstance(counts, dict):
            return ["票数应按候选人或评议对象填写"]
        known = {str(o) for o in option_ids}
        problems = [f"未知的选项 {key}" for key in counts if key not in known]
        for key, per_value in counts.items():
            if not isinstance(per_value, dict) or set(per_value) - set(self.values):
                problems.append(f"选项 {key} 应按 {'、'.join(self.values.values())} 填写")
            elif not all(_whole(v) for v in per_value.values()):
                problems.append(f"选项 {key} 的票数应为不小于 0 的整数")
        return problems

    def normalized(self, counts: dict, option_ids: list[int]) -> dict:
        return {str(o): {v: (counts.get(str(o)) or {}).get(v, 0) for v in self.values} for o in option_ids}

    def sum_problems(self, count: PaperCount, names: dict[str, str], max_choices: int | None) -> list[str]:
        problems = []
        for key, per_value in count.counts.items():
            total = sum(per_value.values())
            if total != count.returned:
                parts = "、".join(f"{self.values[v]} {n}" for v, n in per_value.items())
                problems.append(f"{names[key]}：{parts}，合计 {total} 张，应等于有效票 {count.returned} 张")
        return problems

    def ballots(self, count: PaperCount) -> list[dict]:
        """Ballots with the same per-option counts: ballot j takes, for each option, the value j falls into."""
        ballots = []
        for j in range(count.returned):
            marks = {}
            for key, per_value in count.counts.items():
                upto = 0
                for value in self.values:
                    upto += per_value[value]
                    if j < upto:
                        marks[key] = value
                        break
            ballots.append({self.answer_key: marks})
        ballots += [{self.answer_key: dict.fromkeys(count.counts, SPOILED)} for _ in range(count.spoiled)]
        return ballots

    def differences(self, a: dict, b: dict, names: dict[str, str]) -> list[str]:
        out = []
        for key in names:
            for value, label in self.values.items():
                x, y = (a.get(key) or {}).get(value, 0), (b.get(key) or {}).get(value, 0)
                if x != y:
                    out.append(f"{names[key]} {label}：{x} 张 / {y} 张")
        return out


CHOICES = ChoicePaper()
VOTES = ScalePaper("votes", VOTE_VALUES)
RATINGS = ScalePaper("ratings", GRADES)


def check_count(shape, count: PaperCount, *, handed_out: int, option_ids: list[int], names: dict[str, str],
                max_choices: int | None) -> tuple[PaperCount, list[str]]:
    """The count in its full shape (missing options as 0), and every problem with it, naming the numbers."""
    if not (_whole(count.returned) and _whole(count.spoiled)):
        return count, ["有效票和废票张数应为不小于 0 的整数"]
    problems = shape.shape_problems(count.counts, option_ids)
    if problems:
        return count, problems
    full = PaperCount(count.returned, count.spoiled, shape.normalized(count.counts, option_ids))
    if full.returned + full.spoiled > handed_out:
        problems.append(f"有效票 {full.returned} 张 + 废票 {full.spoiled} 张 = {full.returned + full.spoiled} 张，"
                        f"多于发出的 {handed_out} 张")
    return full, problems + shape.sum_problems(full, names, max_choices)


def disagreements(shape, first: PaperCount, second: PaperCount, names: dict[str, str]) -> list[str]:
    """Where the two tellers' counts differ (计票人 / 监票人), in words; empty when they agree."""
    out = []
    if first.returned != second.returned:
        out.append(f"有效票：{first.returned} 张 / {second.returned} 张")
    if first.spoiled != second.spoiled:
        out.append(f"废票：{first.spoiled} 张 / {second.spoiled} 张")
    return out + shape.differences(first.counts, second.counts, names)
