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
