"""The tree as the warning rules see it: an organization with its ancestors, for `domain.warning_issuers`."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain.warning_issuers import TreeOrg
from server.models import Organization


def ancestor_ids(org: Organization) -> list[int]:
    """Nearest first, the organization itself left out."""
    return ancestor_ids_of_path(org.path, org.id)


def ancestor_ids_of_path(path: str, org_id: int) -> list[int]:
    return [int(x) for x in reversed(path.strip("/").split("/")) if x and int(x) != org_id]


def tree_orgs(db: Session, ids: list[int]) -> dict[int, TreeOrg]:
    rows = db.execute(select(Organization.id, Organization.level, Organization.parent_id,
                             Organization.has_approval_authority, Organization.sector)
                      .where(Organization.id.in_(ids))).all() if ids else []
    levels = {r.id: r.level for r in rows}
    parents = [r.parent_id for r in rows if r.parent_id and r.parent_id not in levels]
    if parents:
        levels.update(dict(db.execute(select(Organization.id, Organization.level).where(Organization.id.in_(parents))).all()))
    return {r.id: TreeOrg(r.id, r.level, r.parent_id, bool(r.has_approval_authority), r.sector, levels.get(r.parent_id))
            for r in rows}


def with_ancestors(db: Session, org: Organization) -> tuple[TreeOrg, list[TreeOrg]]:
    """The organization and its ancestors (nearest first)."""
    ids = ancestor_ids(org)
    found = tree_orgs(db, [org.id, *ids])
    return found[org.id], [found[i] for i in ids if i in found]
