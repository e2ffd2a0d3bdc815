"""Fixtures: an app on SQLite (default) or the PostgreSQL of DATABASE_URL, Redis or fakeredis, a small org tree."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from server import create_app
from server.clock import today as china_today
from server.extensions import db
from tests import workers

TODAY = china_today()


DATABASE_URL = workers.database_url()
IS_POSTGRES = DATABASE_URL.startswith("postgresql")
postgres_only = pytest.mark.skipif(not IS_POSTGRES, reason="needs PostgreSQL for real concurrency (set DATABASE_URL)")
if workers.redis_url():
    os.environ["REDIS_URL"] = workers.redis_url()  # this worker's, for the worker processes some tests start


SEALINGS = ("server", "tellers")


def pytest_generate_tests(metafunc):
    """A test using `each_sealing` runs with the server's sealing and with the tellers' (DESIGN §12), unless it is
    marked `sealing_as_written`: its subject is one sealing, the server's by default or one it chooses itself."""
    if "each_sealing" in metafunc.fixturenames:
        only = metafunc.definition.get_closest_marker("sealing_as_written")
        metafunc.parametrize("each_sealing", SEALINGS[:1] if only else SEALINGS, indirect=True)


@pytest.fixture
def each_sealing(request, app):
    """With "tellers", the app's test clients are voters' and tellers' phones that seal every new session."""
    from tests.integration.sealing_phones import VotersPhones

    before = app.test_client_class
    if request.param == "tellers":
        app.test_client_class = VotersPhones
    yield request.param
    app.test_client_class = before
    app.extensions.pop("sealing_phones", None)
    if request.param == "tellers":  # the test ran sealed: no session of it was left to the server's sealing
        from sqlalchemy import func, select

        from server.models import VoteSession

        with app.app_context():
            left = db.session.scalar(select(func.count()).select_from(VoteSession).where(VoteSession.sealing != "tellers"))
        assert left == 0, f"{left} sessions were not sealed by their tellers"


def pytest_collection_modifyitems(items):
    """The browser tests take longest: they go first, so that under `pytest -n` the other workers share out the rest
    meanwhile."""
    items.sort(key=lambda item: item.get_closest_marker("slowest") is None)


def _redis_client():
    url = os.environ.get("REDIS_URL")
    if url:
        import redis

        return redis.Redis.from_url(url)
    import fakeredis

    return fakeredis.FakeRedis()


# One iteration of PBKDF2: an account costs microseconds instead of scrypt's 0.1 s. Production refuses it.
TEST_PASSWORD_HASH = "pbkdf2:sha256:1"


def base_config(**overrides) -> dict:
    config = {
        "SKIP_ENV": True,
        "TESTING": True,
        "APP_ENV": "testing",
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": DATABASE_URL,
        "REDIS_URL": None,
        "RATELIMIT_STORAGE_URI": "memory://",
        "DEMO_MODE": False,
        "TOKEN_MAX_AGE": 3600,
        "PUBLIC_BASE_URL": "http://testserver",
        "WECHAT_MP_APPID": "",
        "WECHAT_MP_SECRET": "",
        "RQ_ASYNC": False,  # jobs run in-process unless a test starts a worker
        "DOCUMENT_DIR": os.path.join(tempfile.gettempdir(), f"party_quality_documents_{os.getpid()}"),
        "PASSWORD_HASH_METHOD": TEST_PASSWORD_HASH,
    }
    config.update(overrides)
    if config["APP_ENV"] == "production":  # which refuses the cheap hashing (config.check_production)
        config.pop("PASSWORD_HASH_METHOD")
    return config


@pytest.fixture(scope="session")
def migrated_database():
    """Bring the test database to the head migration once per run (the real migrations, not create_all)."""
    from flask_migrate import upgrade

    if DATABASE_URL.startswith("sqlite"):
        path = make_url(DATABASE_URL).database
        if path and os.path.exists(path):
            os.remove(path)
    else:
        workers.create_database_if_missing(DATABASE_URL)
        engine = create_engine(DATABASE_URL)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    app = create_app(base_config())
    with app.app_context():
        upgrade()
        db.engine.dispose()
    yield DATABASE_URL


