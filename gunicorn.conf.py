"""gunicorn settings for ropa (`gunicorn config.wsgi` reads this file from the working directory).

Every value can be overridden from the environment (`GUNICORN_WORKERS`, `GUNICORN_TIMEOUT`, `GUNICORN_BIND`) or on
the command line. See docs/deploy.md.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")  # behind the reverse proxy, never exposed directly
# Synchronous workers: each request holds one; 2 per core plus one is gunicorn's own rule of thumb.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# The heaviest synchronous request is a register PDF (about 30 s for 1,000 activities on a small server, see
# benchmarks/reports.py): the default leaves it room. Lower it once exports run as background jobs.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# Recycle workers now and then so a slow leak in a library cannot grow for ever.
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
