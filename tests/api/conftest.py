"""Fixtures of the API tests: API clients authenticated by token as each role, and no throttling interference."""

from __future__ import annotations

import copy

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from rest_framework.test import APIClient

from ropa.auth import issue_token
from ropa.models import ApiToken
from tests import factories

API = "/api/v1"


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Throttle counters live in the cache; each test starts from zero so the limits never skew a result."""
    cache.clear()
    yield
    cache.clear()


def token_for(user) -> str:
    """A new API token of `user` (its plaintext: only the digest is stored)."""
    return issue_token(ApiToken(user=user, name=f"tests {ApiToken.objects.filter(user=user).count() + 1}"))


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    return client


@pytest.fixture
def api(dpo) -> APIClient:
    return token_client(dpo)


@pytest.fixture
def contributor_api(contributor) -> APIClient:
    return token_client(contributor)


@pytest.fixture
def auditor_api(auditor) -> APIClient:
    return token_client(auditor)


@pytest.fixture
def anonymous_api(db) -> APIClient:
    return APIClient()


@pytest.fixture
def org(db):
    return factories.organisation()


@pytest.fixture
def vendor(db):
    return factories.third_party(name="Acme Mail", country="US", dpf_certified=True)


def if_match(response) -> dict:
    """Headers sending back the ETag of a detail response."""
    return {"HTTP_IF_MATCH": response["ETag"]}


_OPENAPI: dict = {}


@pytest.fixture
def openapi(api) -> dict:
    """The OpenAPI document as the DPO's token client reads it: fetched once per test process (it depends on the
    code, not on the data), a fresh copy for each test to change as it likes."""
    if not _OPENAPI:
        response = api.get("/api/schema/", {"format": "json"})
        assert response.status_code == 200
        _OPENAPI.update(response.json())
    return copy.deepcopy(_OPENAPI)


@pytest.fixture
def wsgi_app():
    """The Django WSGI app inside the test transaction (as Django's test client does, connections are not closed
    between requests)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