def _empty_tables(app) -> None:
    """Delete what the test wrote, children before parents, and start every id at 1 again. On PostgreSQL only the
    tables holding rows are touched (a TRUNCATE of all ~60 cost more than most tests)."""
    with app.app_context():
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            if IS_POSTGRES:
                filled = set(conn.scalars(text(" UNION ALL ".join(f'(SELECT \'{t}\' FROM "{t}" LIMIT 1)' for t in tables))))
                for name in (t for t in tables if t in filled):
                    conn.execute(text(f'DELETE FROM "{name}"'))
                conn.execute(text("SELECT setval(c.oid::regclass, 1, false) FROM pg_class c "
                                  "WHERE c.relkind = 'S' AND c.relnamespace = 'public'::regnamespace"))
            else:
                for name in tables:
                    conn.execute(text(f"DELETE FROM {name}"))
            _reseed_calendar(conn)


def _reseed_calendar(conn) -> None:
    """The working-day calendar is reference data the migration seeds from chinese-calendar: put it back."""
    from server.domain.working_days import library_calendar
    from server.models import CalendarDay, CalendarYear

    known = library_calendar()
    conn.execute(CalendarDay.__table__.insert(), [{"day": d, "working": w} for d, w in sorted(known.exceptions.items())])
    conn.execute(CalendarYear.__table__.insert(), [{"year": y, "source": "chinese-calendar"} for y in sorted(known.years)])


@pytest.fixture(scope="session")
def shared_redis():
    return _redis_client()


@pytest.fixture
def redis_client(shared_redis):
    shared_redis.flushdb()
    yield shared_redis
    shared_redis.flushdb()


def _dispose(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if "cast_engine" in app.extensions:  # the fast cast path's own pool
        app.extensions["cast_engine"].dispose()


@pytest.fixture(scope="session")
def shared_app(migrated_database, shared_redis):
    """The app of the default configuration, built once: building one costs ~0.4 s (routes and the OpenAPI
    document), and most tests need nothing else. `app` hands it out fresh to each test."""
    app = create_app(base_config(REDIS_CLIENT=shared_redis))
    yield app
    _dispose(app)


def _refresh(app) -> None:
    """What a test could leave behind in an app besides the database and Redis: counted failures and limits,
    WeChat's sent messages, the app that jobs without a context run in."""
    from server import jobs, wechat
    from server.extensions import limiter

    limiter.init_app(app)  # a new storage of the app's RATELIMIT_STORAGE_URI (hooks are added once per app)
    app.extensions.pop("wechat", None)
    wechat.init_app(app)
    jobs.init_app(app)


@pytest.fixture
def make_app(shared_app, redis_client):
    """Factory for apps with config overrides; tables are emptied after the test."""
    apps = []

    def factory(**overrides):
        overrides.setdefault("REDIS_CLIENT", redis_client)
        app = create_app(base_config(**overrides))
        apps.append(app)
        return app

    yield factory
    from server import jobs
    from server.services import fast_cast

    jobs.cancel_timers()  # a reminder or a push retry booked in-process must not fire into the next test
    for app in apps:
        _dispose(app)
    with shared_app.app_context():
        db.session.remove()
    _empty_tables(shared_app)
    fast_cast.forget_shapes()  # the next test's sessions take the same ids


@pytest.fixture
def app(make_app, shared_app):
    _refresh(shared_app)
    return shared_app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def session(app):
    with app.app_context():
        yield db.session


@dataclass
class World:
    """Two counties with committees and branches, staff at each level, and their tokens."""

    orgs: dict = field(default_factory=dict)
    accounts: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)

    def headers(self, who: str) -> dict:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


PASSWORD = "Pass-w0rd!x"  # strong enough for zxcvbn (score 3)


def id_card_for(birth: date, seq: int, male: bool = True) -> str:
    from server.domain.identity import id_check_digit

    serial = (seq % 100) * 10 + (1 if male else 2)
    first = f"450103{birth:%Y%m%d}{serial:03d}"
    return first + id_check_digit(first)


