"""gunicorn settings for ropa (`gunicorn config.wsgi` reads this file from the working directory).

Every value can be overridden from the environment (`GUNICORN_WORKERS`, `GUNICORN_TIMEOUT`, `GUNICORN_BIND`) or on
the command line. See docs/deploy.md.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")  # behind the reverse proxy, never exposed directly
# Synchronous workers: each request holds one; 2 per core plus one is gunicorn's own rule of thumb.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# The heaviest synchronous request is a register PDF. It grows with the register (benchmarks/reports.py; 1,000
# activities took minutes on a loaded two-core machine), so no timeout fits every register: 120 s covers a register
# of ordinary size, and a larger one is exported with `manage.py export_register` until exports run as background
# jobs. See docs/deploy.md.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# Recycle workers now and then so a slow leak in a library cannot grow for ever.
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
