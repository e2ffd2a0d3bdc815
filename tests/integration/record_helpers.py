"""Helpers for the development record's tests: a movable clock, votes that pass, steps by HTTP."""
from datetime import UTC, date, datetime

from tests.integration import voting_helpers as h


def at(monkeypatch, day: date) -> None:
    """Move the server's clock to 10:00 China time on `day`."""
    from server import clock

    moment = datetime(day.year, day.month, day.day, 2, tzinfo=UTC).timestamp()
    monkeypatch.setattr(clock, "timestamp", lambda: moment)


def meeting_on(client, branch, day: date, kind: str) -> int:
    response = client.post("/api/v1/meetings", headers=branch.headers(), json={
        "org_id": branch.org_id, "title": f"{day.isoformat()} 支部会议", "kind": kind,
        "starts_at": f"{day.isoformat()}T09:00:00+08:00"})
    assert response.status_code == 201, response.json
    return response.json["id"]


def pass_stage_vote(client, branch, stage: str, person_id: int, day: date, *, voters: int,
                    override_reason: str | None = None) -> dict:
    """A stage vote held on `day` that `person_id` passes with `voters` members present voting yes by code (more
    than half of those who should attend), then closed."""
    kind = "branch_committee" if stage in ("activist", "target") else "branch_assembly"
    payload = {"kind": "stage_vote", "stage": stage, "title": "票决", "candidate_ids": [person_id]}
    if override_reason:
        payload["override_reason"] = override_reason
    session = h.session(client, branch, meeting_on(client, branch, day, kind), **payload)
    codes = h.codes(client, branch, session["id"], "member", voters)
    h.transition(client, branch, session["id"], "open")
    for code in codes:
        h.cast(client, session["id"], {"votes": {str(person_id): "yes"}}, code=code)
    closed = h.transition(client, branch, session["id"], "close")
    return closed


def post_step(client, headers, person_id: int, key: str, done_on: date, expect: int = 201, **fields) -> dict:
    response = client.post(f"/api/v1/people/{person_id}/steps/{key}", headers=headers,
                           json={"done_on": done_on.isoformat(), **fields})
    assert response.status_code == expect, (key, response.json)
    return response.json


def record(client, headers, person_id: int) -> dict:
    response = client.get(f"/api/v1/people/{person_id}/record", headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def steps(body: dict) -> dict:
    return {s["key"]: s for s in body["steps"]}


def publicize(client, headers, person_id: int, kind: str, starts_on: date, ends_on: date) -> dict:
    """A publicity of `kind` held (or recorded, when in the past) from `starts_on` to `ends_on`."""
    response = client.post("/api/v1/publicities", headers=headers, json={
        "person_id": person_id, "kind": kind, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()})
    assert response.status_code == 201, response.json
    return response.json


def review_all(client, committee, person_id: int, replied_on: date, extra=("综治", "司法"), adverse=(),
               requested_on: date | None = None) -> dict:
    """The six departments asked (on `requested_on`, today by default) and all replied by hand; those named in
    `adverse` object."""
    body = {"extra_departments": list(extra)}
    if requested_on:
        body["requested_on"] = requested_on.isoformat()
    response = client.post(f"/api/v1/people/{person_id}/review", headers=committee, json=body)
    assert response.status_code == 201, response.json
    review = response.json
    for department in review["departments"]:
        opinion = "adverse" if department["name"] in adverse else "no_objection"
        reply = client.post(f"/api/v1/reviews/{review['id']}/departments/{department['id']}/reply", headers=committee,
                            json={"replied_on": replied_on.isoformat(), "opinion": opinion})
        assert reply.status_code == 200, reply.json
    return review
