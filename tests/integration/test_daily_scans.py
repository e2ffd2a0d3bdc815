"""The nightly scans stay booked once each, under their fixed job ids, across worker starts and releases."""
from datetime import UTC, datetime

from rq import Queue
from rq.job import Job

from server.jobs.warnings import OVERDUE_SCAN_JOB_ID, schedule_overdue_scan


def test_starting_a_worker_again_keeps_the_one_booking_of_a_daily_scan(make_app, redis_client):
    app = make_app(RQ_ASYNC=True)
    with app.app_context():
        schedule_overdue_scan()
        first = Job.fetch(OVERDUE_SCAN_JOB_ID, connection=redis_client).created_at
        schedule_overdue_scan()
    scheduled = Queue("default", connection=redis_client).scheduled_job_registry.get_job_ids()
    assert scheduled == [OVERDUE_SCAN_JOB_ID]
    assert Job.fetch(OVERDUE_SCAN_JOB_ID, connection=redis_client).created_at == first


def test_a_scan_booked_under_a_function_that_has_since_moved_is_booked_again_under_the_new_one(make_app, redis_client):
    app = make_app(RQ_ASYNC=True)
    Queue("default", connection=redis_client).enqueue_at(
        datetime(2030, 1, 1, tzinfo=UTC), "server.jobs.meetings.scan_overdue_warnings", job_id=OVERDUE_SCAN_JOB_ID)
    with app.app_context():
        schedule_overdue_scan()
    job = Job.fetch(OVERDUE_SCAN_JOB_ID, connection=redis_client)
    assert job.func_name == "server.jobs.warnings.scan_overdue_warnings"
    assert job.get_status() == "scheduled"
    assert Queue("default", connection=redis_client).scheduled_job_registry.get_job_ids() == [OVERDUE_SCAN_JOB_ID]
