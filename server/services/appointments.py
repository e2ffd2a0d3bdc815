"""Appointing special organizers (特聘组织员聘任): terms, yearly assessments and renewal (rules: domain/organizer_terms).

Seed part 四: a committee with approval authority appoints a full member nominated by an organization, with the
person's consent and after vetting; the term is two years; renewal follows a passing assessment.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server import clock
from server.adapters.sql import insert_unless_exists
from server.domain import organizer_terms as terms
from server.domain.errors import Conflict, Forbidden, NotFound, RuleViolation
from server.domain.vocab import may_approve
from server.models import Account, Organization, OrganizerAppointment, OrganizerAssessment, OrganizerAssignment, Person
from server.services import audit
from server.services.scope import Principal, get_org, get_person, in_paths, require_staff, require_writer


def organizer_account_id(db: Session, person_id: int) -> int | None:
    """The organizer account that belongs to the appointed person, if one was made."""
    return db.scalar(select(Account.id).where(Account.person_id == person_id, Account.role == "organizer"))


def appointment_on(db: Session, person_id: int | None, day: date) -> OrganizerAppointment | None:
    if person_id is None:
        return None
    return db.scalar(select(OrganizerAppointment).where(
        OrganizerAppointment.person_id == person_id, OrganizerAppointment.starts_on <= day,
        OrganizerAppointment.ends_on >= day).order_by(OrganizerAppointment.starts_on.desc()).limit(1))


def _appointing_org(db: Session, principal: Principal, org_id: int) -> Organization:
    principal = require_writer(principal)
    org = get_org(db, principal, org_id, write=True)
    if principal.role != "org_staff" or not may_approve(org.level, org.has_approval_authority):
        raise Forbidden("特聘组织员由有审批权限的党委聘任", code="no_approval_authority")
    return org


def appoint(db: Session, principal: Principal, *, person_id: int, appointing_org_id: int, starts_on: date,
            consent_on: date, vetting_notes: str, nominating_org_id: int, background: str,
            contact_member: str) -> dict:
    """聘任: a full member of the committee's subtree, nominated by an organization, with their consent and after
    vetting (seed 四: 组织推荐、个人自愿、党委考察), for two years from `starts_on` (a past date records an appointment
    made on paper); one of the committee's 班子成员 keeps direct contact with them."""
    org = _appointing_org(db, principal, appointing_org_id)
    person = get_person(db, principal, person_id)
    person_org = db.get(Organization, person.org_id)
    if not person_org.path.startswith(org.path):
        raise NotFound("找不到该人员", code="person_not_found")
    if person.status != "member":
        raise RuleViolation("特聘组织员须为正式党员", code="not_full_member",
                            fields={"person_id": ["不是正式党员"]})
    get_org(db, principal, nominating_org_id)
    if consent_on > starts_on:
        raise RuleViolation("本人同意应在聘任之前", fields={"consent_on": ["晚于聘期开始日期"]})
    for name, value, label in (("vetting_notes", vetting_notes, "党委考察情况"), ("contact_member", contact_member, "联系班子成员")):
        if len((value or "").strip()) < 2:
            raise RuleViolation(f"请填写{label}", code=f"{name}_required", fields={name: [f"请填写{label}"]})
    if background not in terms.BACKGROUNDS:
        raise RuleViolation("请选择人员来源", code="background_required",
                            fields={"background": ["应为 " + "、".join(terms.BACKGROUNDS.values())]})
    ends_on = terms.term_ends_on(starts_on)
    _refuse_overlap(db, person.id, starts_on, ends_on)
    appointment = OrganizerAppointment(person_id=person.id, appointing_org_id=org.id,
                                       nominating_org_id=nominating_org_id, starts_on=starts_on, ends_on=ends_on,
                                       consent_on=consent_on, vetting_notes=vetting_notes.strip(),
                                       background=background, contact_member=contact_member.strip(),
                                       created_by=principal.account_id)
    db.add(appointment)
    db.flush()
    audit.record(db, principal, "organizer.appointed", "organizer_appointment", appointment.id, org.id)
    return describe(db, appointment)


def _refuse_overlap(db: Session, person_id: int, starts_on: date, ends_on: date) -> None:
    overlapping = db.scalar(select(OrganizerAppointment.id).where(
        OrganizerAppointment.person_id == person_id, OrganizerAppointment.starts_on <= ends_on,
        OrganizerAppointment.ends_on >= starts_on).limit(1))
    if overlapping is not None:
        raise Conflict("该同志在这段时间已有聘期", code="already_appointed")


def appointment_for_staff(db: Session, principal: Principal, appointment_id: int, *,
                          write: bool) -> OrganizerAppointment:
    """An appointment made by an organization in the caller's subtree (others are not found)."""
    principal = require_writer(principal) if write else require_staff(principal)
    appointment = db.get(OrganizerAppointment, appointment_id) if isinstance(appointment_id, int) else None
    if appointment is None:
        raise NotFound("找不到该聘任记录", code="appointment_not_found")
    try:
        get_org(db, principal, appointment.appointing_org_id, write=write)
    except (NotFound, Forbidden):
        raise NotFound("找不到该聘任记录", code="appointment_not_found") from None
    return appointment


