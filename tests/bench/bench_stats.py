"""Statistics and the criteria scan on a city of realistic size. Run: .venv/bin/python tests/bench/bench_stats.py

Needs PostgreSQL and the city of `flask seed-scale` (15,000 organizations, 300,000 people) in party_quality_scale,
which tests/bench/bench_record.py generates on its first run (this script does the same). Plans are written for every
organization that plans, for last year and this one, so the numbers and criteria 3–4 have something to judge.
  dashboard  GET /stats for the city (target ≤ 300 ms) and a county drill-down (target ≤ 100 ms)
  scan       criteria 1–5 over the whole city, first run and the next (target ≤ 60 s)
  export     the city's quarterly-report .xlsx (target ≤ 10 s)
  lists      the city's proposals, key-management list and warning targets (no target set; staff wait on them)
  quarterly  the nightly opening of a quarter's drafts and their reminders, and the reports a county receives
Each figure is printed with a cross-check: the admissions the dashboard counts against a plain SQL count, and the
proposals the scan made against the rows in the table (none lost, none doubled).
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.bench_record import ENV, ensure_city, token  # noqa: E402


def write_plans(app) -> int:
    from sqlalchemy import delete, select

    from server import clock
    from server.extensions import db
    from server.models import AnnualPlan, Organization

    with app.app_context():
        db.session.execute(delete(AnnualPlan))
        orgs = db.session.execute(select(Organization.id, Organization.level, Organization.has_approval_authority,
                                         Organization.parent_id)).all()
        rows = []
        for year in (clock.today().year - 1, clock.today().year):
            for org in orgs:
                if org.level == "branch" or (org.has_approval_authority and org.level != "city"):
                    rows.append({"org_id": org.id, "year": year, "planned_admissions": 2 if org.level == "branch" else 40,
                                 "targets": {"women_pct": 30, "young_pct": 60}, "state": "confirmed",
                                 "made_by_org_id": org.parent_id or org.id})
        db.session.execute(AnnualPlan.__table__.insert(), rows)
        db.session.commit()
        return len(rows)


def timed(client, url, headers, runs=7):
    client.get(url, headers=headers)  # warm
    times, last = [], None
    for _ in range(runs):
        started = time.perf_counter()
        last = client.get(url, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        assert last.status_code == 200, last.json
    return statistics.median(times), max(times), last


def bench_dashboard(app, client) -> None:
    from sqlalchemy import func, select

    from server import clock
    from server.extensions import db
    from server.models import Account, Person

    year = clock.today().year
    city = token(app, "scale_city")
    with app.app_context():
        county_id = db.session.query(Account).filter_by(username="scale_county").one().org_id
        admitted = db.session.scalar(select(func.count()).select_from(Person).where(
            Person.probationary_at >= date(year, 1, 1), Person.probationary_at < date(year + 1, 1, 1)))
    median, worst, response = timed(client, f"/api/v1/stats?year={year}", city)
    print(f"dashboard   city {year}: median {median:.0f} ms, max {worst:.0f} ms (target ≤ 300 ms); admitted "
          f"{response.json['admitted']:,} = SQL count {admitted:,}: {'ok' if response.json['admitted'] == admitted else 'MISMATCH'}; "
          f"{len(response.json['children'])} counties")
    median, worst, response = timed(client, f"/api/v1/stats?org_id={county_id}&year={year}", city)
    print(f"dashboard   county drill-down: median {median:.0f} ms, max {worst:.0f} ms (target ≤ 100 ms); "
          f"{len(response.json['children'])} organizations below")


def bench_scan(app) -> None:
    from sqlalchemy import delete, func, select

    from server.extensions import db
    from server.models import WarningProposal
    from server.services import warning_proposals

    with app.app_context():
        db.session.execute(delete(WarningProposal))
        db.session.commit()
        for label in ("first run", "next run "):
            started = time.monotonic()
            result = warning_proposals.scan(db.session)
            db.session.commit()
            elapsed = time.monotonic() - started
            rows = db.session.scalar(select(func.count()).select_from(WarningProposal))
            distinct = db.session.scalar(select(func.count()).select_from(
                select(WarningProposal.org_id, WarningProposal.criterion, WarningProposal.year).distinct().subquery()))
            by = dict(db.session.execute(select(WarningProposal.criterion, func.count()).group_by(WarningProposal.criterion)).all())
            print(f"scan        {label}: {elapsed:.1f} s — judged {result['judged']:,} organizations, new {result['new']:,}; "
                  f"table {rows:,} rows, {distinct:,} distinct (org, criterion, year); by criterion {dict(sorted(by.items()))} "
                  f"(target ≤ 60 s)")


def bench_export(app, client) -> None:
    from server import clock

    city = token(app, "scale_city")
    started = time.monotonic()
    response = client.get(f"/api/v1/stats/export.xlsx?year={clock.today().year}", headers=city)
    elapsed = time.monotonic() - started
    assert response.status_code == 200 and response.data[:2] == b"PK"
    print(f"export      city .xlsx: {elapsed:.2f} s, {len(response.data) / 1024:.0f} KiB (target ≤ 10 s)")


def write_warnings(app, n: int) -> int:
    """Warnings made from the first `n` proposals, in one insert: the lists and registers read a city's worth."""
    from datetime import timedelta

    from sqlalchemy import delete, select

    from server import clock
    from server.adapters import sql
    from server.extensions import db
    from server.models import ControlWarning, WarningProposal

    today = clock.today()
    levels = ("verbal", "letter", "yellow")
    with app.app_context():
        db.session.execute(delete(ControlWarning))
        proposals = db.session.execute(select(WarningProposal.id, WarningProposal.org_id, WarningProposal.issuer_org_id,
                                              WarningProposal.criterion, WarningProposal.facts)
                                       .order_by(WarningProposal.id).limit(n)).all()
        rows = [{"org_id": p.org_id, "issuer_org_id": p.issuer_org_id, "criterion": p.criterion, "level": levels[i % 3],
                 "state": ("issued", "acknowledged", "reported", "lifted")[i % 4], "facts": p.facts, "issued_on": today,
                 "deadline": today + timedelta(days=30), "report_due": today + timedelta(days=21) if i % 3 == 2 else None,
                 "calendar_fallback": i % 3 == 2, "award_ineligible_year": today.year if i % 3 == 2 else None,
                 "overdue": False, "proposal_id": p.id, "responsible_persons": "支部书记" if i % 3 == 2 else None}
                for i, p in enumerate(proposals)]
        db.session.execute(ControlWarning.__table__.insert(), rows)
        sql.refresh_statistics(db.session, ControlWarning, added=len(rows), before=0)
        db.session.commit()
        return len(rows)


