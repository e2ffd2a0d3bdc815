"""Walk every operation of the OpenAPI document with a sibling organization's ids: never its data.

The world fixture gives county B's branch names and people the marker SIBLINGSECRET. A secretary and
the staff of county A call every path with B's ids in the path, the query and the body; none may get a
2xx for B's objects, no response may contain B's data, and nothing of B's may change. New endpoints are
covered as soon as they appear in the document; a new kind of path id must be added to SIBLING_IDS.
"""
import io
import re
from datetime import UTC

import pytest

from server.extensions import db
from server.models import Organization, Person

MARKER = "SIBLINGSECRET"


@pytest.fixture
def sibling_voting(app, world) -> dict:
    """A meeting, a session, a code batch and a written opinion in county B's branch."""
    from datetime import datetime, timedelta

    from server.models import (
        AbsenteeOpinion,
        CodeBatch,
        ControlWarning,
        Meeting,
        Notice,
        NoticeRecipient,
        SessionOption,
        Task,
        VoteSession,
    )

    with app.app_context():
        org = world.orgs["branch_b1"].id
        meeting = Meeting(org_id=org, title=f"乙村支部大会{MARKER}", kind="branch_assembly",
                          starts_at=datetime.now(UTC))
        db.session.add(meeting)
        db.session.flush()
        vote = VoteSession(meeting_id=meeting.id, org_id=org, kind="stage_vote", stage="admission",
                           title=f"票决{MARKER}", state="draft")
        db.session.add(vote)
        db.session.flush()
        db.session.add(SessionOption(session_id=vote.id, option_id=world.people["applicant_b1"].id,
                                     person_id=world.people["applicant_b1"].id, name=f"候选人{MARKER}", position=0))
        batch = CodeBatch(session_id=vote.id, group="member", count=0, codes_enc=None,
                          slips_expire_at=datetime.now(UTC) + timedelta(hours=1))
        opinion = AbsenteeOpinion(session_id=vote.id, answers={"votes": {}})
        notice = Notice(org_id=org, title=f"通知{MARKER}", body=MARKER, audience={"org_ids": [org]}, state="sent",
                        recipient_count=1)
        db.session.add_all([batch, opinion, notice])
        db.session.flush()
        db.session.add(NoticeRecipient(notice_id=notice.id, person_id=world.people["member_b1"].id))
        warning = ControlWarning(org_id=org, issuer_org_id=world.orgs["committee_b"].id, criterion=1, level="verbal",
                                 state="issued", facts=MARKER, issued_on=datetime.now(UTC).date())
        task = Task(account_id=world.accounts["secretary_b1"].id, org_id=org, kind="manual", title=MARKER,
                    due_on=datetime.now(UTC).date(), state="open")
        from server.models import RecordDocument

        document = RecordDocument(person_id=world.people["member_b1"].id, filename=f"{MARKER}.pdf",
                                  content_type="application/pdf", size=1, sha256="0" * 64, storage_key="sibling0key")
        from server.models import Objection, Publicity, Review, ReviewDepartment

        today = datetime.now(UTC).date()
        publicity = Publicity(person_id=world.people["member_b1"].id, org_id=org, kind="activist", starts_on=today,
                              ends_on=today + timedelta(days=5), token_hash="1" * 64, token_enc="x",
                              content={"name": MARKER})
        review = Review(person_id=world.people["member_b1"].id, org_id=org, requested_on=today)
        db.session.add_all([warning, task, document, publicity, review])
        db.session.flush()
        objection = Objection(publicity_id=publicity.id, text=MARKER, receipt_hash="2" * 64)
        department = ReviewDepartment(review_id=review.id, name="纪委", expires_on=today, token_hash="3" * 64)
        from server.models import PaperGroup, PaperTally, Teller

        db.session.add_all([objection, department, Teller(session_id=vote.id, role="counter", name=MARKER, token_hash="4" * 64),
                            PaperGroup(session_id=vote.id, group="member", handed_out=1),
                            PaperTally(session_id=vote.id, role="counter", group="member", returned=1, spoiled=0,
                                       counts={MARKER: 1})])
        from server.models import OrganizerAppointment

        appointment = OrganizerAppointment(person_id=world.people["member_b1"].id,
                                           appointing_org_id=world.orgs["committee_b"].id, starts_on=today,
                                           ends_on=today + timedelta(days=729), vetting_notes=MARKER)
        db.session.add(appointment)
        from server.models import (
            Account,
            FollowUp,
            MeetingInvitation,
            OrganizerActivity,
            OrganizerRecommendation,
            OrganizerReport,
        )

        organizer = Account(username="organizer_b", password_hash="x", role="organizer",
                            org_id=world.orgs["committee_b"].id, token_version=1, active=True)
        db.session.add(organizer)
        db.session.flush()
        report = OrganizerReport(account_id=organizer.id, org_id=world.orgs["committee_b"].id, kind="problems",
                                 title=MARKER, body=MARKER)
        recommendation = OrganizerRecommendation(account_id=organizer.id, org_id=org, name=MARKER, reason=MARKER,
                                                 state="open")
        invitation = MeetingInvitation(meeting_id=meeting.id, account_id=organizer.id, state="invited", note=MARKER)
        follow_up = FollowUp(org_id=org, session_id=vote.id, kind="key_warning_target", score="70.00")
        db.session.add_all([report, recommendation, invitation, follow_up,
                            OrganizerActivity(appointment_id=appointment.id, kind="talk", happened_on=today,
                                              counterpart=MARKER, notes=MARKER)])
        from server.models import AnnualPlan, QuarterlyReport, WarningProposal

        annual_plan = AnnualPlan(org_id=org, year=today.year, planned_admissions=3, targets={},
                                 made_by_org_id=world.orgs["committee_b"].id, state="draft")
        proposal = WarningProposal(org_id=org, issuer_org_id=world.orgs["committee_b"].id, criterion=2, year=today.year,
                                   suggested_level="letter", facts=MARKER, state="pending", found_on=today)
        quarterly = QuarterlyReport(org_id=world.orgs["committee_b"].id, to_org_id=world.orgs["county_b"].id, year=today.year,
                                    quarter=1, figures={"note": MARKER}, state="submitted", due_on=today)
        from server.models import WarningAccountability

        accountability = WarningAccountability(warning_id=warning.id, org_id=org, kind="criticism", person=MARKER,
                                               decided_by=MARKER, decided_on=today, content=MARKER,
                                               recorded_by_org_id=world.orgs["committee_b"].id)
        db.session.add_all([annual_plan, proposal, quarterly, accountability])
        db.session.commit()
        return {"plan_id": annual_plan.id, "proposal_id": proposal.id, "quarterly_id": quarterly.id,
                "accountability_id": accountability.id,
                "appointment_id": appointment.id, "year": today.year + 1, "report_id": report.id,
                "recommendation_id": recommendation.id, "invitation_id": invitation.id,
                "follow_up_id": follow_up.id, "action": "order",
                "meeting_id": meeting.id, "session_id": vote.id, "batch_id": batch.id, "opinion_id": opinion.id,
                "notice_id": notice.id, "warning_id": warning.id, "task_id": task.id, "document_id": document.id,
                "key": "application_talk", "publicity_id": publicity.id, "objection_id": objection.id,
                "review_id": review.id, "department_id": department.id, "group": "member",
                # Public pages are reached by their token only; an unknown token must find nothing.
                "token": "t" * 43, "receipt": "ABCD-EFGH"}


