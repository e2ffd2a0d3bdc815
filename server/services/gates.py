"""What gates a person's record besides its own steps, loaded for the record: the publicities with their
objections (五公示) and the six departments' review (六部门审查)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain.publicity import PublicityFacts
from server.domain.review import ReviewFacts
from server.models import Objection, Publicity, Review, ReviewDepartment


def publicity_facts(db: Session, person_id: int) -> tuple[list[PublicityFacts], str | None]:
    """The person's publicities as the record's gates see them, and a halt if an objection found true waits for
    the committee."""
    rows = db.execute(
        select(Publicity.kind, Publicity.ends_on,
               func.count(Objection.id).filter(Objection.state == "pending"),
               func.count(Objection.id).filter(Objection.conclusion == "founded", Objection.decision.is_(None)),
               func.count(Objection.id).filter(Objection.decision == "terminate"))
        .outerjoin(Objection, Objection.publicity_id == Publicity.id)
        .where(Publicity.person_id == person_id).group_by(Publicity.id)).all()
    facts = [PublicityFacts(kind, ends_on, unanswered, undecided, bool(stopped))
             for kind, ends_on, unanswered, undecided, stopped in rows]
    halt = None
    if any(f.terminated for f in facts):
        halt = "公示中反映的问题属实，上级党委已决定终止发展程序"
    elif any(f.founded_undecided for f in facts):
        halt = "公示中反映的问题经核实属实，待上级党委研究决定"
    return facts, halt



def review_facts(db: Session, person_id: int) -> ReviewFacts | None:
    """The person's latest review: replies in, departments asked, adverse opinions undecided, stopped."""
    review = db.scalar(select(Review).where(Review.person_id == person_id).order_by(Review.id.desc()).limit(1))
    if review is None:
        return None
    replied, total, adverse = db.execute(
        select(func.count(ReviewDepartment.id).filter(ReviewDepartment.state == "replied"), func.count(ReviewDepartment.id),
               func.count(ReviewDepartment.id).filter(ReviewDepartment.opinion == "adverse"))
        .where(ReviewDepartment.review_id == review.id)).one()
    return ReviewFacts(replied=replied, total=total, adverse_undecided=adverse if review.decision is None else 0,
                       stopped=review.decision == "stop")
