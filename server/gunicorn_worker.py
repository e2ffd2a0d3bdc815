"""The production worker class: gunicorn's gevent worker, so a slow or unfinished request costs a greenlet, not a
worker (five clients that announce a body and never send it stalled every sync worker), and a client silent for
CLIENT_TIMEOUT seconds in the middle of a request is dropped."""
from __future__ import annotations

import os

from gunicorn.workers.base_async import AsyncWorker
from gunicorn.workers.ggevent import GeventWorker

CLIENT_TIMEOUT = float(os.environ.get("CLIENT_TIMEOUT", "30"))  # seconds; tests shorten it


class SlowClientSafeWorker(GeventWorker):
    def handle(self, listener, client, addr):
        # GeventWorker.handle only puts the socket in blocking mode (no timeout): a timeout instead, then the rest.
        client.settimeout(CLIENT_TIMEOUT)
        AsyncWorker.handle(self, listener, client, addr)