def bench_lists(app, client) -> None:
    from sqlalchemy import func, select

    from server import clock
    from server.domain import criteria
    from server.domain.warning_issuers import KEY_MANAGEMENT_SECTORS
    from server.extensions import db
    from server.models import Organization, Person

    city = token(app, "scale_city")
    today = clock.today()
    cutoff = criteria.no_admission_since(today)
    with app.app_context():  # the cross-check, in Python from plain reads
        key = {o for o, in db.session.execute(select(Organization.id).where(
            Organization.level == "branch", Organization.sector.in_(KEY_MANAGEMENT_SECTORS)))}
        recent = {o for o, in db.session.execute(select(Person.org_id).where(Person.probationary_at >= cutoff).distinct())}
        expected = len(key - recent)
        pending = db.session.scalar(select(func.count()).select_from(Organization))
    median, worst, response = timed(client, "/api/v1/key-management", city)
    total = response.json["no_admission_total"]
    print(f"lists       key management, city: median {median:.0f} ms, max {worst:.0f} ms; {total:,} branches without "
          f"admissions for 3 years = Python count {expected:,}: {'ok' if total == expected else 'MISMATCH'}")
    median, worst, response = timed(client, "/api/v1/warning-proposals", city)
    print(f"lists       proposals for the city: median {median:.0f} ms, max {worst:.0f} ms; {len(response.json):,} listed")
    median, worst, response = timed(client, "/api/v1/warning-targets?criterion=1", city)
    print(f"lists       warning targets of the city: median {median:.0f} ms, max {worst:.0f} ms; {len(response.json):,} of "
          f"{pending:,} organizations")
    year = today.year
    print(f"lists       {write_warnings(app, 6000):,} warnings written (every third a yellow card) for the registers below")
    for label, url in (("plans of the city and counties", f"/api/v1/plans?year={year}"),
                       ("award-ineligible register", f"/api/v1/award-ineligible?year={year}"),
                       ("calendar status", "/api/v1/calendar"),
                       ("warnings of the city", "/api/v1/warnings")):
        median, worst, response = timed(client, url, city)
        body = response.json
        count = len(body) if isinstance(body, list) else len(body.get("items", body))
        print(f"lists       {label}: median {median:.0f} ms, max {worst:.0f} ms; {count:,} rows")


def bench_quarterly(app, client) -> None:
    from datetime import timedelta

    from sqlalchemy import delete, func, select

    from server import clock
    from server.domain import quarterly
    from server.extensions import db
    from server.models import Account, Notice, QuarterlyReport
    from server.services import quarterly_reports

    year, quarter = quarterly.last_finished_quarter(clock.today())
    remind_day = quarterly.due_on(year, quarter) - timedelta(days=quarterly.REMIND_DAYS_BEFORE)
    with app.app_context():
        db.session.execute(delete(QuarterlyReport))
        db.session.commit()
        notices_before = db.session.scalar(select(func.count()).select_from(Notice))
        for label in ("first night", "next night "):
            started = time.monotonic()
            reminded = quarterly_reports.remind(db.session, remind_day if label == "first night" else remind_day + timedelta(days=1))
            db.session.commit()
            elapsed = time.monotonic() - started
            reports = db.session.scalar(select(func.count()).select_from(QuarterlyReport))
            print(f"quarterly   {label}: {elapsed * 1000:.0f} ms — {reports:,} reports of {year} Q{quarter}, {reminded:,} reminded")
        notices = db.session.scalar(select(func.count()).select_from(Notice)) - notices_before
        county_id = db.session.query(Account).filter_by(username="scale_county").one().org_id
    print(f"quarterly   reminder notices written: {notices:,} (a push needs staff accounts bound to roster people; "
          "the generated city binds only branch secretaries)")
    county = token(app, "scale_county")
    median, worst, response = timed(client, f"/api/v1/quarterly-reports?year={year}&quarter={quarter}", county)
    print(f"quarterly   reports received by a county: median {median:.0f} ms, max {worst:.0f} ms; "
          f"{len(response.json['received'])} received (county {county_id})")


def main() -> None:
    ensure_city("--fresh" in sys.argv)
    os.environ.update(ENV)
    subprocess_upgrade()
    from server import create_app

    app = create_app({})
    client = app.test_client()
    print(f"plans       {write_plans(app):,} written (last year and this)")
    bench_dashboard(app, client)
    bench_scan(app)
    bench_export(app, client)
    bench_lists(app, client)
    bench_quarterly(app, client)


def subprocess_upgrade() -> None:
    """The kept city may predate the newest migration."""
    import subprocess

    subprocess.run([str(ROOT / ".venv/bin/flask"), "--app", "server", "db", "upgrade"], cwd=ROOT,
                   env={**os.environ, **ENV}, check=True, capture_output=True)


if __name__ == "__main__":
    main()
