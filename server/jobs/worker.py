"""The rq worker that `flask --app server worker` runs."""
from __future__ import annotations

import inspect

from rq import Worker as RqWorker


class Worker(RqWorker):
    """rq's worker, whose stop on SIGTERM is bounded. rq listens for commands on a pubsub thread that may sleep up
    to 60 s in `get_message` once it is unsubscribed, and redis-py 8.2's `PubSubWorkerThread.stop()` waits for that
    thread: a worker told to stop could take a minute to exit. The thread is a daemon; a second is enough."""

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
