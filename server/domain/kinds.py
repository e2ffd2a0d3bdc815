"""The kinds of vote session and of meeting, each an object that knows its rules (looked up once by key).

A session kind answers every per-kind question: who may stand (candidates or subjects), who votes in which
group, the shape of an answer and its validation, the tally with its thresholds, and what a result asks to be
followed up. Sources: 南组通〔2013〕79号 part 三(一) 两推荐, 三(二) 双评议, 三(三) 四票决; the national
《中国共产党发展党员工作细则》(2014) for stages, electorates and quorum.

"Group `member`" is the voting group of Party members: for 两推荐 and 双评议 it includes probationary members
(预备党员); for the 四票决 it is the members with a vote at that stage. It is not the person status `member`
(正式党员), which excludes probationary members.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from server.domain import ballots, eligibility, tally
from server.domain import paper as paper_rules
from server.domain.ballots import BRANCH_WORK_ID, GRADES, VOTE_VALUES
from server.domain.eligibility import PersonFacts
from server.domain.errors import RuleViolation
from server.domain.record import RECOMMENDED
from server.domain.steps import VOTE_STEPS

BRANCH_WORK_NAME = "本支部上年度发展党员工作"
VOTING_STATUSES = ("member", "probationary")  # the member group of 两推荐 and 双评议


@dataclass(frozen=True)
class FollowUpDue:
    """Work a result asks for: `kind` with the subject's person (None for the branch) and score."""

    kind: str
    person_id: int | None
    score: float


# --- the four stages of the 四票决 -------------------------------------------------------------------------

@dataclass(frozen=True)
class Stage:
    """A stage of the 四票决: the status candidates come from and who votes (its waiting time is the record's,
    `steps.WAITING_TIMES`).

    `committee_votes`: the 支部委员会 decides (activist and target), or the 党员大会 where the branch has no
    committee members; otherwise all full members with a vote decide (admission and conversion; probationary
    members never vote there)."""

    key: str
    label: str
    from_status: str
    not_from_status: str          # "{name}不是…，不能…"
    committee_votes: bool

    def candidate_problem(self, person: PersonFacts, meeting_day: date) -> str | None:
        if person.status != self.from_status:
            return self.not_from_status.format(name=person.name)
        return None

    def voter_group(self, person: PersonFacts, committee_exists: bool = True) -> str | None:
        """A branch without committee members holds the committee's votes in the 党员大会 (不设支部委员会的
        支部党员大会, seed 三(一)1), where the full members vote."""
        if self.committee_votes and committee_exists:
            return "member" if person.committee_member and person.status in VOTING_STATUSES else None
        return "member" if person.status == "member" else None


STAGES: dict[str, Stage] = {s.key: s for s in (
    Stage("activist", "确定入党积极分子", "applicant", "{name}不是入党申请人，不能票决为入党积极分子", committee_votes=True),
    Stage("target", "确定发展对象", "activist", "{name}不是入党积极分子，不能票决为发展对象", committee_votes=True),
    Stage("admission", "接收预备党员", "target", "{name}不是发展对象，不能票决接收为预备党员", committee_votes=False),
    Stage("conversion", "预备党员转正", "probationary", "{name}不是预备党员，不能票决转正", committee_votes=False),
)}


# --- session kinds -----------------------------------------------------------------------------------------

