"""A worker told to stop exits promptly, even when its command thread sleeps after the unsubscribe."""
import sys
import threading
import time

from rq import Queue

from server.jobs.worker import Worker


def _asleep_in_get_message(thread) -> bool:
    frame = sys._current_frames().get(thread.ident)
    while frame is not None:
        if frame.f_code.co_name == "get_message":
            return True
        frame = frame.f_back
    return False


def test_stopping_does_not_wait_for_the_command_thread_to_wake(redis_client):
    worker = Worker([Queue("default", connection=redis_client)], connection=redis_client)
    worker.subscribe()
    thread = worker.pubsub_thread
    worker.pubsub.unsubscribe()  # the race: the thread reads the unsubscribe, then sleeps waiting to be subscribed
    deadline = time.monotonic() + 5
    while not (not worker.pubsub.subscribed and _asleep_in_get_message(thread)) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not worker.pubsub.subscribed and _asleep_in_get_message(thread)
    stopping = threading.Thread(target=worker.unsubscribe, daemon=True)
    stopping.start()
    stopping.join(timeout=15)  # rq's own unsubscribe waits out the thread's 60 s sleep here
    assert not stopping.is_alive()
