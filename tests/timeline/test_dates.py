"""The one parser of "as of" moments every surface uses."""

import datetime as dt

import pytest

from ropa.register.dates import parse_as_of

NOW = dt.datetime(2025, 6, 15, 12, 0, tzinfo=dt.UTC)


def test_a_date_means_the_end_of_that_day_or_its_start_for_a_from():
    assert parse_as_of("2024-03-14", now=NOW) == dt.datetime(2024, 3, 14, 23, 59, 59, 999999, tzinfo=dt.UTC)
    assert parse_as_of("2024-03-14", day_end=False, now=NOW) == dt.datetime(2024, 3, 14, tzinfo=dt.UTC)


def test_today_means_up_to_now_and_datetimes_keep_their_offset():
    assert parse_as_of("2025-06-15", now=NOW) == NOW
    assert parse_as_of("2024-03-14T10:30:00+02:00", now=NOW) == dt.datetime(2024, 3, 14, 8, 30, tzinfo=dt.UTC)
    assert parse_as_of("2024-03-14 10:30", now=NOW) == dt.datetime(2024, 3, 14, 10, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("14/03/2024", "is not a date or datetime"),
        ("2024-02-30", "is not a date or datetime"),
        ("2024-03-14T25:00", "is not a date or datetime"),
        ("", "Give a date"),
        ("2025-06-16", "is in the future"),
        ("2025-06-15T12:00:01Z", "is in the future"),
    ],
)
def test_malformed_or_future_moments_are_refused_with_a_clear_message(value, message):
    with pytest.raises(ValueError, match=message):
        parse_as_of(value, now=NOW)


def test_offsets_are_normalised_to_utc_for_every_database():
    moment = parse_as_of("2024-03-14T01:00:00+15:30", now=NOW)
    assert moment.utcoffset() == dt.timedelta(0) and moment == dt.datetime(2024, 3, 13, 9, 30, tzinfo=dt.UTC)


def test_a_moment_out_of_range_after_normalising_is_refused():
    with pytest.raises(ValueError, match="out of the range"):
        parse_as_of("0001-01-01T00:00:00+05:00", now=NOW)
