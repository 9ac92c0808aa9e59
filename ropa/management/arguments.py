"""The arguments the register's commands share, each read one way: which organisation, which moment.

Read in `handle()` rather than as argparse types, so `call_command(..., organisation="…")` is read the same way.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError, CommandParser
from django.db.models import Q

from ropa.ids import as_id
from ropa.models import Organisation
from ropa.register.dates import parse_as_of

ORGANISATION_HELP = "Id, legal name or trade name of the organisation."


def add_organisation_argument(parser: CommandParser, *, required: bool = True, help: str = ORGANISATION_HELP) -> None:
    parser.add_argument("--organisation", "--organization", required=required, help=help)


def organisation_argument(value: str, *, returncode: int = 1) -> Organisation:
    """The organisation `value` names: its id, or its legal or trade name (exact, in any case).

    A name several organisations answer to is an error listing them, never a guess.
    """
    text = value.strip()
    number = as_id(text)
    found = Organisation.objects.filter(pk=number).first() if number and number > 0 else None
    if found is not None:
        return found
    matches = list(Organisation.objects.filter(Q(name__iexact=text) | Q(trade_name__iexact=text)).order_by("pk"))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise CommandError(
            f"--organisation: No organisation with id or name {text!r}. "
            "List them in the admin, or give the exact legal name.",
            returncode=returncode,
        )
    listing = "; ".join(f"id {o.pk}: {o.name}" + (f" ({o.trade_name})" if o.trade_name else "") for o in matches)
    raise CommandError(
        f"--organisation: {text!r} names {len(matches)} organisations ({listing}): give the id of the one you mean.",
        returncode=returncode,
    )


def moment_argument(value: str, option: str, *, day_end: bool = True, returncode: int = 1) -> dt.datetime:
    """A past moment given as `option` (`--as-of`, `--from`…); an error naming the option otherwise."""
    try:
        return parse_as_of(value, day_end=day_end)
    except ValueError as exc:
        raise CommandError(f"{option}: {exc}", returncode=returncode) from None


def optional_moment_argument(
    value: str | None, option: str, *, day_end: bool = True, returncode: int = 1
) -> dt.datetime | None:
    """Like `moment_argument`, but None when the option is absent or empty."""
    return moment_argument(value, option, day_end=day_end, returncode=returncode) if value and value.strip() else None
