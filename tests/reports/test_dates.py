"""parse_as_of (shared with the timeline): how reports read "as of"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ropa.register.dates import parse_as_of

NOW = dt.datetime(2025, 6, 15, 12, 0, tzinfo=dt.UTC)


def test_a_past_date_means_the_end_of_that_day():
    moment = parse_as_of("2025-01-31", now=NOW)
    assert timezone.localtime(moment).date() == dt.date(2025, 1, 31)
    assert (moment.hour, moment.minute, moment.second) == (23, 59, 59)


def test_today_is_capped_at_now():
    assert parse_as_of(timezone.localtime(NOW).date().isoformat(), now=NOW) == NOW


def test_datetimes_with_and_without_offset():
    assert parse_as_of("2025-01-31T10:00:00+02:00", now=NOW) == dt.datetime(2025, 1, 31, 8, 0, tzinfo=dt.UTC)
    naive = parse_as_of("2025-01-31 10:00", now=NOW)
    assert timezone.is_aware(naive) and naive == timezone.make_aware(dt.datetime(2025, 1, 31, 10, 0))


@pytest.mark.parametrize("value", ["", "  ", "yesterday", "31/01/2025", "2025-13-01", "2025-02-30", "2025-01-31T25:00"])
def test_malformed_values_are_refused_with_the_expected_format(value):
    with pytest.raises(ValueError, match=r"YYYY-MM-DD"):
        parse_as_of(value, now=NOW)


@pytest.mark.parametrize("value", ["2025-06-16", "2025-06-15T12:00:01+00:00", dt.date(2025, 6, 16)])
def test_the_future_is_refused(value):
    with pytest.raises(ValueError, match="in the future"):
        parse_as_of(value, now=NOW)
