"""六部门审查: the committee asks six departments about a target; each answers by its reply link (no account;
the link is unguessable, expires and works once) or the committee records the reply by hand. Requests without a
reply after 10 working days are reminded; an adverse opinion waits for the committee's decision."""
from __future__ import annotations

import secrets as random_tokens
from datetime import date, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server import clock, settings
from server.adapters import secrets
from server.domain import review as rules
from server.domain.errors import Conflict, NotFound, RuleViolation
from server.domain.publicity import clean_text
from server.domain.working_days import nth_working_day_after
from server.models import Account, Organization, Person, Review, ReviewDepartment, Task
from server.services import audit, calendar, notices, records
from server.services.publicities import token_hash
from server.services.scope import Principal, get_owned, get_person

LINK_DAYS = 30
TEXT_MAX = 2000


def reply_url(token: str) -> str:
    return f"{settings.current().public_base_url}/h5/r/{token}"


def _describe(review: Review, departments: list[ReviewDepartment]) -> dict:
    today = clock.today()
    return {"id": review.id, "person_id": review.person_id, "requested_on": review.requested_on,
            "decision": review.decision, "decision_note": review.decision_note,
            "departments": [{"id": d.id, "name": d.name, "state": d.state, "opinion": d.opinion, "text": d.text,
                             "replied_on": d.replied_on, "replied_via": d.replied_via, "expires_on": d.expires_on,
                             "reply_url": reply_url(secrets.decrypt(d.token_enc)) if d.token_enc and d.state == "pending"
                             and d.expires_on >= today else None,
                             "letter_pdf": f"/api/v1/reviews/{review.id}/departments/{d.id}/letter.pdf"}
                            for d in departments]}


def _departments(db: Session, review_id: int) -> list[ReviewDepartment]:
    return list(db.scalars(select(ReviewDepartment).where(ReviewDepartment.review_id == review_id)
                           .order_by(ReviewDepartment.id)))


def request_review(db: Session, principal: Principal, person_id: int, extra: list[str],
                   requested_on: date | None = None) -> dict:
    """POST /people/{id}/review: at step 10 of a target, the four fixed departments and two from the person's
    sector list (or the students' list). A request sent on paper may be recorded with its date."""
    person = get_person(db, principal, person_id, write=True)
    records.require_superior_committee(db, principal, person, "征求六部门意见")
    record = records.record_of(db, person)
    if person.status != "target" or record.is_done("political_review"):
        raise Conflict("发展对象进行政治审查时才征求六部门意见", code="review_not_due")
    if record.facts.review is not None and not record.facts.review.stopped:
        raise Conflict("已经征求过六部门意见", code="review_exists")
    org = db.get(Organization, person.org_id)
    names = rules.departments(org.sector, person.is_student, extra)
    today = clock.today()
    requested_on = requested_on or today
    if requested_on > today:
        raise RuleViolation("征求意见日期不能晚于今天", code="date_in_future", fields={"requested_on": ["不能晚于今天"]})
    review = Review(person_id=person.id, org_id=person.org_id, requested_by=principal.account_id,
                    requested_on=requested_on)
    db.add(review)
    db.flush()
    for name in names:
        token = random_tokens.token_urlsafe(32)
        db.add(ReviewDepartment(review_id=review.id, name=name, state="pending", token_hash=token_hash(token),
                                token_enc=secrets.encrypt(token), expires_on=today + timedelta(days=LINK_DAYS)))
    db.flush()
    audit.record(db, principal, "review.requested", "person", person.id, person.org_id, departments=names)
    return _describe(review, _departments(db, review.id))


def get_review(db: Session, principal: Principal, review_id: int, *, write: bool = False) -> Review:
    return get_owned(db, principal, Review, review_id, write=write, what="审查")


def for_person(db: Session, principal: Principal, person_id: int) -> dict | None:
    person = get_person(db, principal, person_id)
    review = db.scalar(select(Review).where(Review.person_id == person.id).order_by(Review.id.desc()).limit(1))
    return _describe(review, _departments(db, review.id)) if review else None


def _opinion(opinion: str) -> str:
    if opinion not in rules.OPINIONS:
        raise RuleViolation("意见应为：" + "、".join(rules.OPINIONS.values()), fields={"opinion": ["无效"]})
    return opinion


def _reply(department: ReviewDepartment, opinion: str, text: str | None, replied_on: date, via: str,
           account_id: int | None) -> None:
    department.state, department.opinion, department.replied_on = "replied", _opinion(opinion), replied_on
    department.text = clean_text(text, TEXT_MAX) if text and text.strip() else None
    department.replied_via, department.recorded_by = via, account_id
    department.token_hash = department.token_enc = None  # the link works once


def reply_by_hand(db: Session, principal: Principal, review_id: int, department_id: int, replied_on: date,
                  opinion: str, text: str | None) -> dict:
    """POST /reviews/{id}/departments/{dept_id}/reply: the committee records a reply received on paper."""
    review = get_review(db, principal, review_id, write=True)
    records.require_superior_committee(db, principal, db.get(Person, review.person_id), "录入部门意见")
    department = db.get(ReviewDepartment, department_id) if isinstance(department_id, int) else None
    if department is None or department.review_id != review.id:
        raise NotFound("找不到该部门", code="department_not_found")
    if department.state == "replied":
        raise Conflict("该部门已回复", code="already_replied")
    if replied_on > clock.today() or replied_on < review.requested_on:
        raise RuleViolation("回复日期应在征求意见之后、今天之前", code="reply_date", fields={"replied_on": ["日期无效"]})
    _reply(department, opinion, text, replied_on, "hand", principal.account_id)
    audit.record(db, principal, "review.replied", "person", review.person_id, review.org_id, department=department.name,
                 opinion=opinion)
    return _describe(review, _departments(db, review.id))


