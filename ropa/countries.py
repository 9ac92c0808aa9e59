"""Countries as the register stores and shows them: ISO 3166-1 alpha-2 codes, their names, EEA membership."""

from __future__ import annotations

from functools import lru_cache

from django.utils.translation import get_language
from django_countries import countries

from ropa.choices import EEA_COUNTRIES


def is_eea(country: object) -> bool:
    """A destination in the EEA is not a Chapter V transfer (Art. 44)."""
    return str(country).upper() in EEA_COUNTRIES


def country_codes(value) -> tuple[str, ...]:
    """ISO codes from a multiple CountryField value (a comma-separated string or a list)."""
    if not value:
        return ()
    if isinstance(value, str):
        return tuple(c for c in value.split(",") if c)
    return tuple(str(c) for c in value)


def country_name(code: object) -> str:
    """The short name of a country code (or of a django-countries `Country`) in the active language."""
    return _name(str(getattr(code, "code", code) or ""), get_language())


@lru_cache(maxsize=4096)
def _name(code: str, language: str | None) -> str:
    """Remembered per language: a report names the same few countries thousands of times, and django-countries
    translates the whole list on each lookup."""
    return str(countries.name(code)) or code
