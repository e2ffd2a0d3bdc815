"""The numbers of development work for a subtree, counted in SQL per organization and summed up the tree in
Python: flows in a period (applied, activists, targets, admitted, made full members), the structure of the period's
admissions, and, for the criteria, the last admission and activist and overdue steps.

One grouped query per kind of number; at city scale (15,000 organizations, 300,000 people) the work is one scan of
the subtree's people, whichever organization is asked for.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from server import clock
from server.domain import plans
from server.models import DueStep, Organization, Person, RecordEntry

FLOWS = {"applied": Person.applied_at, "activists": Person.activist_at, "targets": Person.target_at,
         "admitted": Person.probationary_at, "full_members": Person.full_member_at}


@dataclass
class Figures:
    """One organization's numbers (its own roster, or after `roll_up` its whole subtree)."""

    flows: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    structure: dict[str, plans.Structure] = field(default_factory=dict)
    last_admission: date | None = None
    last_activist: date | None = None
    overdue_steps: int = 0
    late_steps: dict[str, int] = field(default_factory=lambda: defaultdict(int))       # per period
    flagged_history: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # per period

    def add(self, other: Figures) -> None:
        for period, flows in other.flows.items():
            for key, n in flows.items():
                self.flows[period][key] += n
        for period, s in other.structure.items():
            mine = self.structure.get(period, plans.Structure())
            self.structure[period] = plans.Structure(mine.admitted + s.admitted, mine.women + s.women,
                                                     mine.young + s.young, mine.college + s.college,
                                                     mine.frontline + s.frontline)
        self.last_admission = _later(self.last_admission, other.last_admission)
        self.last_activist = _later(self.last_activist, other.last_activist)
        self.overdue_steps += other.overdue_steps
        for period, n in other.late_steps.items():
            self.late_steps[period] += n
        for period, n in other.flagged_history.items():
            self.flagged_history[period] += n


def _later(a: date | None, b: date | None) -> date | None:
    return max(a, b) if a and b else (a or b)


def by_child(db: Session, org: Organization, periods: dict[str, tuple[date, date]]) -> tuple[Figures, dict[int, Figures]]:
    """The period's figures of an organization's whole subtree and of each organization directly under it. The
    database reads only the people with a date in a period (one scan); each is mapped to its child in Python, from
    the paths of the subtree. (Counts of everyone by current status would read every row of a city, ~250 ms more.)"""
    start, end = min(s for s, _ in periods.values()), max(e for _, e in periods.values())
    prefix = len(org.path)
    child_of: dict[int, int | None] = {}
    for org_id, path in db.execute(select(Organization.id, Organization.path)
                                   .where(Organization.path.startswith(org.path, autoescape=True))):
        head = path[prefix:].split("/", 1)[0]
        child_of[org_id] = int(head) if head else None  # None: the organization itself
    subtree = select(Organization.id).where(Organization.path.startswith(org.path, autoescape=True))
    children: dict[int | None, Figures] = defaultdict(Figures)
    any_date = or_(*[and_(column >= start, column < end) for column in FLOWS.values()])
    dated = db.execute(select(Person.org_id, *FLOWS.values(), Person.gender, Person.birth_date, Person.education,
                              Person.occupation).where(Person.org_id.in_(subtree), any_date))
    admitted = []
    for row in dated:
        figures = children[child_of.get(row[0])]
        for key, (s, e) in periods.items():
            flows = figures.flows[key]
            for name, value in zip(FLOWS, row[1:6], strict=True):
                if value is not None and s <= value < e:
                    flows[name] += 1
        if row[4] is not None and start <= row[4] < end:
            admitted.append((child_of.get(row[0]), row[4], *row[6:]))
    _count_structure(admitted, periods, children)
    total = Figures()
    for figures in children.values():
        total.add(figures)
    children.pop(None, None)
    return total, children


def _sums(periods: dict[str, tuple[date, date]]) -> list:
    return [func.sum(case((and_(column >= start, column < end), 1), else_=0)).label(f"{key}:{name}")
            for key, (start, end) in periods.items() for name, column in FLOWS.items()]


def _read(figures: Figures, row) -> None:
    for label, value in row.items():
        if label == "org_id" or value is None:
            continue
        if label in ("last_admission", "last_activist"):
            setattr(figures, label, value)
        else:
            period, _, flow = label.partition(":")
            figures.flows[period][flow] = int(value)


