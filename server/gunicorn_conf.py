"""gunicorn settings: `gunicorn -c python:server.gunicorn_conf 'server:create_app()'`."""
import multiprocessing

from server import log_filters

workers = multiprocessing.cpu_count() * 2 + 1
bind = "0.0.0.0:8000"
# The access log shows the path without its query string: codes and join tokens ride there.
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'


def on_starting(server):
    log_filters.install()
