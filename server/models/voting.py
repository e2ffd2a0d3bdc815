"""Meetings, vote sessions, electorates, credentials and ballots.

Anonymity (docs/voting.md): `ballots` has a random id, the session, the group, the answers and a receipt
hash, nothing else. Who has voted lives in `participations` (roster voters) and `voting_codes.used`, written in
the same transaction as the ballot and never linked to it; neither holds a time.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import UTCDateTime, utcnow


class Meeting(db.Model):
    """A branch meeting (支部大会 / 支部委员会 / 党员和群众代表会议) holding vote sessions."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    title: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(30))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    location: Mapped[str | None] = mapped_column(String(100))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class VoteSession(db.Model):
    """One secret vote in a meeting; `result` is the tally frozen at close."""

    __tablename__ = "vote_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(100))
    stage: Mapped[str | None] = mapped_column(String(20))
    max_choices: Mapped[int | None] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20), default="draft")
    override_reason: Mapped[str | None] = mapped_column(String(500))
    should_attend: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # 双评议: who the committee sent to guide the meeting (派人参会指导).
    guidance_delegate: Mapped[str | None] = mapped_column(String(100))
    # Who can read the ballots (DESIGN §12): "server" (sealed with a key derived from the application's secret) or
    # "tellers" (encrypted on the phone under the two tellers' joint key, with proofs; models/sealing.py).
    sealing: Mapped[str] = mapped_column(String(10), default="server", server_default="server")
    # tellers: the session's public identifier bound into every proof, the joint key (set at open) and, after close,
    # the summed ciphertexts per group, question and option with the number of ballots in each group.
    e2e_uid: Mapped[str | None] = mapped_column(String(32), unique=True, index=True)
    public_key: Mapped[str | None] = mapped_column(String(64))
    aggregates: Mapped[dict | None] = mapped_column(JSON)


class SessionOption(db.Model):
    """A candidate (两推荐/四票决) or a subject (双评议); `option_id` is the person id, 0 for the branch's work."""

    __tablename__ = "session_options"
    __table_args__ = (UniqueConstraint("session_id", "option_id", name="uq_session_option"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("vote_sessions.id", ondelete="CASCADE"), index=True)
    option_id: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)


class ElectorateEntry(db.Model):
    """Who may vote in which group, taken from the roster when the session opens."""

    __tablename__ = "electorate_entries"
    __table_args__ = (UniqueConstraint("session_id", "person_id", name="uq_electorate_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("vote_sessions.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    group: Mapped[str] = mapped_column(String(10))


class AttendanceExclusion(db.Model):
    """A person left out of should_attend, with the recorded reason (e.g. 出国、病重、受留党察看处分)."""

    __tablename__ = "attendance_exclusions"
    __table_args__ = (UniqueConstraint("session_id", "person_id", name="uq_exclusion_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("vote_sessions.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    reason: Mapped[str] = mapped_column(String(200))


class Participation(db.Model):
    """That a roster voter has voted (never what, never when); unique per session and person."""

    __tablename__ = "participations"
    __table_args__ = (UniqueConstraint("session_id", "person_id", name="uq_participation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("vote_sessions.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    # SHA-256 of the client's submission id, so a retried submission is recognised (never the receipt).
    submission_hash: Mapped[str | None] = mapped_column(String(64))
    # "phone", or "paper" for a member handed a paper ballot: one row either way, so nobody votes on both.
    channel: Mapped[str] = mapped_column(String(10), default="phone", server_default="phone")


class CodeBatch(db.Model):
    """A printing of one-time codes; the codes stay (encrypted) only until the slips expire."""

    __tablename__ = "code_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("vote_sessions.id", ondelete="CASCADE"), index=True)
    group: Mapped[str] = mapped_column(String(10))
    count: Mapped[int] = mapped_column(Integer)
    codes_enc: Mapped[str | None] = mapped_column(Text)
    slips_expire_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class VotingCode(db.Model):
    """A one-time code, stored only as its keyed hash; `used` flips once, atomically."""

    __tablename__ = "voting_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("vote_sessions.id", ondelete="CASCADE"), index=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("code_batches.id", ondelete="CASCADE"), index=True)
    group: Mapped[str] = mapped_column(String(10))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used: Mapped[bool] = mapped_column(Boolean, default=False)
    submission_hash: Mapped[str | None] = mapped_column(String(64))


class Ballot(db.Model):
    """What was voted: random id, session, group, answers, receipt hash — and nothing that identifies a voter."""

    __tablename__ = "ballots"
    __table_args__ = (Index("ix_ballots_session_group", "session_id", "group"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("vote_sessions.id", ondelete="CASCADE"))
    group: Mapped[str] = mapped_column(String(10))
    # Sealed (AES-GCM, a key per session from SECRET_KEY): adapters.ballot_box.
    answers: Mapped[str] = mapped_column(Text)
    receipt_hash: Mapped[str] = mapped_column(String(64), unique=True)


class AbsenteeOpinion(db.Model):
    """A written opinion of a member who could not attend (书面意见), entered by the secretary; counted."""

    __tablename__ = "absentee_opinions"
    __table_args__ = (UniqueConstraint("session_id", "person_id", name="uq_absentee_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("vote_sessions.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    answers: Mapped[dict] = mapped_column(JSON)
    entered_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    # A scan or photo of the signed opinion, kept like the record's documents (the paper is the evidence).
    scan_key: Mapped[str | None] = mapped_column(String(100))
    scan_name: Mapped[str | None] = mapped_column(String(200))
    scan_type: Mapped[str | None] = mapped_column(String(50))


class FollowUp(db.Model):
    """Work a result asks for: a branch scoring below 80 becomes a key warning target (重点预警对象);
    a new probationary member below 80 needs a reminder talk (提醒谈话). Later work acts on these."""

    __tablename__ = "follow_ups"
    __table_args__ = (UniqueConstraint("session_id", "kind", "person_id", name="uq_follow_up"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("vote_sessions.id"))
    kind: Mapped[str] = mapped_column(String(30))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    score: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Its workflow (domain/follow_up_flows.py): the state, the self-check's due date, the key-target year.
    state: Mapped[str] = mapped_column(String(12), default="open", server_default="open")
    due_on: Mapped[date | None] = mapped_column(Date)
    key_target_year: Mapped[int | None] = mapped_column(Integer)
