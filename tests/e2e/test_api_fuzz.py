"""Schemathesis over the whole API, authorized as city staff: no 5xx, every response within its schema."""
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))


@pytest.fixture
def api_schema(app, client, branch):
    """The API with something to find: a branch roster and a session of each kind, one of them open."""
    from tests.integration import voting_helpers as h

    h.recommendation(client, branch)
    opened = h.stage_vote(client, branch)["id"]
    h.codes(client, branch, opened, "member", 3)
    h.transition(client, branch, opened, "open")
    h.satisfaction(client, branch)
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=os.environ.get("FUZZ_RANDOM") != "1",
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_api_conforms_to_its_schema_and_never_errors(case, world):
    # Schema-valid payloads may still break a business rule (409/422), so "positive data acceptance" is
    # not a property of this API; every other check (no 5xx, response schemas, status codes) applies.
    case.call_and_validate(headers=world.headers("city_staff"),
                           excluded_checks=[schemathesis.checks.positive_data_acceptance])


# Bodies that once gave 500s: every JSON endpoint answers them with a 4xx in the error shape.
HOSTILE_BODIES = {
    "nested-5000": "[" * 5000 + "]" * 5000,
    "object-2000": '{"a":' * 2000 + "1" + "}" * 2000,
    "int-5000-digits": '{"id": ' + "9" * 5000 + "}",
    "float-1e400": '{"count": 1e400}',
    "nan": '{"count": NaN}',
    "lone-surrogate": '{"name": "\\ud800", "title": "\\udfff", "text": "a\\ud800"}',
    "not-utf8": b'{"name": "\xff\xfe"}',
}


def _json_operations(client):
    spec = client.get("/api/openapi.json").json
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if isinstance(operation, dict) and "application/json" in (operation.get("requestBody") or {}).get("content", {}):
                yield method.upper(), path


@pytest.mark.parametrize("name", list(HOSTILE_BODIES))
def test_hostile_json_bodies_are_refused_everywhere_without_a_500(client, world, name):
    body = HOSTILE_BODIES[name]
    body = body.encode() if isinstance(body, str) else body
    tried = 0
    for method, path in _json_operations(client):
        url = "/".join("1" if part.endswith("_id") or part in ("token", "receipt") else part
                       for part in path.replace("{", "").replace("}", "").split("/"))
        response = client.open(url, method=method, data=body, headers={
            **world.headers("city_staff"), "Content-Type": "application/json"})
        tried += 1
        assert 400 <= response.status_code < 500, (method, path, response.status_code)
        assert response.json["error"]["code"], (method, path)
    assert tried > 30