@pytest.fixture
def world(app, client) -> World:
    """city → county A → committee A → branches A1, A2; city → county B → committee B → branch B1."""
    from server.models import Account, Organization, Person
    from server.services import auth
    from server.services.people import apply_values, set_id_card

    w = World()
    with app.app_context():
        def org(key, name, level, sector, parent=None, staff=None):
            o = Organization(name=name, level=level, sector=sector, staff_count=staff,
                             parent_id=w.orgs[parent].id if parent else None, has_approval_authority=level != "branch")
            db.session.add(o)
            db.session.flush()
            o.path = (w.orgs[parent].path if parent else "/") + f"{o.id}/"
            w.orgs[key] = o

        org("city", "测试市委组织部", "city", "institution")
        org("county_a", "甲区委组织部", "county", "institution", "city")
        org("committee_a", "甲街道党工委", "committee", "community", "county_a")
        org("branch_a1", "甲一社区党支部", "branch", "community", "committee_a")
        org("branch_a2", "甲二社区党支部", "branch", "community", "committee_a")
        org("county_b", "乙区委组织部", "county", "institution", "city")
        org("committee_b", "乙镇党委", "committee", "rural", "county_b")
        org("branch_b1", "乙一村党支部SIBLINGSECRET", "branch", "rural", "committee_b")

        def person(key, org_key, name, status, **values):
            p = Person(org_id=w.orgs[org_key].id, committee_member=False)
            apply_values(p, {"name": name, "status": status, "gender": "male", "birth_date": date(1990, 1, 1),
                             **values})
            db.session.add(p)
            db.session.flush()
            if status != "mass_rep":
                set_id_card(db.session, p, id_card_for(date(1990, 1, 1), p.id), within=("/",))
            w.people[key] = p

        person("member_a1", "branch_a1", "甲一党员", "member", status_since=date(2010, 1, 1), committee_member=True)
        person("applicant_a1", "branch_a1", "甲一申请人", "applicant", applied_at=TODAY - timedelta(days=300))
        person("member_b1", "branch_b1", "乙一党员SIBLINGSECRET", "member", status_since=date(2010, 1, 1))
        person("applicant_b1", "branch_b1", "乙一申请人SIBLINGSECRET", "applicant", applied_at=date(2025, 1, 1))

        def account(key, role, org_key, person_key=None):
            a = Account(username=key, password_hash=auth.hash_password(PASSWORD), role=role,
                        org_id=w.orgs[org_key].id, token_version=1, active=True,
                        person_id=w.people[person_key].id if person_key else None)
            db.session.add(a)
            db.session.flush()
            w.accounts[key] = a
            w.tokens[key] = auth.issue_token(a)

        account("city_staff", "org_staff", "city")
        account("county_a_staff", "org_staff", "county_a")
        account("committee_a_staff", "org_staff", "committee_a")
        account("secretary_a1", "secretary", "branch_a1", "member_a1")
        account("secretary_a2", "secretary", "branch_a2")
        account("county_b_staff", "org_staff", "county_b")
        account("secretary_b1", "secretary", "branch_b1")
        db.session.commit()
        # Detach plain ids for use outside the app context.
        w.orgs = {k: _Ref(v.id, v.name, v.path) for k, v in w.orgs.items()}
        w.people = {k: _Ref(v.id, v.name, "") for k, v in w.people.items()}
        w.accounts = {k: _Ref(v.id, v.username, "") for k, v in w.accounts.items()}
    return w


@dataclass(frozen=True)
class _Ref:
    id: int
    name: str
    path: str


@dataclass
class Branch:
    """branch_a1 filled for voting: members (3 on the committee), probationary members, candidates, mass reps."""

    world: World
    members: list = field(default_factory=list)
    committee: list = field(default_factory=list)
    probationary: list = field(default_factory=list)
    applicants_ok: list = field(default_factory=list)
    applicant_new: int = 0
    activist_ok: int = 0
    activist_new: int = 0
    target: int = 0
    prob_last_year: int = 0
    prob_old: int = 0
    mass: list = field(default_factory=list)
    person_tokens: dict = field(default_factory=dict)

    @property
    def org_id(self) -> int:
        return self.world.orgs["branch_a1"].id

    def headers(self, who="secretary_a1"):
        return self.world.headers(who)

    def person_headers(self, person_id: int) -> dict:
        return {"Authorization": f"Bearer {self.person_tokens[person_id]}"}