def decide(db: Session, principal: Principal, review_id: int, decision: str, note: str) -> dict:
    """After an adverse opinion, the committee records its decision: proceed, or stop the procedure."""
    review = get_review(db, principal, review_id, write=True)
    records.require_superior_committee(db, principal, db.get(Person, review.person_id), "研究决定")
    departments = _departments(db, review.id)
    if not any(d.opinion == "adverse" for d in departments):
        raise Conflict("没有部门提出不同意见，无需研究决定", code="no_decision_needed")
    if review.decision:
        raise Conflict("已作出决定", code="already_decided")
    if decision not in rules.DECISIONS:
        raise RuleViolation("决定应为：" + "、".join(rules.DECISIONS.values()), fields={"decision": ["无效"]})
    review.decision, review.decision_note, review.decided_by = decision, clean_text(note, 1000), principal.account_id
    audit.record(db, principal, "review.decided", "person", review.person_id, review.org_id, decision=decision)
    return _describe(review, departments)


# --- the department's side (no account) ------------------------------------------------------------------------

def _by_token(db: Session, token: str) -> ReviewDepartment:
    department = db.scalar(select(ReviewDepartment).where(ReviewDepartment.token_hash == token_hash(token or "")))
    if department is None or department.expires_on < clock.today():
        raise NotFound("链接无效、已使用或已过期，请联系发函的党委", code="reply_link_invalid")
    return department


def public_request(db: Session, token: str) -> dict:
    """GET /public/reviews/{token}: whom the opinion is asked about (no ID-card or phone numbers, no ids)."""
    department = _by_token(db, token)
    review = db.get(Review, department.review_id)
    person = db.get(Person, review.person_id)
    org = db.get(Organization, review.org_id)
    committee = db.get(Organization, org.parent_id) if org.parent_id else org
    return {"department": department.name, "committee": committee.name, "org_name": org.name, "name": person.name,
            "gender": {"male": "男", "female": "女"}.get(person.gender or "", ""),
            "birth": person.birth_date.strftime("%Y年%m月") if person.birth_date else "",
            "residence": person.residence or "", "requested_on": review.requested_on,
            "expires_on": department.expires_on}


def public_reply(db: Session, token: str, opinion: str, text: str | None) -> dict:
    """POST /public/reviews/{token}/reply: the department's opinion; the link is spent."""
    department = _by_token(db, token)
    review = db.get(Review, department.review_id)
    _reply(department, opinion, text, clock.today(), "link", None)
    audit.record(db, Principal(), "review.replied", "person", review.person_id, review.org_id,
                 department=department.name, opinion=opinion)
    return {"department": department.name, "state": "replied"}


# --- reminders ----------------------------------------------------------------------------------------------

def remind(db: Session, today: date | None = None) -> int:
    """Requests without a reply 10 working days after they were sent: a task and a push for the committee staff
    who sent them, once per request."""
    today = today or clock.today()
    rows = db.execute(select(ReviewDepartment, Review).join(Review, Review.id == ReviewDepartment.review_id)
                      .where(ReviewDepartment.state == "pending", ReviewDepartment.reminded_on.is_(None)))
    reminded = 0
    working_calendar = calendar.load(db)
    for department, review in rows:
        due, _ = nth_working_day_after(review.requested_on, rules.REMIND_AFTER_WORKING_DAYS, working_calendar)
        if today <= due:
            continue
        department.reminded_on = today
        account = db.get(Account, review.requested_by) if review.requested_by else None
        person = db.get(Person, review.person_id)
        if account is not None:
            db.add(Task(account_id=account.id, org_id=review.org_id, kind="review_reminder", ref_id=department.id,
                        title=f"催办六部门意见：{person.name}（{department.name}）"[:200], due_on=today, state="open"))
            if account.person_id:
                notices.create_notice(db, Principal(org_id=account.org_id), title=f"部门意见未回复：{department.name}",
                                      body=f"{person.name}的征求意见函已发出 10 个工作日，{department.name}尚未回复，请催办。",
                                      audience={"review_id": review.id}, kind="review_reminder", ref_id=department.id,
                                      person_ids=[account.person_id])
        reminded += 1
    if reminded:
        db.flush()
    db.execute(update(Task).where(Task.kind == "review_reminder", Task.state == "open",
                                  Task.ref_id.in_(select(ReviewDepartment.id).where(ReviewDepartment.state == "replied")))
               .values(state="done", note="部门已回复", done_at=clock.now()))
    return reminded


def for_person_with_options(db: Session, principal: Principal, person_id: int) -> dict:
    """The person's latest review, and the departments a new one asks (the four fixed, and the list to choose from)."""
    person = get_person(db, principal, person_id)
    org = db.get(Organization, person.org_id)
    return {"review": for_person(db, principal, person.id), "fixed_departments": list(rules.FIXED),
            "extra_options": list(rules.extras_for(org.sector, person.is_student))}