def sibling_ids(world, voting) -> dict:
    return {
        "org_id": world.orgs["branch_b1"].id,
        "parent_id": world.orgs["committee_b"].id,
        "person_id": world.people["member_b1"].id,
        "account_id": world.accounts["secretary_b1"].id,
        **voting,
    }


def _resolve(spec, schema):
    while "$ref" in schema:
        name = schema["$ref"].split("/")[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def _example(spec, name, schema, ids):
    schema = _resolve(spec, schema)
    if name in ids:
        return ids[name]
    if name.endswith("_ids"):
        return [ids.get(name[:-1], 1)]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "integer":
        return 1
    if kind == "boolean":
        return False
    if kind == "array":
        return [_example(spec, name, schema.get("items", {}), ids)] * max(1, schema.get("minItems", 1))
    if kind == "object":
        return {k: _example(spec, k, v, ids) for k, v in schema.get("properties", {}).items()
                if k in schema.get("required", [])}
    if schema.get("format") == "date":
        return "2020-01-01"
    if schema.get("format") in ("date-time",):
        return "2020-01-01T00:00:00+08:00"
    if schema.get("format") in ("url", "uri"):
        return "https://example.cn/cb"
    if schema.get("pattern") == "^[0-9a-f]{64}$" or schema.get("minLength") == schema.get("maxLength") == 64:
        return "ab" * 32  # a key or a proof's scalar in hex
    return "测试"


def _operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


def _call(client, spec, path, method, operation, ids, headers):
    url = path
    for name in re.findall(r"{(\w+)}", path):
        if name not in ids:
            pytest.fail(f"{method.upper()} {path}: add a sibling id for path parameter {name!r} to this test")
        url = url.replace("{" + name + "}", str(ids[name]))
    query = {p["name"]: _example(spec, p["name"], p.get("schema", {}), ids)
             for p in operation.get("parameters", []) if p.get("in") == "query"}
    kwargs = {"headers": headers, "query_string": query}
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        body = _example(spec, "", content["application/json"]["schema"], ids)
        # Optional ids too: a body naming another organization must not reach it.
        props = _resolve(spec, content["application/json"]["schema"]).get("properties", {})
        body.update({k: ids[k] for k in props if k in ids})
        kwargs["json"] = body
    elif "multipart/form-data" in content:
        kwargs["data"] = {"file": (io.BytesIO("姓名,身份\n某人,群众代表\n".encode()), "名册.csv")}
        kwargs["content_type"] = "multipart/form-data"
    return getattr(client, method)(url, **kwargs), bool(re.findall(r"{(\w+)}", path))


def _snapshot(app, world):
    with app.app_context():
        orgs = [(o.id, o.name, o.path, o.level) for o in db.session.query(Organization)
                .filter(Organization.path.startswith(world.orgs["county_b"].path)).order_by(Organization.id)]
        people = [(p.id, p.name, p.status, p.org_id) for p in db.session.query(Person)
                  .filter(Person.org_id == world.orgs["branch_b1"].id).order_by(Person.id)]
        from server.models import AbsenteeOpinion, VoteSession

        votes = [(v.id, v.title, v.state) for v in db.session.query(VoteSession)
                 .filter(VoteSession.org_id == world.orgs["branch_b1"].id)]
        opinions = db.session.query(AbsenteeOpinion).count()
        from server.models import NoticeRecipient

        reads = [r.read_at for r in db.session.query(NoticeRecipient)]
        from server.models import ControlWarning, Task

        warnings = [(w.id, w.state, w.level) for w in db.session.query(ControlWarning)]
        tasks = [(t.id, t.state) for t in db.session.query(Task)]
        from server.models import RecordDocument, RecordEntry

        entries = db.session.query(RecordEntry).count() + db.session.query(RecordDocument).count()
    return orgs, people, votes, opinions, reads, warnings, tasks, entries


@pytest.mark.parametrize("caller", ["secretary_a1", "county_a_staff"])
def test_no_operation_reaches_a_sibling_organization(client, app, world, sibling_voting, caller):
    spec = client.get("/api/openapi.json").json
    ids = sibling_ids(world, sibling_voting)
    before = _snapshot(app, world)
    checked = 0
    for path, method, operation in _operations(spec):
        response, has_path_id = _call(client, spec, path, method, operation, ids, world.headers(caller))
        label = f"{caller} {method.upper()} {path} -> {response.status_code}"
        assert response.status_code < 500, label
        if has_path_id:
            assert response.status_code in (401, 403, 404), label
        assert MARKER not in response.get_data(as_text=True), label
        checked += 1
    assert checked >= 50
    assert _snapshot(app, world) == before
