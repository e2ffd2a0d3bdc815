"""Service tests: the use cases called directly with a database session and a caller, without HTTP."""
from datetime import datetime, timedelta

import pytest

from server.extensions import db as extension
from tests.conftest import TODAY


@pytest.fixture
def db(app):
    with app.app_context():
        yield extension.session
        extension.session.rollback()


@pytest.fixture
def as_user(db, world):
    """The Principal of one of the world's accounts, as a request would build it from its token."""
    from server.models import Account
    from server.services.auth import principal_for_account

    def principal(key: str):
        return principal_for_account(db, db.get(Account, world.accounts[key].id))

    return principal


@pytest.fixture
def meeting_at(db, branch, as_user):
    """A meeting of branch_a1 `days_ahead` from today at 09:00 China time, of `kind`."""
    from server import clock
    from server.services import meetings

    def make(kind="members_and_masses", days_ahead=0):
        starts = datetime.combine(TODAY + timedelta(days=days_ahead), datetime.min.time()).replace(hour=9,
                                                                                                  tzinfo=clock.CHINA)
        return meetings.create_meeting(db, as_user("secretary_a1"), org_id=branch.org_id, title="支部会议",
                                       kind=kind, starts_at=starts)

    return make
