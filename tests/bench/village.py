"""The village branch the voting benchmarks meet in: the tree above it, members, applicants of ten months and
mass representatives, and its secretary."""
from __future__ import annotations

from datetime import date, timedelta


def rural_branch(members: int, mass_reps: int):
    """(secretary's principal, branch id); call inside an app context after the migrations."""
    from sqlalchemy import insert

    from server.extensions import db
    from server.models import Account, Organization, Person
    from server.services.auth import hash_password, principal_for_account

    parent = None
    for name, level in (("市委组织部", "city"), ("县委组织部", "county"), ("镇党委", "committee"), ("村党支部", "branch")):
        org = Organization(name=name, level=level, sector="rural", parent_id=parent.id if parent else None)
        db.session.add(org)
        db.session.flush()
        org.path = (parent.path if parent else "/") + f"{org.id}/"
        parent = org
    people = [{"org_id": parent.id, "name": f"党员{i}", "status": "member", "committee_member": i < 5,
               "status_since": date(2010, 1, 1)} for i in range(members)]
    people += [{"org_id": parent.id, "name": f"申请人{i + 1}", "status": "applicant", "committee_member": False,
                "applied_at": date.today() - timedelta(days=300)} for i in range(10)]
    people += [{"org_id": parent.id, "name": f"代表{i}", "status": "mass_rep", "committee_member": False}
               for i in range(mass_reps)]
    db.session.execute(insert(Person), people)
    account = Account(username="bench", password_hash=hash_password("x" * 12), role="secretary", org_id=parent.id,
                      token_version=1, active=True)
    db.session.add(account)
    db.session.commit()
    return principal_for_account(db.session, account), parent.id
