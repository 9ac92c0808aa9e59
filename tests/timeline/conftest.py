"""Time control for the register-through-time tests.

simple-history stamps each historical row with `django.utils.timezone.now()`, and `auto_now` fields read the
same clock, so patching it dates every write of a step. The catalogues are seeded by migration with history
dated at migration time (when the test database is created); to ask about the past, their history is
backdated here, as an installation that imports an older register would have to do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from django.contrib.auth.models import User

from ropa import models as m

UTC = dt.UTC
CATALOGUE_EPOCH = dt.datetime(2000, 1, 1, tzinfo=UTC)
CATALOGUES = (m.DataCategory, m.DataSubjectCategory, m.Purpose, m.SecurityMeasure, m.AdequacyDecision)


@contextmanager
def at(moment: dt.datetime) -> Iterator[dt.datetime]:
    """Every write inside the block happens at `moment` (history_date, created_at, updated_at)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment


def comparable(register) -> tuple:
    """What a snapshot says, without when it was generated or asked for."""
    return (
        register.organisation,
        register.activities,
        register.third_parties,
        register.adequacy_decisions,
        register.note,
    )


@pytest.fixture(autouse=True)
def backdated_catalogues(db) -> None:
    for model in CATALOGUES:
        model.history.model.objects.update(history_date=CATALOGUE_EPOCH)


@pytest.fixture
def alice(db) -> User:
    return User.objects.create_user("alice", password="pw-for-tests-only", is_staff=True)


@pytest.fixture
def bob(db) -> User:
    return User.objects.create_user("bob", password="pw-for-tests-only", is_staff=True)
