"""五公示: starting a publicity where the record is at, its public page and notice, objections from the public,
their answers and the committee's decision; and what the record's gates need to know of them."""
from __future__ import annotations

import hashlib
import secrets as random_tokens
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import clock, settings
from server.adapters import secrets
from server.domain import publicity as rules
from server.domain.errors import Conflict, NotFound, RuleViolation
from server.domain.record import RECOMMENDED
from server.domain.vocab import GENDERS
from server.models import Account, Objection, Organization, Person, Publicity, RecordEntry, Task
from server.services import audit, notices, organizers, records
from server.services.scope import Principal, get_owned, get_person

CONTACT_MAX = 50
WORK_RECORD_MAX = 1000


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def public_url(token: str) -> str:
    return f"{settings.current().public_base_url}/h5/p/{token}"


def _content(db: Session, person: Person, kind: rules.PublicityKind, work_record: str | None) -> dict:
    """What the public reads: never ID-card or phone numbers."""
    org = db.get(Organization, person.org_id)
    entries = {key: (done_on, fields) for key, done_on, fields in db.execute(
        select(RecordEntry.key, RecordEntry.done_on, RecordEntry.fields).where(RecordEntry.person_id == person.id))}
    training = entries.get("training", (None, {}))[1] or {}
    stages = [(label, value) for label, value in (
        ("递交入党申请书", person.applied_at), ("确定为入党积极分子", person.activist_at),
        ("确定为发展对象", person.target_at), ("支部大会讨论接收为预备党员", person.probationary_at))
        if value]
    return {"kind_label": kind.label, "place": kind.place, "org_name": org.name, "name": person.name,
            "gender": GENDERS.get(person.gender or "", ""),
            "birth": person.birth_date.strftime("%Y年%m月") if person.birth_date else "",
            "education": person.education or "", "occupation": person.occupation or "",
            "stages": [{"label": label, "date": value.isoformat()} for label, value in stages],
            "training": (f"{training['days']} 天" if training.get("days") else
                         f"{training['hours']} 学时" if training.get("hours") else ""),
            "work_record": work_record or "", "recommended": RECOMMENDED in entries}


def start(db: Session, principal: Principal, *, person_id: int, kind: str, starts_on: date, ends_on: date,
          work_record: str | None = None) -> dict:
    """POST /publicities: the kind the record is at, at least 5 days (backdating allowed, for one held on paper)."""
    person = get_person(db, principal, person_id, write=True)
    publicity_kind = rules.publicity_kind(kind)
    rules.check_period(starts_on, ends_on)
    record = records.record_of(db, person)
    problem = publicity_kind.problem({key for key in (publicity_kind.after, publicity_kind.gates) if record.is_done(key)})
    if problem:
        raise RuleViolation(problem, code="publicity_not_due", fields={"kind": [problem]})
    token = random_tokens.token_urlsafe(32)
    row = Publicity(person_id=person.id, org_id=person.org_id, kind=kind, starts_on=starts_on, ends_on=ends_on,
                    token_hash=token_hash(token), token_enc=secrets.encrypt(token),
                    content=_content(db, person, publicity_kind, (work_record or "").strip()[:WORK_RECORD_MAX]),
                    created_by=principal.account_id)
    db.add(row)
    db.flush()
    audit.record(db, principal, "publicity.started", "person", person.id, person.org_id, kind=kind,
                 starts_on=starts_on.isoformat(), ends_on=ends_on.isoformat())
    organizers.create_auto_tasks(db, person.org_id, "check_publicity", row.id,
                                 f"检查公示：{person.name}（{publicity_kind.label}）", ends_on)
    return describe(row, token)


def describe(row: Publicity, token: str | None = None, counts: tuple[int, int] = (0, 0)) -> dict:
    token = token or secrets.decrypt(row.token_enc)
    today = clock.today()
    return {"id": row.id, "person_id": row.person_id, "kind": row.kind, "label": rules.KINDS[row.kind].label,
            "starts_on": row.starts_on, "ends_on": row.ends_on, "open": rules.is_open(row.starts_on, row.ends_on, today),
            "ended": rules.ended(row.ends_on, today), "token": token, "public_url": public_url(token),
            "pdf": f"/api/v1/publicities/{row.id}/notice.pdf", "objections": counts[0], "unanswered": counts[1]}


