"""WSGI entry point."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Served by an application server, ropa runs with DEBUG off unless told otherwise: SECRET_KEY and ALLOWED_HOSTS
# must then come from the environment. (manage.py, for development, keeps the DEBUG-on default.)
os.environ.setdefault("DEBUG", "0")
application = get_wsgi_application()
