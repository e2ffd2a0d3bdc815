"""The mini-program's web-view opens the console as the account that asked: a ticket used once, within 60 s."""
import time

from server import clock
from server.extensions import db
from server.models import WebTicket


def _ticket(client, world, who="county_a_staff"):
    response = client.post("/api/v1/auth/web-ticket", headers=world.headers(who))
    assert response.status_code == 201, response.json
    assert response.json["expires_in"] == 60
    return response.json["ticket"]


def _exchange(client, ticket, headers=None):
    return client.post("/api/v1/auth/web-ticket/exchange", json={"ticket": ticket}, headers=headers or {})


def test_a_ticket_opens_a_session_of_the_account_that_asked_for_it_once(client, world, app):
    ticket = _ticket(client, world)
    opened = _exchange(client, ticket)
    assert opened.status_code == 200 and opened.json["role"] == "org_staff"
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {opened.json['token']}"}).json
    assert me["username"] == "county_a_staff"
    again = _exchange(client, ticket)
    assert again.status_code == 401 and again.json["error"]["code"] == "web_ticket_invalid"
    with app.app_context():
        assert all(ticket not in row.ticket_hash for row in db.session.query(WebTicket))  # only its hash is kept


def test_a_ticket_opens_within_its_minute_and_not_at_the_minute(client, world, monkeypatch):
    issued = time.time()
    monkeypatch.setattr(clock, "timestamp", lambda: issued)
    fresh, stale = _ticket(client, world), _ticket(client, world)
    monkeypatch.setattr(clock, "timestamp", lambda: issued + 59)
    assert _exchange(client, fresh).status_code == 200
    monkeypatch.setattr(clock, "timestamp", lambda: issued + 60)
    assert _exchange(client, stale).json["error"]["code"] == "web_ticket_invalid"


def test_a_browser_logged_in_as_another_account_is_not_switched_and_the_ticket_stays_for_its_owner(client, world):
    ticket = _ticket(client, world, "county_a_staff")
    other = _exchange(client, ticket, world.headers("secretary_a1"))
    assert other.status_code == 403 and other.json["error"]["code"] == "web_ticket_other_account"
    mine = _exchange(client, ticket, world.headers("county_a_staff"))
    assert mine.status_code == 200
    stale = _exchange(client, _ticket(client, world), {"Authorization": "Bearer expired-or-forged"})
    assert stale.status_code == 200  # an expired session in the browser is replaced, not an obstacle


def test_members_without_an_account_get_no_ticket_and_a_made_up_ticket_opens_nothing(client, world, branch):
    refused = client.post("/api/v1/auth/web-ticket", headers=branch.person_headers(branch.members[3]))
    assert refused.status_code == 403 and refused.json["error"]["code"] == "staff_only"
    assert client.post("/api/v1/auth/web-ticket").status_code == 401
    assert _exchange(client, "x" * 43).json["error"]["code"] == "web_ticket_invalid"
    assert _exchange(client, "short").status_code == 422


def test_a_stopped_account_cannot_use_a_ticket_made_before(client, world):
    ticket = _ticket(client, world, "county_a_staff")
    account_id = world.accounts["county_a_staff"].id
    assert client.patch(f"/api/v1/accounts/{account_id}", headers=world.headers("city_staff"),
                        json={"active": False}).status_code == 200
    assert _exchange(client, ticket).json["error"]["code"] == "web_ticket_invalid"