@pytest.fixture
def branch(app, world) -> Branch:
    from server.models import Person
    from server.services import auth
    from server.services.people import apply_values

    b = Branch(world=world)
    member_a1 = world.people["member_a1"].id
    year = TODAY.year
    with app.app_context():
        def add(name, status, **values):
            p = Person(org_id=b.org_id, committee_member=False)
            apply_values(p, {"name": name, "status": status, "gender": "female", "birth_date": date(1995, 5, 5), **values})
            db.session.add(p)
            db.session.flush()
            b.person_tokens[p.id] = auth.issue_person_token(p)
            return p.id

        b.members = [member_a1] + [add(f"党员{i}", "member", status_since=date(2015, 1, 1), committee_member=i < 2)
                                   for i in range(9)]
        b.committee = [member_a1] + b.members[1:3]
        b.prob_last_year = add("去年预备党员", "probationary", status_since=date(year - 1, 6, 1))
        b.prob_old = add("满一年预备党员", "probationary", status_since=date(year - 2, 10, 1))
        b.probationary = [b.prob_last_year, b.prob_old]
        b.applicants_ok = [add(f"申请人{i}", "applicant", applied_at=TODAY - timedelta(days=200 + i)) for i in range(3)]
        b.applicant_new = add("新申请人", "applicant", applied_at=TODAY - timedelta(days=30))
        b.activist_ok = add("老积极分子", "activist", applied_at=date(year - 3, 1, 1), status_since=TODAY - timedelta(days=400))
        b.activist_new = add("新积极分子", "activist", applied_at=date(year - 2, 1, 1), status_since=TODAY - timedelta(days=100))
        b.target = add("发展对象甲", "target", applied_at=date(year - 4, 1, 1), status_since=TODAY - timedelta(days=90))
        b.mass = [add(f"群众{i}", "mass_rep") for i in range(30)]
        b.person_tokens[member_a1] = auth.issue_person_token(db.session.get(Person, member_a1))
        # The records of the candidates hold the steps their next vote needs (entered from their paper files).
        done_before = TODAY - timedelta(days=60)
        record_steps(b.activist_ok, ["activist_filed", "contacts_assigned"], TODAY - timedelta(days=390))
        record_steps(b.target, ["introducers", "political_review", "training", "branch_review",
                                "committee_prereview", "application_form"], done_before)
        record_steps(b.prob_old, ["grouped", "oath", "conversion_application"], done_before)
        db.session.commit()
    return b


def record_steps(person_id: int, keys: list[str], on: date) -> None:
    """Steps of a person's record, as if entered from the paper file (inside an app context)."""
    from server.models import RecordEntry

    for key in keys:
        db.session.add(RecordEntry(person_id=person_id, key=key, round=1, seq=0, done_on=on, fields={},
                                   evidence={}, source="history", late=False))


def fonts_not_embedded(pdf: bytes) -> list[str]:
    """The fonts a PDF uses without carrying them (embedded subsets are named ABCDEF+Name and have a font file)."""
    import re

    names = [n.decode() for n in re.findall(rb"/BaseFont\s*/([^\s/>\]]+)", pdf)]
    missing = [n for n in names if not re.match(r"[A-Z]{6}\+", n)]
    if names and b"/FontFile" not in pdf:
        missing.append("(no font file)")
    return missing if names else ["(no font at all)"]


@pytest.fixture
def committee_staff_headers(app, world) -> dict:
    """The headers of a roster person behind a staff account of 甲街道党工委: pushes to that committee's staff reach
    someone only through accounts bound to people."""
    from server.models import Account, Person
    from server.services.auth import hash_password, issue_person_token

    with app.app_context():
        staff = Person(org_id=world.orgs["committee_a"].id, name="党工委组织委员", status="member", committee_member=False)
        db.session.add(staff)
        db.session.flush()
        db.session.add(Account(username="committee_a_person", password_hash=hash_password("x" * 10), role="org_staff",
                               org_id=world.orgs["committee_a"].id, person_id=staff.id, token_version=1, active=True))
        db.session.commit()
        return {"Authorization": f"Bearer {issue_person_token(staff)}"}
