"""Serializer fields that let integrations name things the way people do: catalogue entries by stable key,
third parties by name — or either by numeric id; moments and yes/no values in query strings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Model, Q
from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField as BaseCountryField
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ropa.access import restrict
from ropa.ids import as_id
from ropa.register.dates import GIVE_A_MOMENT, parse_as_of

KEY_OR_ID = {"oneOf": [{"type": "string"}, {"type": "integer", "minimum": 1}]}
ID_OR_NAME = {"oneOf": [{"type": "integer", "minimum": 1}, {"type": "string"}]}


class MemberScoped:
    """A related field that offers only the records the requesting user may use (`ropa.access.restrict`, with
    `perm`, default viewing): another organisation's record is refused as not existing. Without a request (a
    command, the importer's own writes) the queryset is unchanged."""

    def __init__(self, *args, perm: str | None = None, **kwargs):
        self.scope_perm = perm
        super().__init__(*args, **kwargs)

    def get_queryset(self):
        queryset = super().get_queryset()
        request = getattr(self, "context", {}).get("request")
        return restrict(queryset, request.user, self.scope_perm) if request is not None else queryset


class _LookupField(MemberScoped, serializers.RelatedField):
    """A relation written by id or by a natural field (`natural`), read as `read_as`."""

    natural = "key"
    read_as = "key"
    default_error_messages = {
        "does_not_exist": _("No {model} with the key, name or id “{value}”."),
        "incorrect_type": _("Give the key, name or id as a string or an integer."),
    }

    # Entries read ahead for the items of a nested list (`prefetch`): by id, by natural field.
    _found: tuple[dict[int, Model], dict[str, Model]] | None = None

    def prefetch(self, values: Iterable[object]) -> None:
        """Read the entries `values` name in one query, for the items of a nested list that each name one (instead
        of one query per item). Matching is the same as one by one: by id first, then a string by the natural field
        (the first in the queryset's order when several share it)."""
        values = [v for v in values if isinstance(v, str | int) and not isinstance(v, bool)]
        numbers = {n for n in map(as_id, values) if n is not None and n > 0}
        texts = {v for v in values if isinstance(v, str)}
        by_pk: dict[int, Model] = {}
        by_natural: dict[str, Model] = {}
        if numbers or texts:
            queryset: Any = self.get_queryset()
            for entry in queryset.filter(Q(pk__in=numbers) | Q(**{f"{self.natural}__in": texts})):
                by_pk[entry.pk] = entry
                by_natural.setdefault(getattr(entry, self.natural), entry)
        self._found = (by_pk, by_natural)

    def forget_prefetched(self) -> None:
        self._found = None

    def _by_pk(self, number: int) -> Model | None:
        if self._found is not None:
            return self._found[0].get(number)
        return self.get_queryset().filter(pk=number).first()

    def _by_natural(self, text: str) -> Model | None:
        if self._found is not None:
            return self._found[1].get(text)
        return self.get_queryset().filter(**{self.natural: text}).first()

    def to_internal_value(self, data) -> Model:
        if not isinstance(data, str | int) or isinstance(data, bool):
            self.fail("incorrect_type")
        queryset: Any = self.get_queryset()
        number = as_id(data)
        if number is not None:
            found = self._by_pk(number) if number > 0 else None
            if found is None and isinstance(data, str):
                found = self._by_natural(data)
        else:
            found = self._by_natural(str(data))
        if found is None:
            self.fail("does_not_exist", model=queryset.model._meta.verbose_name, value=str(data)[:100])
        return found

    def to_representation(self, value):
        return getattr(value, self.read_as)


def prefetch_lookups(fields: Iterable[serializers.Field], items: object) -> list[_LookupField]:
    """Read ahead, one query per reference field, the entries a nested list's items name; returns the fields read
    ahead (call `forget_prefetched()` on them when the list is validated)."""
    if not isinstance(items, list):
        return []
    prefetched = []
    for field in fields:
        if isinstance(field, _LookupField) and not field.read_only:
            field.prefetch(item.get(field.field_name) for item in items if isinstance(item, Mapping))
            prefetched.append(field)
    return prefetched


@extend_schema_field(KEY_OR_ID)
class CatalogueKeyField(_LookupField):
    """A catalogue entry: written as its stable key (`"contact.email"`) or its id, read as its key."""

    natural = "key"
    read_as = "key"


@extend_schema_field(ID_OR_NAME)
class ThirdPartyField(_LookupField):
    """A third party: written as its id or its trade name, read as its id."""

    natural = "name"
    read_as = "pk"


@extend_schema_field({"type": "integer", "minimum": 1})
class BoundedPrimaryKeyField(MemberScoped, serializers.PrimaryKeyRelatedField):
    """A primary-key relation that refuses ids no database column can hold (instead of a server error)."""

    def to_internal_value(self, data):
        number = as_id(data)
        if number is None or number < 0:
            self.fail("does_not_exist", pk_value=str(data)[:30])
        return super().to_internal_value(number)


@extend_schema_field({"type": "string", "description": 'ISO 3166-1 alpha-2 country code, e.g. "US".'})
class CountryCodeField(BaseCountryField):
    """A country as its ISO 3166-1 alpha-2 code.

    Anything that is not a short ASCII code is refused before django-countries looks it up (it would crash on
    digits such as "¹", which `str.isdigit()` accepts but `int()` does not).
    """

    def to_internal_value(self, data):
        if isinstance(data, str) and data and not (data.isascii() and data.isalnum() and len(data) <= 3):
            self.fail("invalid_choice", input=data[:20])
        return super().to_internal_value(data)


@extend_schema_field({"type": "array", "items": {"type": "string"}, "description": "ISO 3166-1 alpha-2 country codes."})
class CountryListField(serializers.ListField):
    """A list of countries as ISO codes (a multiple CountryField)."""

    def __init__(self, **kwargs):
        super().__init__(child=CountryCodeField(), **kwargs)

    def to_representation(self, data):
        return [str(getattr(c, "code", c)) for c in data or []]


class AsOfField(serializers.CharField):
    """A past moment in a query string (`as_of`, `from`, `to`), read by the parser every surface shares.

    With `allow_blank` an empty value means "not given" (None); otherwise it is refused with what to give.
    `day_end=False` reads a bare date as the start of that day (the beginning of a period).
    """

    default_error_messages = {
        "required": _("This parameter is required (YYYY-MM-DD or ISO datetime)."),
        "blank": GIVE_A_MOMENT,
    }

    def __init__(self, *, day_end: bool = True, **kwargs):
        self.day_end = day_end
        super().__init__(**kwargs)

    def run_validation(self, data=serializers.empty):
        return super().run_validation(data) or None

    def to_internal_value(self, data):
        try:
            return parse_as_of(super().to_internal_value(data), day_end=self.day_end)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc), code="invalid") from None


TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def parse_bool(value: object) -> bool | None:
    """A yes/no value as people type it in a query string (true/false, 1/0, yes/no, on/off, any case); None when
    blank. ValueError saying what to give otherwise."""
    text = "" if value is None else str(value).strip().lower()
    if not text:
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(f"{value!r} is not a yes/no value: use true or false.")


@extend_schema_field({"type": "boolean"})
class FlagField(serializers.Field):
    """A yes/no flag in a query string (`parse_bool`): absent or blank means no."""

    def __init__(self, **kwargs):
        kwargs.setdefault("default", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data) -> bool:
        try:
            return bool(parse_bool(data))
        except ValueError as exc:
            raise serializers.ValidationError(str(exc), code="invalid") from None

    def to_representation(self, value) -> bool:
        return bool(value)
