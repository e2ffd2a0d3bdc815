"""The meeting screen's mini-program code: rotating with the join token, cached per window, staff only."""
from server import clock
from server.wechat import get_gateway
from tests.integration import voting_helpers as h

PNG = b"\x89PNG\r\n\x1a\n"


def test_the_mini_program_code_rotates_with_the_join_token_and_is_asked_of_wechat_once_per_window(
        app, client, branch, monkeypatch):
    sid = h.stage_vote(client, branch)["id"]
    h.transition(client, branch, sid, "open")
    start = 1_900_000_000.0
    monkeypatch.setattr(clock, "timestamp", lambda: start)
    first = client.get(f"/api/v1/sessions/{sid}/join-mp-code", headers=branch.headers())
    again = client.get(f"/api/v1/sessions/{sid}/join-mp-code", headers=branch.headers())
    assert first.status_code == 200 and first.mimetype == "image/png" and first.data.startswith(PNG)
    assert again.data == first.data
    gateway = app.extensions["wechat"]
    assert len(gateway.codes_made) == 1 and len(gateway.codes_made[0]) <= 32  # WeChat's limit for a scene
    monkeypatch.setattr(clock, "timestamp", lambda: start + 31)
    client.get(f"/api/v1/sessions/{sid}/join-mp-code", headers=branch.headers())
    assert len(gateway.codes_made) == 2 and gateway.codes_made[1] != gateway.codes_made[0]
    # The scene opens the member's ballot like the screen's QR link does, and expires like it.
    scene = gateway.codes_made[1]
    member = branch.person_headers(branch.members[0])
    assert client.get(f"/api/v1/ballot-form?join={scene}", headers=member).status_code == 200
    monkeypatch.setattr(clock, "timestamp", lambda: start + 95)
    assert client.get(f"/api/v1/ballot-form?join={scene}", headers=member).json["error"]["code"] == "join_expired"


def test_the_mini_program_code_is_for_an_open_session_of_the_callers_own_branch(client, branch, world):
    sid = h.stage_vote(client, branch)["id"]
    draft = client.get(f"/api/v1/sessions/{sid}/join-mp-code", headers=branch.headers())
    assert draft.status_code == 409 and draft.json["error"]["code"] == "session_not_open"
    h.transition(client, branch, sid, "open")
    other = client.get(f"/api/v1/sessions/{sid}/join-mp-code", headers=world.headers("secretary_a2"))
    assert other.status_code == 404 and other.json["error"]["message"]
    member = client.get(f"/api/v1/sessions/{sid}/join-mp-code", headers=branch.person_headers(branch.members[0]))
    assert member.status_code in (403, 404)


def test_wechat_being_down_is_a_503_with_a_way_forward_not_a_500(app, client, branch):
    sid = h.stage_vote(client, branch)["id"]
    h.transition(client, branch, sid, "open")
    with app.app_context():
        get_gateway().fail_next.append(-1)
    response = client.get(f"/api/v1/sessions/{sid}/join-mp-code", headers=branch.headers())
    assert response.status_code == 503 and "网页二维码" in response.json["error"]["message"]