def _subtree(query, path: str):
    return query.join(Organization, Organization.id == Person.org_id).where(Organization.path.startswith(path, autoescape=True))


def collect(db: Session, path: str, periods: dict[str, tuple[date, date]], *,
            with_criteria: bool = False) -> dict[int, Figures]:
    """Per organization of the subtree at `path`: its own figures for each named period [start, end)."""
    found: dict[int, Figures] = defaultdict(Figures)
    sums = _sums(periods)
    if with_criteria:
        sums += [func.max(Person.probationary_at).label("last_admission"), func.max(Person.activist_at).label("last_activist")]
    for row in db.execute(_subtree(select(Person.org_id, *sums), path).group_by(Person.org_id)).mappings():
        _read(found[row["org_id"]], row)
    if periods:
        _structure(db, path, periods, found)
    if with_criteria:
        overdue = (select(DueStep.org_id, func.count()).join(Organization, Organization.id == DueStep.org_id)
                   .where(DueStep.overdue.is_(True), Organization.path.startswith(path, autoescape=True))
                   .group_by(DueStep.org_id))
        for org_id, n in db.execute(overdue):
            found[org_id].overdue_steps = n
        _late_and_flagged(db, path, periods, found)
    return found


def _late_and_flagged(db: Session, path: str, periods: dict[str, tuple[date, date]], found) -> None:
    """Criterion 5 beside overdue steps: steps done late in each period, and history entered in it that broke a
    rule (its date is the paper's, so it counts when it was entered)."""
    for label, (start, end) in periods.items():
        late = func.sum(case((and_(RecordEntry.late.is_(True), RecordEntry.done_on >= start, RecordEntry.done_on < end), 1),
                             else_=0))
        flagged = func.sum(case((and_(RecordEntry.flag.is_not(None), RecordEntry.created_at >= clock.china_start(start),
                                      RecordEntry.created_at < clock.china_start(end)), 1), else_=0))
        query = _subtree(select(Person.org_id, late, flagged).join(RecordEntry, RecordEntry.person_id == Person.id), path)
        for org_id, n_late, n_flagged in db.execute(query.where(or_(RecordEntry.late.is_(True), RecordEntry.flag.is_not(None)))
                                                    .group_by(Person.org_id)):
            found[org_id].late_steps[label] = int(n_late or 0)
            found[org_id].flagged_history[label] = int(n_flagged or 0)


def _count_structure(rows, periods: dict[str, tuple[date, date]], found) -> None:
    """The structure of each period's admissions: women, 35 and under at admission, college, front line."""
    counts: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for org_id, admitted_on, gender, birth, education, occupation in rows:
        age = plans.age_on(birth, admitted_on)
        for key, (s, e) in periods.items():
            if s <= admitted_on < e:
                c = counts[(org_id, key)]
                c[0] += 1
                c[1] += gender == "female"
                c[2] += age is not None and age <= plans.YOUNG_AGE
                c[3] += (education or "") in plans.COLLEGE_EDUCATION
                c[4] += (occupation or "") in plans.FRONTLINE_OCCUPATIONS
    for (org_id, key), c in counts.items():
        found[org_id].structure[key] = plans.Structure(*c)


def _structure(db: Session, path: str, periods: dict[str, tuple[date, date]], found: dict[int, Figures]) -> None:
    start = min(s for s, _ in periods.values())
    end = max(e for _, e in periods.values())
    rows = db.execute(_subtree(select(Person.org_id, Person.probationary_at, Person.gender, Person.birth_date,
                                      Person.education, Person.occupation), path)
                      .where(Person.probationary_at >= start, Person.probationary_at < end))
    _count_structure(rows, periods, found)


def roll_up(orgs: list[tuple[int, str]], own: dict[int, Figures]) -> dict[int, Figures]:
    """Each organization's whole-subtree figures, from (id, path) of the subtree and each one's own figures."""
    total: dict[int, Figures] = {org_id: Figures() for org_id, _ in orgs}
    for org_id, path in orgs:
        mine = own.get(org_id)
        if mine is None:
            continue
        for ancestor in path.strip("/").split("/"):
            target = total.get(int(ancestor)) if ancestor else None
            if target is not None:
                target.add(mine)
    return total
