"""Reading the moment a register is asked about: one parser for every surface (admin, API, commands)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime


def parse_as_of(
    value: str | dt.date | dt.datetime, *, day_end: bool = True, now: dt.datetime | None = None
) -> dt.datetime:
    """An aware datetime from an ISO date or datetime; ValueError with a message a user can act on otherwise.

    A bare date means the end of that day ("the register on 14 March" includes the changes of 14 March)
    or, with `day_end=False`, its start (the beginning of a "from" range). A naive datetime is read in the
    current time zone. A moment in the future is refused: the register cannot say what it will contain.
    """
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = _from_day(value, day_end, tz)
    else:
        text = (value or "").strip()
        if not text:
            raise ValueError("Give a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM[:SS][+HH:MM]).")
        try:
            moment = parse_datetime(text.replace(" ", "T", 1)) if len(text) > 10 else None
            day = None if moment else parse_date(text)
        except ValueError:
            moment = day = None
        if moment is None and day is None:
            raise ValueError(
                f"'{text}' is not a date or datetime: use ISO 8601, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+HH:MM]."
            )
        if moment is None:
            moment = _from_day(day, day_end, tz)
            if moment > now and day == now.astimezone(tz).date():
                moment = now  # "today" means up to now
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, tz)
    try:
        # Databases store UTC; PostgreSQL refuses offsets beyond ±15:59 that Python accepts.
        moment = moment.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError(f"{moment.isoformat()} is out of the range of dates the register can hold.") from None
    if moment > now:
        raise ValueError(
            f"{moment.isoformat()} is in the future: the register can only be shown as it has been."
        )
    return moment


def _from_day(day: dt.date, day_end: bool, tz) -> dt.datetime:
    time = dt.time.max if day_end else dt.time.min
    return timezone.make_aware(dt.datetime.combine(day, time), tz)
