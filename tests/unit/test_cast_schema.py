"""The fast cast path (api/cast_fast_path.py) validates with a JSON schema derived from the endpoint's CastSchema."""
import pytest
from marshmallow import ValidationError

from server.api.ballots import CastSchema
from server.api.cast_fast_path import CastByCode, cast_by_code_schema

BASE = {"session_id": 7, "code": "M-ABCD2345", "answers": {"choices": [1]}}
BODIES = {
    "a vote by code": BASE,
    "with a submission id": {**BASE, "submission_id": "s" * 8},
    "the longest submission id": {**BASE, "submission_id": "s" * 64},
    "a submission id too short": {**BASE, "submission_id": "s" * 7},
    "a submission id too long": {**BASE, "submission_id": "s" * 65},
    "a submission id not a string": {**BASE, "submission_id": 12345678},
    "an empty code": {**BASE, "code": ""},
    "the longest code": {**BASE, "code": "C" * 40},
    "a code too long": {**BASE, "code": "C" * 41},
    "a code not a string": {**BASE, "code": 1234},
    "a null code": {**BASE, "code": None},
    "no code": {"session_id": 7, "answers": {}},
    "a join link instead of a code": {"session_id": 7, "join": "j" * 20, "answers": {}},
    "both a code and a join link": {**BASE, "join": "j" * 20},
    "session id zero": {**BASE, "session_id": 0},
    "the largest session id": {**BASE, "session_id": 2**31 - 1},
    "a session id past the largest": {**BASE, "session_id": 2**31},
    "a session id as text": {**BASE, "session_id": "7"},
    "a session id that is true": {**BASE, "session_id": True},
    "a negative session id": {**BASE, "session_id": -3},
    "a session id written 7.0": {**BASE, "session_id": 7.0},
    "a session id of 7.5": {**BASE, "session_id": 7.5},
    "no session id": {"code": "M-ABCD2345", "answers": {}},
    "answers as a list": {**BASE, "answers": [1]},
    "answers as text": {**BASE, "answers": "yes"},
    "no answers": {"session_id": 7, "code": "M-ABCD2345"},
    "an unknown field": {**BASE, "voter": "张三"},
}


def endpoint_takes_as_a_vote_by_code(body) -> bool:
    try:
        loaded = CastSchema().load(body)
    except ValidationError:
        return False
    return "code" in loaded and "join" not in loaded


@pytest.mark.parametrize("name", BODIES)
def test_the_fast_path_takes_exactly_the_bodies_the_endpoint_takes_for_a_vote_by_code(name):
    assert CastByCode().takes(BODIES[name]) == endpoint_takes_as_a_vote_by_code(BODIES[name])


def test_the_derived_schema_requires_a_code_and_knows_no_join_link():
    schema = cast_by_code_schema()
    assert set(schema["required"]) == {"session_id", "code", "answers"}
    assert set(schema["properties"]) == set(CastSchema().fields) - {"join"}
    assert schema["additionalProperties"] is False
