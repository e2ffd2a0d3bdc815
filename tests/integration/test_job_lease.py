"""A job whose worker was killed stays "started" in rq for up to ten minutes: the reaper must not wait for that."""
from datetime import UTC, datetime, timedelta

from rq import Queue
from rq.job import Job, JobStatus

from server import jobs


def started_job(connection, beat: datetime | None) -> Job:
    job = Queue("lease-test", connection=connection).enqueue(print, "x")
    job.set_status(JobStatus.STARTED)
    job.started_at = beat
    if beat is not None:
        job.heartbeat(beat, 300)
    job.save()
    return job


def test_a_started_job_without_a_heartbeat_for_90_seconds_is_dead_and_its_deliveries_go_back(make_app, redis_client):
    app = make_app(RQ_ASYNC=True, REDIS_CLIENT=redis_client)
    now = datetime.now(UTC)
    beating = started_job(redis_client, now - timedelta(seconds=60))
    killed = started_job(redis_client, now - timedelta(seconds=120))
    waiting = Queue("lease-test", connection=redis_client).enqueue(print, "y")
    with app.app_context():
        assert jobs.alive([beating.id, killed.id, waiting.id, "no-such-job"], now=now) == {beating.id, waiting.id}
