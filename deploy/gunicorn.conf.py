"""gunicorn for Lindung: `gunicorn -c deploy/gunicorn.conf.py lindung.wsgi:application`.

Everything here can be changed with the environment (the systemd unit's EnvironmentFile, or deploy/up.sh).
Logs (access and errors) go to stderr, as JSON lines when LINDUNG_LOG_FORMAT=json, like Django's own.
"""

import os

bind = os.environ.get("LINDUNG_BIND", "127.0.0.1:8001")  # loopback: only the TLS proxy talks to gunicorn
# gthread: a process per core plus one; threads overlap the database round trips (bench/load_bench.py).
worker_class = "gthread"
workers = int(os.environ.get("LINDUNG_WEB_PROCESSES", str((os.cpu_count() or 1) + 1)))
threads = int(os.environ.get("LINDUNG_WEB_THREADS", "4"))
# An import upload or a report export can take a while; the proxy waits as long (proxy_read_timeout).
timeout = int(os.environ.get("LINDUNG_WEB_TIMEOUT", "120"))
graceful_timeout = 30
max_requests = (
    2000  # a slow leak in any library is cut off; the jitter keeps processes from restarting together
)
max_requests_jitter = 200
# The proxy is on this machine: X-Forwarded-Proto from it is believed (Django reads it, SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("LINDUNG_GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's control socket (`gunicornc`) is not used; its default lives in the home directory, which the
# systemd unit makes read-only.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
# The access line's fields; the JSON formatter keeps the path without the query string (it may hold a NIK).
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

if os.environ.get("LINDUNG_LOG_FORMAT", "text") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "lindung.core.logformat.JsonFormatter"}},
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
        },
        # gunicorn merges this over its own defaults key by key: the root logger must name a handler defined here.
        "root": {"handlers": ["stderr"], "level": "INFO"},
        "loggers": {
            "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        },
    }
