"""gunicorn settings: `gunicorn -c python:server.gunicorn_conf 'server:create_app()'`."""
import multiprocessing
import os

from server import log_filters

workers = multiprocessing.cpu_count() * 2 + 1
# gevent: a client that sends its request slowly (or never finishes it) holds a greenlet, not the worker; each
# worker serves up to worker_connections at once, and drops a client silent for 30 s (server.gunicorn_worker).
worker_class = "server.gunicorn_worker.SlowClientSafeWorker"
worker_connections = 1000
bind = "0.0.0.0:8000"
# Workers touch a heartbeat file on every loop; on a disk-backed /tmp that puts writes in the latency tail.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# The access log shows the path without its query string: codes and join tokens ride there.
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'


def on_starting(server):
    log_filters.install()
