"""Serving in production: `check --deploy` clean with the documented minimum, static files and the security headers
with DEBUG off, one DEBUG default, and the health probe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_MINIMUM = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-production-like-secret-of-fifty-chars!",
    "ALLOWED_HOSTS": "ropa.example.org",
}


def _environment(**values: str) -> dict[str, str]:
    """The process environment without any of ropa's own settings, plus `values`."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "DATABASE_URL")  # nothing another test may have set
    return {**{k: os.environ[k] for k in keep if k in os.environ}, **values}


def _run(*args: str, **values: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=_environment(**values),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_only_debug_secret_and_hosts_set():
    result = _run("manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_MINIMUM)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_without_a_secret_key_debug_off_refuses_to_start():
    result = _run("manage.py", "check", DEBUG="0", ALLOWED_HOSTS="ropa.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_manage_py_and_the_wsgi_application_share_one_debug_default():
    probe = "from django.conf import settings; print(settings.DEBUG)"
    via_wsgi = _run("-c", f"import config.wsgi; {probe}")
    via_manage = _run("manage.py", "shell", "--no-imports", "-c", probe)
    assert via_wsgi.returncode == 0 and via_manage.returncode == 0, via_wsgi.stderr + via_manage.stderr
    assert via_wsgi.stdout.strip() == via_manage.stdout.strip() == "True"


def test_with_debug_off_https_is_enforced_by_default():
    probe = (
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    assert _run("manage.py", "shell", "--no-imports", "-c", probe, **PRODUCTION_MINIMUM).stdout.split() == ["True"] * 4
    behind_proxy = _run(
        "manage.py",
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
        "s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS)",
        SECURE_SSL_REDIRECT="0",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        CSRF_TRUSTED_ORIGINS="https://ropa.example.org",
        **PRODUCTION_MINIMUM,
    )
    assert behind_proxy.stdout.strip() == "False ('HTTP_X_FORWARDED_PROTO', 'https') ['https://ropa.example.org']"


def test_admin_css_is_served_with_debug_off(tmp_path, settings):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path
    # Production's storage without its compression step (minutes on two cores): the same hashed names, served by
    # the same WhiteNoise middleware.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False  # only what collectstatic wrote, as in production
    # The API docs' bundle is large to compress; the admin's files show the same path through the same storage.
    call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["drf_spectacular_sidecar"])
    from django.templatetags.static import static

    url = static("admin/css/base.css")
    assert url != "/static/admin/css/base.css"  # a hashed name: cached for good by browsers and proxies
    response = Client().get(url)  # a new client loads the middleware, so WhiteNoise sees the collected files
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert b"".join(response.streaming_content).startswith(b"/*")


@pytest.mark.django_db
def test_admin_and_api_pages_carry_a_content_security_policy(client, dpo):
    client.force_login(dpo)
    for path in ("/admin/", "/api/docs/", "/api/v1/organisations/"):
        policy = client.get(path)["Content-Security-Policy"]
        assert "script-src 'self'" in policy, path
        assert "frame-ancestors 'none'" in policy, path
    docs = client.get("/api/docs/").content.decode()
    assert "<script>" not in docs  # Swagger UI starts from a file: no inline script to allow


@pytest.mark.django_db
def test_the_default_cache_is_a_database_table_that_migrate_creates(settings):
    from django.core.cache import caches

    from config.settings import CACHE_TABLE, CACHES

    settings.CACHES = CACHES  # the production default, which the tests' process-local cache replaces
    assert CACHES["default"]["BACKEND"] == "ropa.dbcache.DatabaseCache"  # Django's, with a set in one statement
    caches["default"].set("throttle_probe", [1.0], 60)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {CACHE_TABLE} WHERE cache_key LIKE %s", ["%throttle_probe"])
        assert cursor.fetchone()[0] == 1


@pytest.mark.django_db
def test_health_answers_200_with_every_dependency(client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {"database", "cache", "storage"} <= set(body["checks"])
    assert set(body["checks"].values()) == {"ok"}


@pytest.mark.django_db
def test_health_answers_503_when_the_database_is_down():
    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    with connection.execute_wrapper(refuse):
        response = Client().get("/health/")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["database"] == "unavailable"


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_health_is_reachable_over_plain_http_for_load_balancers(client):
    assert client.get("/health/").status_code == 200
    assert client.get("/admin/").status_code == 301