def assess(db: Session, principal: Principal, appointment_id: int, *, year: int, result: str,
           notes: str | None = None) -> dict:
    """年度考核: one result per year of the term."""
    appointment = appointment_for_staff(db, principal, appointment_id, write=True)
    _appointing_org(db, principal, appointment.appointing_org_id)
    problem = terms.assessment_year_problem(appointment.starts_on, year)
    if problem:
        raise RuleViolation(problem, code="not_a_term_year", fields={"year": [problem]})
    if result not in terms.ASSESSMENT_RESULTS:
        raise RuleViolation("考核结果无效", fields={"result": ["应为 优秀、合格 或 不合格"]})
    assessment_id = insert_unless_exists(db, OrganizerAssessment, appointment_id=appointment.id, year=year,
                                         result=result, notes=notes, assessed_by=principal.account_id,
                                         created_at=clock.now())
    if assessment_id is None:
        raise Conflict(f"{year} 年度已考核", code="already_assessed")
    audit.record(db, principal, "organizer.assessed", "organizer_appointment", appointment.id,
                 appointment.appointing_org_id, year=year, result=result)
    return {"id": assessment_id, "appointment_id": appointment.id, "year": year, "result": result,
            "result_label": terms.ASSESSMENT_RESULTS[result], "notes": notes}


def renew(db: Session, principal: Principal, appointment_id: int) -> dict:
    """续聘: a new term after a passing last assessment; the organizations served carry over into it."""
    old = appointment_for_staff(db, principal, appointment_id, write=True)
    _appointing_org(db, principal, old.appointing_org_id)
    if db.scalar(select(OrganizerAppointment.id).where(OrganizerAppointment.renewed_from_id == old.id)):
        raise Conflict("该聘期已续聘", code="already_renewed")
    last = db.scalar(select(OrganizerAssessment.result).where(OrganizerAssessment.appointment_id == old.id)
                     .order_by(OrganizerAssessment.year.desc()).limit(1))
    refusal = terms.renewal_refusal(last)
    if refusal:
        raise Conflict(refusal, code="renewal_needs_pass")
    starts_on = terms.renewal_starts_on(old.ends_on, clock.today())
    ends_on = terms.term_ends_on(starts_on)
    new = OrganizerAppointment(person_id=old.person_id, appointing_org_id=old.appointing_org_id,
                               nominating_org_id=old.nominating_org_id, starts_on=starts_on, ends_on=ends_on,
                               background=old.background, contact_member=old.contact_member,
                               renewed_from_id=old.id, created_by=principal.account_id)
    db.add(new)
    db.flush()
    db.execute(update(OrganizerAssignment).where(OrganizerAssignment.appointment_id == old.id)
               .values(appointment_id=new.id, term_start=starts_on, term_end=ends_on))
    audit.record(db, principal, "organizer.renewed", "organizer_appointment", new.id, new.appointing_org_id)
    return describe(db, new)


def describe(db: Session, appointment: OrganizerAppointment) -> dict:
    person = db.get(Person, appointment.person_id)
    assessments = db.scalars(select(OrganizerAssessment).where(OrganizerAssessment.appointment_id == appointment.id)
                             .order_by(OrganizerAssessment.year)).all()
    today = clock.today()
    due = terms.assessments_due(appointment.starts_on, {a.year for a in assessments}, today)
    orgs = db.execute(select(Organization.id, Organization.name).join(
        OrganizerAssignment, OrganizerAssignment.org_id == Organization.id)
        .where(OrganizerAssignment.appointment_id == appointment.id).order_by(Organization.path)).all()
    return {
        "id": appointment.id, "person_id": person.id, "name": person.name,
        "account_id": organizer_account_id(db, person.id),
        "appointing_org_id": appointment.appointing_org_id, "nominating_org_id": appointment.nominating_org_id,
        "starts_on": appointment.starts_on, "ends_on": appointment.ends_on, "consent_on": appointment.consent_on,
        "vetting_notes": appointment.vetting_notes, "renewed_from_id": appointment.renewed_from_id,
        "background": appointment.background, "background_label": terms.BACKGROUNDS.get(appointment.background or ""),
        "contact_member": appointment.contact_member,
        "in_term": terms.in_term(today, appointment.starts_on, appointment.ends_on),
        "assessments": [{"year": a.year, "result": a.result, "result_label": terms.ASSESSMENT_RESULTS[a.result],
                         "notes": a.notes} for a in assessments],
        "assessments_due": [{"year": y.year, "due_on": y.ends_on} for y in due],
        "term_years": [{"year": y.year, "due_on": y.ends_on} for y in terms.term_years(appointment.starts_on)],
        "organizations": [{"id": org_id, "name": name} for org_id, name in orgs],
        "work": _work_in_term(db, appointment),
    }


