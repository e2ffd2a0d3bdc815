"""Small HTTP helpers for the voting tests."""
from datetime import datetime, timedelta

from tests.conftest import TODAY


def meeting(client, branch, kind="members_and_masses", days_ahead=0):
    starts = datetime.combine(TODAY + timedelta(days=days_ahead), datetime.min.time()).replace(hour=9)
    response = client.post("/api/v1/meetings", headers=branch.headers(), json={
        "org_id": branch.org_id, "title": "2026 年第四季度党员大会", "kind": kind,
        "starts_at": starts.isoformat() + "+08:00"})
    assert response.status_code == 201, response.json
    return response.json["id"]


def session(client, branch, meeting_id, **payload):
    response = client.post(f"/api/v1/meetings/{meeting_id}/sessions", headers=branch.headers(), json=payload)
    assert response.status_code == 201, response.json
    return response.json


def recommendation(client, branch, **extra):
    mid = meeting(client, branch)
    return session(client, branch, mid, kind="recommendation", title="推荐入党积极分子",
                   candidate_ids=branch.applicants_ok, **extra)


def stage_vote(client, branch, stage="admission", candidates=None, kind="branch_assembly"):
    mid = meeting(client, branch, kind=kind)
    return session(client, branch, mid, kind="stage_vote", stage=stage, title="接收预备党员票决",
                   candidate_ids=candidates or [branch.target])


def satisfaction(client, branch, **extra):
    mid = meeting(client, branch)
    return session(client, branch, mid, kind="satisfaction", title="发展党员工作满意度测评", **extra)


def transition(client, branch, session_id, action, expect=200, **body):
    response = client.post(f"/api/v1/sessions/{session_id}/{action}", headers=branch.headers(), json=body or None)
    assert response.status_code == expect, response.json
    return response.json


def codes(client, branch, session_id, group, count):
    response = client.post(f"/api/v1/sessions/{session_id}/codes", headers=branch.headers(),
                           json={"group": group, "count": count})
    assert response.status_code == 201, response.json
    return response.json["codes"]


def cast(client, session_id, answers, expect=201, **credential):
    response = client.post("/api/v1/ballots", json={"session_id": session_id, "answers": answers, **credential})
    assert response.status_code == expect, response.json
    return response.json


def join_token(client, branch, session_id):
    response = client.get(f"/api/v1/sessions/{session_id}/join-qr", headers=branch.headers())
    assert response.status_code == 200, response.json
    return response.json["token"]


def credential_counts(app, session_id):
    """(ballots, participations, used codes) of a session: ballots must equal the other two added."""
    from sqlalchemy import func, select

    from server.extensions import db
    from server.models import Ballot, Participation, VotingCode

    with app.app_context():
        def count(model, *where):
            return db.session.scalar(select(func.count()).select_from(model).where(model.session_id == session_id, *where))

        return count(Ballot), count(Participation), count(VotingCode, VotingCode.used.is_(True))