def get_publicity(db: Session, principal: Principal, publicity_id: int, *, write: bool = False) -> Publicity:
    return get_owned(db, principal, Publicity, publicity_id, write=write, what="公示")


def list_for_person(db: Session, principal: Principal, person_id: int) -> list[dict]:
    person = get_person(db, principal, person_id)
    rows = db.execute(select(Publicity, func.count(Objection.id),
                             func.count(Objection.id).filter(Objection.state == "pending"))
                      .outerjoin(Objection, Objection.publicity_id == Publicity.id)
                      .where(Publicity.person_id == person.id).group_by(Publicity.id).order_by(Publicity.id))
    return [describe(row, counts=(total, pending)) for row, total, pending in rows]


# --- the public side ------------------------------------------------------------------------------------------

def _by_token(db: Session, token: str) -> Publicity:
    row = db.scalar(select(Publicity).where(Publicity.token_hash == token_hash(token or "")))
    if row is None:
        raise NotFound("找不到该公示，请核对链接", code="publicity_not_found")
    return row


def public_view(db: Session, token: str) -> dict:
    """GET /public/publicities/{token}: what is published, and whether objections are taken now; no ids."""
    row = _by_token(db, token)
    today = clock.today()
    content = dict(row.content)
    return {"kind": row.kind, "kind_label": content.pop("kind_label"), "org_name": content.pop("org_name"),
            "place": content.pop("place"), "person": content, "starts_on": row.starts_on, "ends_on": row.ends_on,
            "open": rules.is_open(row.starts_on, row.ends_on, today), "ended": rules.ended(row.ends_on, today)}


def open_for_objections(db: Session, token: str) -> Publicity:
    """The publicity, if it takes objections today (409 before or after its period)."""
    row = _by_token(db, token)
    today = clock.today()
    if not rules.is_open(row.starts_on, row.ends_on, today):
        ended = rules.ended(row.ends_on, today)
        raise Conflict("公示期已结束，不再受理意见" if ended else "公示尚未开始", code="publicity_closed",
                       extra={"ends_on": row.ends_on.isoformat()})
    return row


def object_to(db: Session, row: Publicity, text: str, contact: str | None) -> dict:
    """An objection or tip from anyone: plain text only, bounded; a receipt to check later that it was answered.
    Those responsible are told by push and task."""
    text = rules.clean_text(text, rules.OBJECTION_MAX_CHARS)
    contact = rules.clean_text(contact, CONTACT_MAX) if contact and contact.strip() else None
    receipt = "-".join(random_tokens.token_hex(8).upper()[i:i + 4] for i in range(0, 16, 4))
    objection = Objection(publicity_id=row.id, text=text, contact_enc=secrets.encrypt(contact) if contact else None,
                          receipt_hash=token_hash(receipt))
    db.add(objection)
    db.flush()
    person = db.get(Person, row.person_id)
    _tell(db, row, person, objection)
    audit.record(db, Principal(), "objection.received", "person", person.id, person.org_id, publicity_id=row.id)
    return {"receipt": receipt, "received_at": objection.created_at}


def receipt_state(db: Session, token: str, receipt: str) -> dict:
    """Whether an objection was answered (not what the finding was: that stays with the organization)."""
    row = _by_token(db, token)
    objection = db.scalar(select(Objection).where(Objection.receipt_hash == token_hash((receipt or "").strip().upper()),
                                                  Objection.publicity_id == row.id))
    if objection is None:
        raise NotFound("找不到该回执，请核对后重新输入", code="receipt_not_found")
    return {"state": objection.state, "answered": objection.state == "answered",
            "answered_on": clock.china_date(objection.answered_at) if objection.answered_at else None}


def _responsible(db: Session, org: Organization) -> list[Account]:
    """The branch's secretaries, the staff of its parent committee, and the organizers who serve it."""
    accounts = list(db.scalars(select(Account).where(Account.active.is_(True), (
        (Account.role == "secretary") & (Account.org_id == org.id)) | (
        (Account.role == "org_staff") & (Account.org_id == (org.parent_id or org.id))))))
    organizer_ids = organizers.organizers_for(db, org)
    if organizer_ids:
        accounts += list(db.scalars(select(Account).where(Account.id.in_(organizer_ids), Account.active.is_(True))))
    return accounts