def _work_in_term(db: Session, appointment: OrganizerAppointment) -> dict:
    """What the assessment weighs: reports filed and answered, tasks done, meetings attended in the term."""
    from sqlalchemy import func

    from server.clock import CHINA
    from server.models import MeetingInvitation, OrganizerReport, Task

    account_id = organizer_account_id(db, appointment.person_id)
    if account_id is None:
        return {"reports": 0, "reports_answered": 0, "tasks_done": 0, "meetings_attended": 0}
    start = datetime.combine(appointment.starts_on, time.min, CHINA)
    end = datetime.combine(appointment.ends_on + timedelta(days=1), time.min, CHINA)

    def count(model, *where):
        return db.scalar(select(func.count()).select_from(model).where(*where)) or 0

    in_reports = (OrganizerReport.account_id == account_id, OrganizerReport.created_at >= start,
                  OrganizerReport.created_at < end)
    return {"reports": count(OrganizerReport, *in_reports),
            "reports_answered": count(OrganizerReport, *in_reports, OrganizerReport.answered_at.is_not(None)),
            "tasks_done": count(Task, Task.account_id == account_id, Task.state == "done", Task.done_at >= start,
                                Task.done_at < end),
            "meetings_attended": count(MeetingInvitation, MeetingInvitation.account_id == account_id,
                                       MeetingInvitation.state == "attended", MeetingInvitation.responded_at >= start,
                                       MeetingInvitation.responded_at < end)}


def list_appointments(db: Session, principal: Principal, *, current_only: bool = False) -> list[dict]:
    """Appointments made in the caller's subtree, latest first."""
    principal = require_staff(principal)
    query = (select(OrganizerAppointment).join(Organization, Organization.id == OrganizerAppointment.appointing_org_id)
             .where(in_paths(Organization.path, principal.read_paths)))
    if current_only:
        today = clock.today()
        query = query.where(OrganizerAppointment.starts_on <= today, OrganizerAppointment.ends_on >= today)
    rows = db.scalars(query.order_by(OrganizerAppointment.starts_on.desc(), OrganizerAppointment.id.desc())
                      .limit(500)).all()
    return [describe(db, a) for a in rows]


def get_appointment(db: Session, principal: Principal, appointment_id: int) -> dict:
    return describe(db, appointment_for_staff(db, principal, appointment_id, write=False))


def in_term_condition(day: date):
    """SQL: an assignment whose term holds on `day`."""
    return (OrganizerAssignment.term_start <= day) & (OrganizerAssignment.term_end >= day)


def ended_or_missing(assignment: OrganizerAssignment | None, day: date) -> bool:
    return assignment is None or not terms.in_term(day, assignment.term_start, assignment.term_end)



def coverage(db: Session, principal: Principal) -> list[dict]:
    """Per sector of the caller's subtree: branches, how many an organizer serves today (directly or through a
    committee above), and the ones without (seed part 四: rural, community and 两新 branches first)."""
    from server.domain.vocab import SECTORS

    principal = require_staff(principal)
    today = clock.today()
    served = [path for (path,) in db.execute(
        select(Organization.path).join(OrganizerAssignment, OrganizerAssignment.org_id == Organization.id)
        .where(in_term_condition(today)))]
    sectors: dict[str, dict] = {}
    for org_id, name, sector, path in db.execute(
            select(Organization.id, Organization.name, Organization.sector, Organization.path)
            .where(Organization.level == "branch", in_paths(Organization.path, principal.read_paths))
            .order_by(Organization.path)):
        row = sectors.setdefault(sector, {"sector": sector, "label": SECTORS.get(sector, sector), "branches": 0,
                                          "covered": 0, "uncovered": []})
        row["branches"] += 1
        if any(path.startswith(p) for p in served):
            row["covered"] += 1
        elif len(row["uncovered"]) < 200:
            row["uncovered"].append({"id": org_id, "name": name})
    return sorted(sectors.values(), key=lambda r: -r["branches"])


def remind_assessments(db: Session, today: date) -> int:
    """The daily scan's reminder: a task for the appointing committee's staff for every term year whose assessment
    is due (from 30 days before it ends) and not recorded; once per term year (ref: appointment id × 10 + its
    number in the term)."""
    from server.models import Task

    made = 0
    soon = today + timedelta(days=terms.ASSESSMENT_REMINDER_DAYS)
    rows = db.execute(select(OrganizerAppointment, Person.name).join(Person, Person.id == OrganizerAppointment.person_id)
                      .where(OrganizerAppointment.starts_on <= soon,
                             OrganizerAppointment.ends_on >= today - timedelta(days=365))).all()
    for appointment, name in rows:
        recorded = set(db.scalars(select(OrganizerAssessment.year)
                                  .where(OrganizerAssessment.appointment_id == appointment.id)))
        staff = list(db.scalars(select(Account.id).where(Account.org_id == appointment.appointing_org_id,
                                                         Account.role == "org_staff", Account.active.is_(True))))
        for year in terms.assessments_due(appointment.starts_on, recorded, today):
            for account_id in staff:
                made += insert_unless_exists(db, Task, account_id=account_id, org_id=appointment.appointing_org_id,
                                             kind="assess_organizer", ref_id=appointment.id * 10 + year.number,
                                             title=f"特聘组织员{name} {year.year} 年度考核"[:200], due_on=year.ends_on,
                                             state="open") is not None
    return made
