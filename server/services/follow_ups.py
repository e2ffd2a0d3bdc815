"""Follow-ups that results ask for (satisfaction below 80): listed for the staff who must act on them."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import FollowUp, Organization, Person
from server.services.scope import Principal, in_paths, require_staff

KIND_LABELS = {"key_warning_target": "支部发展党员工作满意度低于 80 分：列为调控预警重点对象，责令自查自纠",
               "reminder_talk": "新发展党员满意度低于 80 分：党支部及时进行提醒谈话"}


def list_follow_ups(db: Session, principal: Principal, *, open_only: bool = True) -> list[dict]:
    principal = require_staff(principal)
    query = (select(FollowUp, Organization.name, Person.name)
             .join(Organization, Organization.id == FollowUp.org_id)
             .outerjoin(Person, Person.id == FollowUp.person_id)
             .where(in_paths(Organization.path, principal.read_paths)).order_by(FollowUp.id.desc()))
    if open_only:
        query = query.where(FollowUp.done_at.is_(None))
    return [{"id": f.id, "kind": f.kind, "label": KIND_LABELS[f.kind], "org_id": f.org_id, "org_name": org_name,
             "session_id": f.session_id, "person_id": f.person_id, "person_name": person_name, "score": f.score,
             "created_at": f.created_at, "done_at": f.done_at}
            for f, org_name, person_name in db.execute(query.limit(500))]