def _tell(db: Session, row: Publicity, person: Person, objection: Objection) -> None:
    org = db.get(Organization, person.org_id)
    label = rules.KINDS[row.kind].label
    accounts = _responsible(db, org)
    due = clock.today()
    for account in accounts:
        db.add(Task(account_id=account.id, org_id=org.id, kind="answer_objection", ref_id=objection.id,
                    title=f"答复公示意见：{person.name}（{label}）"[:200], due_on=due, state="open"))
    people = sorted({a.person_id for a in accounts if a.person_id})
    if people:
        notices.create_notice(db, Principal(org_id=org.id), title=f"公示收到意见：{person.name}"[:100],
                              body=f"{label}期间收到一条意见，请及时核实并答复。", audience={"publicity_id": row.id},
                              kind="objection", ref_id=objection.id, person_ids=people)


# --- answers and decisions -----------------------------------------------------------------------------------

def list_objections(db: Session, principal: Principal, publicity_id: int) -> list[dict]:
    row = get_publicity(db, principal, publicity_id)
    return [{"id": o.id, "text": o.text, "contact": secrets.decrypt(o.contact_enc), "state": o.state,
             "conclusion": o.conclusion, "finding": o.finding, "decision": o.decision, "decision_note": o.decision_note,
             "received_at": o.created_at, "answered_at": o.answered_at}
            for o in db.scalars(select(Objection).where(Objection.publicity_id == row.id).order_by(Objection.id))]


def _objection(db: Session, principal: Principal, objection_id: int, *, write: bool = True) -> Objection:
    objection = db.get(Objection, objection_id) if isinstance(objection_id, int) else None
    if objection is None:
        raise NotFound("找不到该意见", code="objection_not_found")
    get_publicity(db, principal, objection.publicity_id, write=write)
    return objection


def answer(db: Session, principal: Principal, objection_id: int, conclusion: str, finding: str) -> dict:
    """The branch or the committee answers: unfounded or founded, with the finding; answered once."""
    objection = _objection(db, principal, objection_id)
    if conclusion not in rules.CONCLUSIONS:
        raise RuleViolation("答复结论应为：" + "、".join(rules.CONCLUSIONS.values()), fields={"conclusion": ["无效"]})
    if objection.state == "answered":
        raise Conflict("该意见已答复", code="already_answered")
    objection.state, objection.conclusion = "answered", conclusion
    objection.finding = rules.clean_text(finding, rules.OBJECTION_MAX_CHARS)
    objection.answered_by, objection.answered_at = principal.account_id, clock.now()
    _close_tasks(db, objection.id, "answer_objection")
    row = db.get(Publicity, objection.publicity_id)
    audit.record(db, principal, "objection.answered", "person", row.person_id, row.org_id, conclusion=conclusion)
    return {"id": objection.id, "state": objection.state, "conclusion": conclusion}


def decide(db: Session, principal: Principal, objection_id: int, decision: str, note: str) -> dict:
    """After an objection found true, the committee decides: continue the procedure, or terminate it."""
    objection = _objection(db, principal, objection_id)
    row = db.get(Publicity, objection.publicity_id)
    records.require_superior_committee(db, principal, db.get(Person, row.person_id), "研究决定")
    if objection.conclusion != "founded":
        raise Conflict("只有经核实属实的意见需要上级党委研究决定", code="no_decision_needed")
    if objection.decision:
        raise Conflict("已作出决定", code="already_decided")
    if decision not in rules.DECISIONS:
        raise RuleViolation("决定应为：" + "、".join(rules.DECISIONS.values()), fields={"decision": ["无效"]})
    objection.decision, objection.decision_note = decision, rules.clean_text(note, 1000)
    objection.decided_by, objection.decided_at = principal.account_id, clock.now()
    audit.record(db, principal, "objection.decided", "person", row.person_id, row.org_id, decision=decision)
    return {"id": objection.id, "decision": decision}


def _close_tasks(db: Session, ref_id: int, kind: str) -> None:
    from sqlalchemy import update

    db.execute(update(Task).where(Task.kind == kind, Task.ref_id == ref_id, Task.state == "open")
               .values(state="done", note="已答复", done_at=clock.now()))


def notice_data(db: Session, principal: Principal, publicity_id: int) -> tuple[Publicity, str]:
    row = get_publicity(db, principal, publicity_id)
    return row, secrets.decrypt(row.token_enc)
