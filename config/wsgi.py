"""WSGI entry point (gunicorn: `gunicorn config.wsgi`, settings in `gunicorn.conf.py`).

DEBUG and everything else come from the environment, read by `config/settings.py` alone: the application server
and `manage.py` see the same defaults. A production environment sets `DEBUG=0` (see `docs/deploy.md`).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
