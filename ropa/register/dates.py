"""Reading the moment a register is asked about: one parser for every surface (admin, API, commands)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

GIVE_A_MOMENT = "Give a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM[:SS][+HH:MM])."


def parse_as_of(
    value: str | dt.date | dt.datetime, *, day_end: bool = True, now: dt.datetime | None = None
) -> dt.datetime:
    """An aware UTC datetime from an ISO date or datetime; ValueError with a message a user can act on otherwise.

    A bare date means the end of that day ("the register on 14 March" includes the changes of 14 March)
    or, with `day_end=False`, its start (the beginning of a "from" range); today's date means up to now. A naive
    datetime is read in the current time zone. A moment in the future is refused: the register cannot say what
    it will contain.
    """
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    moment = _read(value)
    if not isinstance(moment, dt.datetime):
        moment = _day_as_moment(moment, day_end, tz, now)
    return _in_the_past(_in_utc(moment, tz), now)


def _read(value: str | dt.date | dt.datetime) -> dt.date | dt.datetime:
    """The date or datetime a value stands for (a datetime is a date too: callers test for datetime first)."""
    if isinstance(value, dt.date):
        return value
    text = (value or "").strip()
    if not text:
        raise ValueError(GIVE_A_MOMENT)
    try:
        found = (parse_datetime(text.replace(" ", "T", 1)) or parse_date(text)) if len(text) > 10 else parse_date(text)
    except ValueError:
        found = None
    if found is None:
        raise ValueError(
            f"'{text}' is not a date or datetime: use ISO 8601, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+HH:MM]."
        )
    return found


def _day_as_moment(day: dt.date, day_end: bool, tz: dt.tzinfo, now: dt.datetime) -> dt.datetime:
    """The end (or start) of a day in the current time zone; for today's end, now."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time.max if day_end else dt.time.min), tz)
    if moment > now and day == now.astimezone(tz).date():
        return now
    return moment


def _in_utc(moment: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """Databases store UTC; PostgreSQL refuses offsets beyond ±15:59 that Python accepts."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, tz)
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError(f"{moment.isoformat()} is out of the range of dates the register can hold.") from None


def _in_the_past(moment: dt.datetime, now: dt.datetime) -> dt.datetime:
    if moment > now:
        raise ValueError(f"{moment.isoformat()} is in the future: the register can only be shown as it has been.")
    return moment
