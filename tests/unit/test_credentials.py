import pytest

from server.domain import credentials as c

KEY = b"k" * 32


def test_a_ballot_ticket_names_its_member_and_lasts_fifteen_minutes():
    ticket = c.ballot_ticket(KEY, 7, 42, 1000.0)
    assert c.is_ballot_ticket(ticket) and not c.is_ballot_ticket(c.join_token(KEY, 7, 1000.0)[0])
    assert c.read_ballot_ticket(KEY, ticket, 42, 1000.0 + c.BALLOT_TICKET_SECONDS) == 7
    with pytest.raises(c.JoinTokenError) as expired:
        c.read_ballot_ticket(KEY, ticket, 42, 1001.0 + c.BALLOT_TICKET_SECONDS)
    assert expired.value.reason == "expired"


@pytest.mark.parametrize("mutate", [
    lambda t: t,  # used by another member
    lambda t: t.replace("7.", "8.", 1),
    lambda t: t[:-1] + ("0" if t[-1] != "0" else "1"),
    lambda t: "not.a.ticket.at-all",
])
def test_a_ballot_ticket_is_refused_for_anyone_else_or_when_altered(mutate):
    ticket = mutate(c.ballot_ticket(KEY, 7, 42, 1000.0))
    with pytest.raises(c.JoinTokenError):
        c.read_ballot_ticket(KEY, ticket, 43 if ticket.startswith("7.p42") else 42, 1000.0)


def test_a_receipt_typed_back_is_compared_as_it_was_given():
    from server.domain.credentials import receipt_as_given

    tracker = "ab" * 32
    assert receipt_as_given(" " + "-".join(tracker.upper()[i:i + 8] for i in range(0, 64, 8))) == tracker
    assert receipt_as_given(" k7p2-9xqm ") == "K7P2-9XQM"
