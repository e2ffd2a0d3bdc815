"""The rq worker that `flask --app server worker` runs."""
from __future__ import annotations

import inspect
import logging
import time

import redis
from rq import Worker as RqWorker

log = logging.getLogger(__name__)
RESTART_AFTER = 5  # seconds between a worker that quit on a Redis error and the next


class Worker(RqWorker):
    """rq's worker, which keeps the schedule's process alive, and whose stop on SIGTERM is bounded.

    rq listens for commands on a pubsub thread that may sleep up to 60 s in `get_message` once it is unsubscribed,
    and redis-py 8.2's `PubSubWorkerThread.stop()` waits for that thread: a worker told to stop could take a minute
    to exit. The thread is a daemon; a second is enough."""

    def unsubscribe(self):
        thread = self.pubsub_thread
        if not thread:
            return
        self.log.info("Worker %s: unsubscribing from channel %s", self.name, self.pubsub_channel_name)
        self.pubsub.unsubscribe()
        if "timeout" in inspect.signature(thread.stop).parameters:
            thread.stop(timeout=1)
        else:
            thread.stop()
        thread.join(timeout=1)
        self.pubsub.close()

    keep_schedule = None  # a function starting the schedule's process (server.jobs.schedule.start_keeper)
    keeper = None

    def run_maintenance_tasks(self):
        """rq's maintenance, and the schedule's process started again if it died (killed, out of memory)."""
        super().run_maintenance_tasks()
        self.ensure_schedule()

    def ensure_schedule(self) -> None:
        if self.keep_schedule is not None and (self.keeper is None or not self.keeper.is_alive()):
            if self.keeper is not None:
                self.log.warning("Worker %s: the schedule's process died; starting it again", self.name)
            self.keeper = self.keep_schedule()

    def stop_schedule(self) -> None:
        if self.keeper is not None:
            self.keeper.terminate()
            self.keeper.join(5)


def run(queue, *, burst: bool, keep_schedule=None) -> None:
    """Work until told to stop. rq quits on an error it does not expect, which a Redis outage raises in many places
    (the heartbeat, the maintenance, the teardown): the worker starts again once Redis answers, keeping the
    schedule's process, so an outage delays the work and never ends it."""
    keeper = None
    while True:
        worker = None
        try:
            # rq's scheduler (the jobs booked for a time: push retries) dies with a Redis outage and comes back at
            # the worker's next maintenance: every minute, not rq's ten; so does the schedule's process.
            worker = Worker([queue], connection=queue.connection, maintenance_interval=60)
            worker.keep_schedule, worker.keeper = keep_schedule, keeper
            worker.ensure_schedule()
            worker.work(with_scheduler=True, burst=burst)
        except redis.exceptions.RedisError as error:
            log.warning("worker stopped by %s", type(error).__name__)
        if worker is not None:
            keeper = worker.keeper
            if burst or worker._stop_requested or worker._shutdown_requested_date is not None:  # told to stop
                worker.stop_schedule()
                return
        log.warning("worker quit without being told to (Redis?); starting again in %s s", RESTART_AFTER)
        time.sleep(RESTART_AFTER)
