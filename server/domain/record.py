"""A person's development record: what each of the 25 steps stands at, what is due, what blocks the next one,
and whether a step may be recorded now (and what it changes).

The record is computed from the person's dates and the steps recorded in the system. Steps of the statuses the
person had passed before they were entered (`record_from`) count as done, "recorded before the system".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from server.domain import publicity, review
from server.domain.eligibility import add_months
from server.domain.errors import Conflict, RuleViolation
from server.domain.publicity import PublicityFacts
from server.domain.review import ReviewFacts
from server.domain.steps import (
    APPROVAL_MONTHS,
    APPROVAL_MONTHS_WITH_REASON,
    CONVERSION_ROUND,
    STATUS_BY_VOTE,
    STATUS_RANK,
    STEPS,
    WAITING_TIMES,
    Dates,
    Problem,
    Step,
)

DUE_SOON_DAYS = 7
STATE_LABELS = {"done": "已完成", "open": "待办理", "blocked": "待前置环节", "not_yet": "尚未到"}
RECOMMENDED = "activist_recommended"  # a 两推荐 the person qualified in: part of step 3's evidence, not a step
SOURCES = {"vote": "表决通过", "hand": "手工记录", "history": "历史资料导入", "before_system": "系统启用前已完成",
           "roster": "名册登记"}
# Dates of the person (roster columns) that say when a step happened, for steps done before the system.
KNOWN_DATES = {"activist_selected": "activist_at", "target_selected": "target_at", "admission_vote": "probationary_at",
               "conversion_approved": "full_member_at"}


@dataclass(frozen=True)
class Entry:
    """A step recorded in the system."""

    key: str
    done_on: date | None
    round: int = 1
    fields: dict = field(default_factory=dict)
    evidence: dict = field(default_factory=dict)
    source: str = "hand"
    recorded_by: str | None = None
    late: bool = False
    flag: str | None = None


@dataclass(frozen=True)
class Facts:
    status: str
    record_from: str
    applied_at: date | None = None
    activist_at: date | None = None
    target_at: date | None = None
    probationary_at: date | None = None
    full_member_at: date | None = None
    entries: tuple[Entry, ...] = ()
    publicities: tuple[PublicityFacts, ...] = ()   # 五公示 of the person: they gate the step after each
    review: ReviewFacts | None = None               # 六部门审查: gates steps 10 and 13
    halt: str | None = None                         # an objection found true, not yet decided: every step waits


@dataclass(frozen=True)
class StatusChange:
    status: str
    since: date
    column: str   # the person's date column for the new status


def _rank(status: str) -> int:
    return STATUS_RANK.get(status, -1)


class Record:
    """The record of one person, as of `today`."""

    def __init__(self, facts: Facts, today: date):
        self.facts, self.today = facts, today
        extended = [e for e in facts.entries if e.key == "conversion_approved" and e.fields.get("outcome") == "extended"]
        self.round = 1 + len(extended)
        self.extension_months = sum(int(e.fields.get("extension_months") or 0) for e in extended)
        self._by_key: dict[str, list[Entry]] = {}
        for entry in sorted(facts.entries, key=lambda e: (e.round, e.done_on or date.min)):
            self._by_key.setdefault(entry.key, []).append(entry)

    # --- what is known -----------------------------------------------------------------------------------

    def entries(self, key: str) -> list[Entry]:
        """The entries of a step that count now (for the conversion steps, those of the current round)."""
        found = self._by_key.get(key, [])
        return [e for e in found if e.round == self.round] if key in CONVERSION_ROUND else found

    def entry(self, key: str) -> Entry | None:
        found = self.entries(key)
        return found[-1] if found else None

    def before_system(self, step: Step) -> bool:
        return step.key != "application" and _rank(step.during) < _rank(self.facts.record_from)

    def done_on(self, key: str) -> date | None:
        entry = self.entry(key)
        if entry is not None:
            return entry.done_on
        if key == "application":
            return self.facts.applied_at
        column = KNOWN_DATES.get(key)
        return getattr(self.facts, column) if column and self.before_system(STEPS[key]) else None

    def is_done(self, key: str) -> bool:
        step = STEPS[key]
        if self.entry(key) is not None or self.before_system(step):
            return True
        return key == "application" and self.facts.applied_at is not None

    @property
    def dates(self) -> Dates:
        return Dates(applied_at=self.facts.applied_at,
                     activist_at=self.done_on("activist_selected") or self.facts.activist_at,
                     admission_vote_on=self.done_on("admission_vote") or self.facts.probationary_at,
                     extension_months=self.extension_months)

    # --- due dates, guards and blockers -----------------------------------------------------------------

    def due_on(self, step: Step) -> date | None:
        dates = self.dates
        if step.key == "application_talk" and dates.applied_at:
            return add_months(dates.applied_at, 1)  # 细则第八条: 一个月内派人谈话
        if step.repeats_months:
            if self.facts.status != step.during:
                return None
            last = self.entry(step.key)
            start = dates.activist_at if step.during == "activist" else dates.admission_vote_on
            base = last.done_on if last and last.done_on else start
            return add_months(base, step.repeats_months) if base else None
        if step.key == "admission_approved" and dates.admission_vote_on:
            return add_months(dates.admission_vote_on, APPROVAL_MONTHS)
        if step.key == "conversion_application":
            return dates.probation_ends
        if step.key == "conversion_approved":
            vote_on = self.done_on("conversion_vote")
            return add_months(vote_on, APPROVAL_MONTHS) if vote_on else None
        return None

    def waiting_problem(self, step: Step, day: date | None = None) -> tuple[str, date | None] | None:
        """The waiting time of a vote step not yet over on `day` (default today): (the rule, its first day)."""
        waiting = WAITING_TIMES.get(step.key)
        return waiting.problem(self.dates, day or self.today) if waiting else None

    def _time_guard(self, step: Step) -> str | None:
        problem = self.waiting_problem(step)
        return problem[0] if problem else None

    def missing(self, step: Step) -> list[str]:
        return [STEPS[key].name for key in step.requires if not self.is_done(key)]

    def blocker(self, step: Step) -> str | None:
        """Why `step` cannot be taken now, or None: a halt, a missing step, a waiting time, a publicity or review."""
        if self.facts.halt:
            return self.facts.halt
        missing = self.missing(step)
        if missing:
            return "尚未完成：" + "、".join(missing)
        return self._time_guard(step) or self._gate(step)

    def in_system(self, key: str) -> bool:
        """Recorded in the system (by a vote or by hand), not taken from a paper file."""
        entry = self.entry(key)
        return entry is not None and entry.source in ("vote", "hand")

    def _gate(self, step: Step) -> str | None:
        """The publicity after a step gates the next one when the step was recorded in the system or a publicity of
        its kind is held in the system, whatever the source of the step before it (a step from the paper file
        without one had its publicity on paper); the six departments' replies gate steps 10 and 13."""
        kind = publicity.GATED.get(step.key)
        if kind is not None and (self.in_system(kind.after) or any(p.kind == kind.key for p in self.facts.publicities)):
            problem = publicity.gate_problem(step.key, list(self.facts.publicities), self.today)
            if problem:
                return problem
        if step.key == "political_review":
            return review.political_review_problem(self.facts.review)
        if step.key == "committee_prereview" and self.in_system("political_review"):
            return review.prereview_problem(self.facts.review)
        return None

    def publicity_due(self) -> str | None:
        """The publicity the record is at: its step done in the system, the gated one not, none started yet."""
        for kind in publicity.KINDS.values():
            if self.in_system(kind.after) and not self.is_done(kind.gates) \
                    and not any(p.kind == kind.key for p in self.facts.publicities):
                return kind.key
        return None

    # --- the view ------------------------------------------------------------------------------------------

    def state(self, step: Step) -> str:
        if self.is_done(step.key):
            if step.repeats_months and self.facts.status == step.during:
                due = self.due_on(step)
                if due is not None and (due - self.today).days <= DUE_SOON_DAYS:
                    return "open"  # the next assessment is due
            return "done"
        if _rank(step.during) > _rank(self.facts.status):
            return "not_yet"
        if step.key in CONVERSION_ROUND and self.facts.status != "probationary":
            return "done" if self.is_done(step.key) else "not_yet"
        return "blocked" if self.blocker(step) else "open"

    def evidence(self, step: Step) -> dict | None:
        entry = self.entry(step.key)
        if step.key == "activist_selected" and self.entry(RECOMMENDED) is not None:
            recommended = {"recommendation": {**self.entry(RECOMMENDED).evidence,
                                              "done_on": self.entry(RECOMMENDED).done_on}}
        else:
            recommended = {}
        if entry is not None:
            return {**entry.evidence, **recommended, "source": entry.source, "source_label": SOURCES[entry.source],
                    "recorded_by": entry.recorded_by, "fields": entry.fields, "late": entry.late, "flag": entry.flag}
        if step.key == "application" and self.facts.applied_at:
            return {"source": "roster", "source_label": SOURCES["roster"]}
        if self.before_system(step):
            return {"source": "before_system", "source_label": SOURCES["before_system"]}
        return None

    def step_view(self, step: Step) -> dict:
        state = self.state(step)
        due = self.due_on(step) if state != "done" or step.repeats_months else None
        view = {"no": step.no, "key": step.key, "name": step.name, "stage": step.stage, "state": state,
                "done_on": self.done_on(step.key), "due_on": due,
                "overdue": bool(due and due < self.today and state != "done"),
                "by": step.by, "by_vote": step.by_vote, "evidence": self.evidence(step)}
        if step.repeats_months:
            view["times"] = len(self.entries(step.key))
        if step.key in CONVERSION_ROUND and self.round > 1:
            view["round"] = self.round
        return view

    def view(self) -> dict:
        steps = [self.step_view(step) for step in STEPS.values()]
        blockers = [{"key": s.key, "reason": self.blocker(s)} for s in STEPS.values()
                    if s.during == self.facts.status and not self.is_done(s.key) and self.blocker(s)]
        probation_ends = self.dates.probation_ends if self.facts.status == "probationary" else None
        return {"status": self.facts.status, "steps": steps, "blockers": blockers, "probation_ends": probation_ends,
                "extension_months": self.extension_months, "publicity_due": self.publicity_due(),
                "halted": self.facts.halt}

    def own_view(self) -> dict:
        """我的发展进程: what a person sees of their own path — the steps done with their dates, and the next ones with
        when they are due and what holds them; no evidence and no names of who recorded."""
        done = [{"no": s.no, "name": s.name, "stage": s.stage, "done_on": self.done_on(s.key)}
                for s in STEPS.values() if self.is_done(s.key) and not s.repeats_months]
        ahead = []
        for step in STEPS.values():
            state = self.state(step)
            if state in ("open", "blocked") and not (self.is_done(step.key) and step.repeats_months):
                due = self.due_on(step)
                ahead.append({"no": step.no, "name": step.name, "stage": step.stage, "due_on": due,
                              "overdue": bool(due and due < self.today), "waiting_for": self.blocker(step)})
        return {"status": self.facts.status, "done": done, "next": ahead,
                "probation_ends": self.dates.probation_ends if self.facts.status == "probationary" else None,
                "halted": self.facts.halt}

    def due_items(self) -> list[tuple[Step, date, bool]]:
        """Steps due within a week or overdue, as (step, due_on, overdue): what the daily scan lists."""
        items = []
        for step in STEPS.values():
            if self.state(step) not in ("open", "blocked"):
                continue
            due = self.due_on(step)
            if due is not None and (due - self.today).days <= DUE_SOON_DAYS:
                items.append((step, due, due < self.today))
        return items

    # --- recording a step ------------------------------------------------------------------------------------

    def check(self, key: str, done_on: date, fields: dict, *, by_vote: bool = False) -> Entry:
        """May `key` be recorded as done on `done_on` with `fields`? Raises Conflict (409: the state of the record
        does not allow it, naming the blocker) or RuleViolation (422: a rule of the step, naming it)."""
        step = STEPS[key]
        if step.key == "application":
            raise Conflict("递交入党申请书的日期即名册中的入党申请日期，请在人员信息中修改", code="not_recordable")
        if step.by_vote and not by_vote:
            raise Conflict(f"“{step.name}”由表决通过后自动记录，不能手工录入", code="by_vote",
                           extra={"step": step.key})
        state = self.state(step)
        if state == "not_yet":
            raise Conflict(f"尚未到“{step.name}”这一步", code="not_yet", extra={"step": step.key})
        if self.is_done(step.key) and not step.repeats_months:
            raise Conflict(f"“{step.name}”已经完成", code="already_done", extra={"step": step.key})
        blocker = self.blocker(step)
        if blocker:
            raise Conflict(f"“{step.name}”{blocker}", code="blocked",
                           extra={"step": step.key, "blockers": [{"key": step.key, "reason": blocker}]})
        problems = self.problems(step, done_on, fields)
        if problems:
            first = problems[0]
            raise RuleViolation(first.message, code=first.rule, fields={first.field: [first.message]},
                                extra={"rule": first.rule, "step": step.key})
        due = self.due_on(step)
        return Entry(key=step.key, done_on=done_on, round=self.round if step.key in CONVERSION_ROUND else 1,
                     fields=fields, late=bool(due and done_on > due))

    def problems(self, step: Step, done_on: date | None, fields: dict) -> list[Problem]:
        """The step's rules over a date and fields."""
        problems = list(step.check_fields(fields))
        if done_on is None:
            return [Problem("date_required", "done_on", "请填写完成日期"), *problems]
        return self.date_problems(step, done_on) + problems + self._approval_window(step, done_on, fields) + (
            [Problem("extension_once", "outcome", "预备期只能延长一次")]
            if step.key == "conversion_approved" and fields.get("outcome") == "extended" and self.extension_months
            else [])

    def date_problems(self, step: Step, done_on: date) -> list[Problem]:
        """A date in the future, or before a step it follows."""
        problems = []
        if done_on > self.today:
            problems.append(Problem("date_in_future", "done_on", "完成日期不能晚于今天"))
        for key in step.requires:
            before = self.done_on(key)
            if before and done_on < before:
                problems.append(Problem("out_of_order", "done_on",
                                        f"完成日期不能早于“{STEPS[key].name}”（{before.isoformat()}）"))
        return problems

    def history_problems(self, step: Step, done_on: date) -> list[Problem]:
        """What a date from the paper file breaks: order, waiting times and approval windows (kept, flagged)."""
        problems = self.date_problems(step, done_on) + self._approval_window(step, done_on, {"reason": "历史资料"})
        waiting = WAITING_TIMES.get(step.key)
        ready = waiting.ready_on(self.dates) if waiting else None
        if ready and done_on < ready:
            problems.append(Problem("too_early", "done_on", f"未满足“{waiting.rule}”（{ready.isoformat()} 起方可）"))
        if step.key == "admission_approved" and self.dates.admission_vote_on and \
                done_on > add_months(self.dates.admission_vote_on, APPROVAL_MONTHS):
            problems.append(Problem("approval_late", "done_on", "超过 3 个月审批"))
        return problems

    def _approval_window(self, step: Step, done_on: date, fields: dict) -> list[Problem]:
        if step.key == "admission_approved" and self.dates.admission_vote_on:
            vote_on = self.dates.admission_vote_on
            if done_on > add_months(vote_on, APPROVAL_MONTHS_WITH_REASON):
                return [Problem("approval_too_late", "done_on", "上级党委应在支部大会讨论后 6 个月内审批")]
            if done_on > add_months(vote_on, APPROVAL_MONTHS) and not (fields.get("reason") or "").strip():
                return [Problem("approval_late_needs_reason", "reason",
                                "超过 3 个月审批须写明理由（最长不超过 6 个月）")]
        if step.key == "conversion_approved":
            vote_on = self.done_on("conversion_vote")
            if vote_on and done_on > add_months(vote_on, APPROVAL_MONTHS):
                return [Problem("approval_too_late", "done_on", "上级党委应在支部大会讨论转正后 3 个月内审批")]
        return []

    def status_change(self, entry: Entry) -> StatusChange | None:
        """What recording `entry` does to the person's status (the record is the only way a status changes)."""
        if entry.key in ("activist_selected", "target_selected"):
            stage = STEPS[entry.key].by_vote
            return StatusChange(STATUS_BY_VOTE[stage], entry.done_on, f"{STATUS_BY_VOTE[stage]}_at")
        if entry.key == "admission_approved":  # probation counts from the branch meeting (细则第三十一条)
            return StatusChange("probationary", self.dates.admission_vote_on or entry.done_on, "probationary_at")
        if entry.key == "conversion_approved":
            outcome = entry.fields.get("outcome")
            if outcome == "member":  # a full member from the day probation ended (细则第三十六条)
                return StatusChange("member", self.dates.probation_ends or entry.done_on, "full_member_at")
            if outcome == "disqualified":
                return StatusChange("disqualified", entry.done_on, "")
        return None
