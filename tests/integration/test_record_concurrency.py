"""Real concurrency on PostgreSQL: a step is recorded once however many times it is sent at once, and a vote
closing while the secretary records a step of the same person leaves one consistent record."""
import pytest

from server.extensions import db
from server.models import Person, RecordEntry
from tests.conftest import TODAY, postgres_only
from tests.integration.test_voting_concurrency import run_together

pytestmark = postgres_only


@pytest.fixture
def app(make_app):
    return make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 20, "max_overflow": 10, "pool_timeout": 60,
                                               "hide_parameters": True})


def test_twenty_simultaneous_posts_of_one_step_record_it_once(app, client, branch):
    body = {"done_on": TODAY.isoformat()}
    url = f"/api/v1/people/{branch.activist_new}/steps/activist_filed"
    statuses = run_together(app, [lambda c: c.post(url, headers=branch.headers(), json=body).status_code] * 20)
    assert sorted(statuses) == [201] + [409] * 19
    with app.app_context():
        assert db.session.query(RecordEntry).filter_by(person_id=branch.activist_new, key="activist_filed").count() == 1


def test_assessments_sent_at_once_are_numbered_without_gaps_or_doubles(app, client, branch):
    url = f"/api/v1/people/{branch.activist_new}/steps/activist_assessment"
    calls = [lambda c, i=i: c.post(url, headers=branch.headers(), json={"done_on": TODAY.isoformat(),
                                                                          "conclusion": f"第{i}次"}).status_code
             for i in range(8)]
    assert sorted(run_together(app, calls)) == [201] * 8
    with app.app_context():
        seqs = sorted(r.seq for r in db.session.query(RecordEntry).filter_by(person_id=branch.activist_new,
                                                                             key="activist_assessment"))
        assert seqs == list(range(1, 9))
        assert db.session.get(Person, branch.activist_new).status == "activist"
