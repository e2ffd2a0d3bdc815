"""The sweep sends what a booked job should have sent when Redis lost that job (or no worker ran at the time):
scheduled notices and meeting reminders come from the database, each once, however often the sweep runs."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from server import clock
from server.extensions import db
from server.jobs import notices as notice_jobs
from server.models import MeetingReminder, Notice
from tests.integration import voting_helpers as h
from tests.integration.test_notices import send


@pytest.fixture
def at(monkeypatch):
    def move(moment: datetime) -> None:
        monkeypatch.setattr(clock, "timestamp", lambda: moment.timestamp())
    return move


def reminder_notices(app, meeting_id) -> list[str]:
    with app.app_context():
        return [n.body.split("（")[0] for n in db.session.query(Notice).filter_by(kind="meeting_reminder", ref_id=meeting_id)
                .order_by(Notice.id)]


def test_a_scheduled_notice_whose_job_was_lost_goes_out_at_the_first_sweep_after_its_time_once(app, client, branch,
                                                                                                at):
    send_at = clock.now() + timedelta(days=2)
    created = send(client, branch, send_at=send_at.isoformat())
    assert created.status_code == 201, created.json
    notice_jobs.sweep()
    with app.app_context():
        assert db.session.get(Notice, created.json["id"]).state == "scheduled"  # not before its time
    at(send_at + timedelta(seconds=3))
    assert notice_jobs.sweep()["notices"] == 1
    assert notice_jobs.sweep()["notices"] == 0
    with app.app_context():
        assert db.session.get(Notice, created.json["id"]).state == "sent"


def test_meeting_reminders_are_sent_by_the_sweep_at_their_time_each_once(app, client, branch, at):
    mid = h.meeting(client, branch, kind="branch_assembly", days_ahead=3)
    with app.app_context():
        starts = db.session.query(MeetingReminder).filter_by(meeting_id=mid).first().starts_at
    at(starts - timedelta(days=2))
    assert notice_jobs.sweep()["reminders"] == 0
    at(starts - timedelta(hours=23))
    assert notice_jobs.sweep()["reminders"] == 1
    assert notice_jobs.sweep()["reminders"] == 0
    at(starts - timedelta(minutes=50))
    assert notice_jobs.sweep()["reminders"] == 1
    at(starts + timedelta(minutes=5))
    assert notice_jobs.sweep()["reminders"] == 0
    assert reminder_notices(app, mid) == ["明天", "一小时后"]


def test_after_a_long_outage_only_the_latest_reminder_goes_and_none_once_the_meeting_began(app, client, branch, at):
    late = h.meeting(client, branch, kind="branch_assembly", days_ahead=3)
    with app.app_context():
        starts = db.session.query(MeetingReminder).filter_by(meeting_id=late).first().starts_at
    at(starts - timedelta(minutes=30))  # the workers were down for a day: the day-before one is overtaken
    assert notice_jobs.sweep()["reminders"] == 1
    assert reminder_notices(app, late) == ["一小时后"]
    at(starts + timedelta(days=5))
    over = h.meeting(client, branch, kind="branch_assembly", days_ahead=12)
    with app.app_context():
        over_starts = db.session.query(MeetingReminder).filter_by(meeting_id=over).first().starts_at
    at(over_starts + timedelta(hours=1))
    assert notice_jobs.sweep()["reminders"] == 0
    assert reminder_notices(app, over) == []


def test_moving_a_meeting_replaces_its_unsent_reminders_and_a_meeting_booked_hours_ahead_gets_only_the_hour_one(
        app, client, branch):
    mid = h.meeting(client, branch, kind="branch_assembly", days_ahead=3)
    later = (clock.now() + timedelta(days=5)).replace(microsecond=0)
    assert client.patch(f"/api/v1/meetings/{mid}", headers=branch.headers(),
                        json={"starts_at": later.isoformat()}).status_code == 200
    soon = (clock.now() + timedelta(hours=5)).replace(microsecond=0)
    created = client.post("/api/v1/meetings", headers=branch.headers(), json={
        "org_id": branch.org_id, "title": "临时支委会", "kind": "branch_assembly", "starts_at": soon.isoformat()})
    assert created.status_code == 201, created.json
    with app.app_context():
        moved = db.session.query(MeetingReminder).filter_by(meeting_id=mid).order_by(MeetingReminder.which).all()
        assert [(r.which, r.starts_at) for r in moved] == [("day", later.astimezone(UTC)), ("hour", later.astimezone(UTC))]
        assert [r.which for r in db.session.query(MeetingReminder).filter_by(meeting_id=created.json["id"])] == ["hour"]


def test_a_reminder_is_due_at_exactly_its_time_and_not_a_second_before(app, client, branch, at):
    mid = h.meeting(client, branch, kind="branch_assembly", days_ahead=3)
    with app.app_context():
        starts = db.session.query(MeetingReminder).filter_by(meeting_id=mid).first().starts_at
    at(starts - timedelta(days=1, seconds=1))
    assert notice_jobs.sweep()["reminders"] == 0
    at(starts - timedelta(days=1))
    assert notice_jobs.sweep()["reminders"] == 1
