import functools
import os

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, User
from hypothesis import settings

from ropa.api.throttling import WindowCounting
from ropa.register import cache as snapshot_cache
from ropa.roles import AUDITOR, CONTRIBUTOR, DPO
from tests import query_counts

# Property and schema fuzzing: a few examples per test (or per API operation) in the everyday run, many more with
# HYPOTHESIS_PROFILE=thorough. Both derandomized: a run tries the same examples on every machine, so a failure
# reproduces, and no example database is kept between runs.
_FUZZING = {"deadline": None, "derandomize": True, "database": None}
settings.register_profile("default", max_examples=5, **_FUZZING)
settings.register_profile("thorough", max_examples=100, **_FUZZING)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Hashing a password the production way (PBKDF2, a million rounds) takes half a second or more, and most tests
# create a user: the tests hash with MD5 instead, as Django's documentation advises. Production settings are untouched.
django_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_addoption(parser):
    parser.addoption(
        query_counts.UPDATE_OPTION,
        action="store_true",
        help="write the query counts measured by failing baselines into tests/query_counts.json",
    )


def pytest_sessionfinish(session):
    query_counts.write_updates()


@pytest.fixture
def assert_queries(request):
    """`with assert_queries("api.activity_list"): ...` fails unless the block runs the baseline's exact number of
    queries (tests/query_counts.py)."""
    return functools.partial(query_counts.assert_queries, update=request.config.getoption(query_counts.UPDATE_OPTION))


@pytest.fixture(autouse=True)
def _process_local_cache(settings):
    """Tests count in a process-local cache: the database cache (the production default) reads and deletes expired
    throttle counts, which would make a request's query count depend on the clock. tests/test_gunicorn.py and
    tests/test_production.py exercise the database cache itself."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True)
def _one_throttle_window(monkeypatch):
    """Throttles count per clock window (ropa/api/throttling.py): every test counts within one window, so no count
    is cut in two by a minute's end. tests/api/test_throttling.py moves its own clock across windows."""
    monkeypatch.setattr(WindowCounting, "timer", lambda self: 600.0)


@pytest.fixture(autouse=True)
def _fresh_snapshot_cache():
    """Each test starts without built snapshots (`ropa.register.cache`): ids and, under a frozen clock, history
    dates repeat from one test's rolled-back database to the next, so a key could match another test's register."""
    snapshot_cache.clear()


@pytest.fixture(autouse=True)
def _jobs_run_in_the_request(settings, tmp_path):
    """Background jobs run at once in the test's own thread (django-tasks' immediate backend) and store their files
    in a temporary directory; tests/reports/test_jobs.py runs the real database worker as a process too."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


def _user(username: str, role: str | None, superuser: bool = False) -> User:
    user = User.objects.create_user(
        username=username, password="pw-for-tests-only", is_staff=True, is_superuser=superuser
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def dpo(db) -> User:
    return _user("dpo", DPO)


@pytest.fixture
def contributor(db) -> User:
    return _user("contributor", CONTRIBUTOR)


@pytest.fixture
def auditor(db) -> User:
    return _user("auditor", AUDITOR)


@pytest.fixture
def dpo_client(client, dpo):
    client.force_login(dpo)
    return client
