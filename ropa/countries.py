"""Country values as the register stores and compares them (ISO 3166-1 alpha-2 codes)."""

from __future__ import annotations


def country_codes(value) -> tuple[str, ...]:
    """ISO codes from a multiple CountryField value (a comma-separated string or a list)."""
    if not value:
        return ()
    if isinstance(value, str):
        return tuple(c for c in value.split(",") if c)
    return tuple(str(c) for c in value)