class SessionKind:
    """The rules of one kind of vote session; subclasses fill in what differs."""

    key: str
    label: str
    options_word = "候选人"              # what the options are called
    options_key = "candidates"          # the response field (`options` is the same list for every kind)
    options_field = "candidate_ids"     # the request field naming people
    answer_key = "choices"              # the one key of a ballot's answers
    scale: dict[str, str] | None = None  # the values each option is marked with; None: options are ticked
    ballot_word = "推荐票"               # what its ballot is called in messages
    groups: tuple[str, ...] = ("member", "mass")
    has_stage = False
    has_max_choices = False
    mass_rule_applies = True            # the seed's numbers of mass representatives (三(一)3)
    defaults_to_eligible = False        # options left out mean "everyone eligible"
    committee_guides = False            # the committee sends someone to guide the meeting (派人参会指导)
    suggests_plan_ratio = False         # the wizard suggests how many to recommend from the year's plan (1:2)
    warns_on_low_turnout = True         # a group at or under half attendance is said above the result
    no_options = ("请至少选择一名候选人", "no_candidates")
    paper: paper_rules.ChoicePaper | paper_rules.ScalePaper  # how tellers count this kind's paper ballots

    def check_stage(self, stage: str | None) -> Stage | None:
        if stage is not None:
            raise RuleViolation("只有四票决有阶段", fields={"stage": ["只有四票决有阶段"]})
        return None

    def check_max_choices(self, max_choices: int | None, option_count: int) -> int | None:
        if max_choices is not None:
            raise RuleViolation("只有两推荐可以设置最多推荐人数", fields={"max_choices": ["只适用于两推荐"]})
        return None

    def option_problem(self, person: PersonFacts, meeting_day: date, stage: str | None) -> str | None:
        raise NotImplementedError

    def fixed_options(self, include_branch_work: bool | None) -> list[tuple[int, int | None, str]]:
        """Options that are not people (the branch's own work for 双评议)."""
        return []

    def voter_group(self, person: PersonFacts, stage: str | None, committee_exists: bool = True) -> str | None:
        if person.status in VOTING_STATUSES:
            return "member"
        return "mass" if person.status == "mass_rep" else None

    def normalize_answers(self, answers, option_ids: list[int], max_choices: int | None) -> dict:
        raise NotImplementedError

    def describe_answers(self, answers: dict, names: dict[int, str]) -> str:
        """Normalized answers in words, as their voter would read them back (a written opinion's notice)."""
        if self.scale is None:
            chosen = [names.get(int(option), "") for option in answers[self.answer_key]]
            return f"推荐：{'、'.join(chosen)}" if chosen else "未推荐任何人"
        return "；".join(f"{names.get(int(option), '')}：{self.scale[value]}"
                        for option, value in answers[self.answer_key].items())

    def tally(self, options: list[tuple[int, str]], *, member: list[dict], mass: list[dict], absentee: list[dict],
              should_attend: int, stage: str | None) -> dict:
        raise NotImplementedError

    def follow_ups(self, result: dict) -> list[FollowUpDue]:
        return []

    def record_entries(self, result: dict, stage: str | None) -> list[tuple[int, str]]:
        """(person id, record key) for what the result completes in the people's records."""
        return []


class Recommendation(SessionKind):
    """两推荐: members and mass representatives recommend applicants of at least six months."""

    key, label = "recommendation", "两推荐"
    has_max_choices = True
    suggests_plan_ratio = True          # seed 三(一)1: 有条件的党支部可按 1:2 的比例择优推荐
    paper = paper_rules.CHOICES

    def check_max_choices(self, max_choices: int | None, option_count: int) -> int | None:
        if max_choices is None:
            return option_count
        if not 1 <= max_choices <= option_count:
            raise RuleViolation(f"最多推荐人数应在 1 到 {option_count} 之间", fields={"max_choices": ["超出范围"]})
        return max_choices

    def option_problem(self, person, meeting_day, stage):
        return eligibility.recommendation_candidate_problem(person, meeting_day)

    def normalize_answers(self, answers, option_ids, max_choices):
        return ballots.normalize_choices(answers, option_ids, max_choices)

    def tally(self, options, *, member, mass, absentee, should_attend, stage):
        return tally.recommendation_result(options, member, mass, absentee)

    def record_entries(self, result, stage):
        """A qualifying 两推荐 is the first half of step 3 (推荐和确定入党积极分子)."""
        return [(c["id"], RECOMMENDED) for c in result["candidates"] if c["qualifies"]]


class StageVote(SessionKind):
    """四票决: yes / no / abstain on each candidate of a stage; only members vote."""

    key, label = "stage_vote", "四票决"
    warns_on_low_turnout = False        # its quorum (到会过半) decides: the result says quorum_met
    groups = ("member",)
    paper = paper_rules.VOTES
    has_stage = True
    mass_rule_applies = False

    def check_stage(self, stage):
        if stage not in STAGES:
            raise RuleViolation("四票决需要指定阶段", fields={"stage": ["应为 " + "、".join(STAGES)]})
        return STAGES[stage]

    def option_problem(self, person, meeting_day, stage):
        return STAGES[stage].candidate_problem(person, meeting_day)

    def voter_group(self, person, stage, committee_exists=True):
        return STAGES[stage].voter_group(person, committee_exists)

    answer_key, scale, ballot_word = "votes", VOTE_VALUES, "表决票"

    def normalize_answers(self, answers, option_ids, max_choices):
        return ballots.normalize_scale(answers, option_ids, self.answer_key, self.scale, self.ballot_word)

    def tally(self, options, *, member, mass, absentee, should_attend, stage):
        return tally.stage_vote_result(stage, options, should_attend, member, absentee)

    def record_entries(self, result, stage):
        """A passed stage vote completes its step of the record: 3, 7, 15 or 23."""
        return [(c["id"], VOTE_STEPS[stage].key) for c in result["candidates"] if c["passed"]]


