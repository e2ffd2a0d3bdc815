"""The life of a vote session as a state machine: transitions, idempotence, refusals, and what each state allows."""
import pytest

from server.domain import vote_states
from server.domain.errors import Conflict

M = vote_states.MACHINE


@pytest.mark.parametrize("state, action, target", [
    ("draft", "open", "open"), ("open", "close", "closed"), ("closed", "publish", "published"),
    ("draft", "cancel", "cancelled"), ("open", "cancel", "cancelled"),
])
def test_each_transition_leads_from_its_sources_to_its_target(state, action, target):
    assert M.apply(state, action) == target


@pytest.mark.parametrize("state, action", [
    ("open", "open"), ("closed", "close"), ("published", "close"), ("published", "publish"), ("cancelled", "cancel"),
])
def test_asking_again_for_what_has_happened_changes_nothing(state, action):
    assert M.apply(state, action) is None


@pytest.mark.parametrize("state, action", [
    ("closed", "open"), ("draft", "close"), ("open", "publish"), ("closed", "cancel"), ("published", "cancel"),
    ("cancelled", "open"),
])
def test_every_other_transition_is_refused_naming_the_state(state, action):
    with pytest.raises(Conflict) as info:
        M.apply(state, action)
    assert info.value.code == "invalid_transition" and info.value.extra["state"] == state


def test_allowed_actions_follow_the_state_and_the_callers_right_to_write():
    assert vote_states.allowed_actions("draft")[:2] == ["open", "cancel"]
    assert {"edit", "delete", "codes", "exclude", "absentee_opinions"} <= set(vote_states.allowed_actions("draft"))
    assert vote_states.allowed_actions("open")[:2] == ["close", "cancel"] and "edit" not in vote_states.allowed_actions("open")
    assert vote_states.allowed_actions("closed") == ["publish", "screen", "result"]
    assert vote_states.allowed_actions("published") == ["screen", "result"]
    assert vote_states.allowed_actions("cancelled") == []
    assert vote_states.allowed_actions("open", can_write=False) == ["screen"]


def test_ballots_are_refused_in_every_state_but_open_with_that_states_own_reason():
    vote_states.require_open_for_ballots("open", 1)
    codes = {}
    for state in ("draft", "closed", "published", "cancelled"):
        with pytest.raises(Conflict) as info:
            vote_states.require_open_for_ballots(state, 1)
        codes[state] = info.value.code
    assert codes == {"draft": "session_not_open", "closed": "session_closed", "published": "session_closed",
                     "cancelled": "session_cancelled"}


def test_results_are_for_staff_after_close_and_for_voters_after_publishing():
    assert vote_states.result_visible("closed", is_staff=True) and not vote_states.result_visible("closed", is_staff=False)
    assert vote_states.result_visible("published", is_staff=False)
    assert not vote_states.result_visible("open", is_staff=True)
