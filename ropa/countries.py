"""Country values as the register stores and compares them (ISO 3166-1 alpha-2 codes)."""

from __future__ import annotations

from django_countries import countries


def country_codes(value) -> tuple[str, ...]:
    """ISO codes from a multiple CountryField value (a comma-separated string or a list)."""
    if not value:
        return ()
    if isinstance(value, str):
        return tuple(c for c in value.split(",") if c)
    return tuple(str(c) for c in value)


def country_name(code) -> str:
    """The English short name of a country code (or of a django-countries `Country`)."""
    return str(countries.name(str(getattr(code, "code", code) or ""))) or str(code or "")
