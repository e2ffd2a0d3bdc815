"""Subscribe-message permissions granted in the mini-program (wx.requestSubscribeMessage): one push each."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server import settings
from server.adapters.sql import insert_unless_exists
from server.domain import push_kinds
from server.domain.errors import Forbidden, RuleViolation
from server.models import SubscribeGrant
from server.services.scope import Principal, require_login

MAX_GRANTS = 50  # WeChat lets a person accept a template again and again; keep the count sane


def _person(principal: Principal | None) -> int:
    principal = require_login(principal)
    if principal.person_id is None:
        raise Forbidden("只有绑定微信的人员可以订阅消息", code="not_a_roster_person")
    return principal.person_id


def known_templates() -> list[dict]:
    return push_kinds.templates_listed(settings.current().subscribe_templates)


def record(db: Session, principal: Principal, accepted: list[str]) -> None:
    person_id = _person(principal)
    known = {t["template_id"] for t in known_templates()}
    unknown = [t for t in accepted if t not in known]
    if unknown:
        raise RuleViolation("未知的订阅消息模板", fields={"accepted": ["未知模板"]})
    for template_id in set(accepted):
        if insert_unless_exists(db, SubscribeGrant, person_id=person_id, template_id=template_id, remaining=1) is None:
            db.execute(update(SubscribeGrant).where(SubscribeGrant.person_id == person_id,
                                                         SubscribeGrant.template_id == template_id,
                                                         SubscribeGrant.remaining < MAX_GRANTS)
                            .values(remaining=SubscribeGrant.remaining + 1))


def describe(db: Session, principal: Principal) -> dict:
    person_id = _person(principal)
    grants = dict(db.execute(select(SubscribeGrant.template_id, SubscribeGrant.remaining)
                                  .where(SubscribeGrant.person_id == person_id)).all())
    return {"templates": known_templates(), "grants": grants}