class Satisfaction(SessionKind):
    """双评议: four grades for the branch's work of last year and each member admitted last year."""

    key, label = "satisfaction", "双评议"
    options_word, options_key, options_field = "评议对象", "subjects", "subject_person_ids"
    defaults_to_eligible = True
    committee_guides = True             # seed 五: 上级党委派人参会指导
    no_options = ("评议至少要有一个对象", "no_subjects")
    paper = paper_rules.RATINGS

    def option_problem(self, person, meeting_day, stage):
        return eligibility.satisfaction_subject_problem(person, meeting_day)

    def fixed_options(self, include_branch_work):
        return [(BRANCH_WORK_ID, None, BRANCH_WORK_NAME)] if include_branch_work in (None, True) else []

    answer_key, scale, ballot_word = "ratings", GRADES, "评议票"

    def normalize_answers(self, answers, option_ids, max_choices):
        return ballots.normalize_scale(answers, option_ids, self.answer_key, self.scale, self.ballot_word)

    def tally(self, options, *, member, mass, absentee, should_attend, stage):
        return tally.satisfaction_result(options, member, mass, absentee)

    def follow_ups(self, result):
        """Score < 80: the branch becomes a key warning target and must self-check; a new member gets a
        reminder talk (seed 三(二))."""
        return [FollowUpDue("key_warning_target" if s["id"] == BRANCH_WORK_ID else "reminder_talk",
                            None if s["id"] == BRANCH_WORK_ID else s["id"], s["score"])
                for s in result["subjects"] if s["below_threshold"]]


SESSION_KINDS: dict[str, SessionKind] = {k.key: k for k in (Recommendation(), StageVote(), Satisfaction())}
# The kinds whose meetings the committee guides and counts every year (the 双评议).
GUIDED_KINDS = tuple(key for key, rules in SESSION_KINDS.items() if rules.committee_guides)
KIND_LABELS = {key: kind.label for key, kind in SESSION_KINDS.items()}


def session_kind(key: str) -> SessionKind:
    kind = SESSION_KINDS.get(key)
    if kind is None:
        raise RuleViolation("表决类型无效", fields={"kind": ["应为 " + "、".join(SESSION_KINDS)]})
    return kind


# --- meeting kinds -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MeetingKind:
    """A kind of meeting: who is expected to attend, which votes it may hold, and where it is held."""

    key: str
    label: str
    attendee_statuses: tuple[str, ...]
    committee_only: bool = False
    # A 支部委员会 cannot hold the votes that need the masses or all full members (seed 三(一)(二)(三)).
    refuses: frozenset[str] = frozenset()
    holds_votes: bool = True
    levels: tuple[str, ...] = ("branch",)    # the levels of organization that hold it

    def vote_problem(self, kind: str, stage: str | None) -> str | None:
        if not self.holds_votes:
            return f"{self.label}不进行表决；表决请在党员大会、支部委员会或党员和群众代表会议中进行"
        if kind in self.refuses or stage in self.refuses:
            return f"{self.label}不能进行此项表决（需要全体党员或群众代表参加）"
        return None

    def place_problem(self, org_level: str) -> str | None:
        if org_level not in self.levels:
            return f"{self.label}只能由{'或'.join(ORG_LEVEL_WORDS[level] for level in self.levels)}召开"
        return None

    def expects(self, person: PersonFacts) -> bool:
        return person.committee_member if self.committee_only else person.status in self.attendee_statuses


ORG_LEVEL_WORDS = {"branch": "党支部", "committee": "基层党（工）委"}
MEETING_KINDS: dict[str, MeetingKind] = {m.key: m for m in (
    MeetingKind("branch_assembly", "支部党员大会", ("member", "probationary")),
    MeetingKind("branch_committee", "支部委员会", (), committee_only=True,
                refuses=frozenset({"recommendation", "satisfaction", "admission", "conversion"})),
    MeetingKind("members_and_masses", "党员和群众代表会议", ("member", "probationary", "mass_rep")),
    # Seed 四: organizers are invited to 党建工作会议和活动, which hold no vote, by committees and branches alike.
    MeetingKind("party_building", "党建工作会议或活动", ("member", "probationary"), holds_votes=False,
                levels=("branch", "committee")),
)}
MEETING_KIND_LABELS = {key: kind.label for key, kind in MEETING_KINDS.items()}


def meeting_kind(key: str) -> MeetingKind:
    kind = MEETING_KINDS.get(key)
    if kind is None:
        raise RuleViolation("会议类型无效", fields={"kind": ["应为 " + "、".join(MEETING_KINDS)]})
    return kind
