"""The base of every register serializer: writes go through the model's own validation."""

from __future__ import annotations

import copy
from collections.abc import Mapping

from rest_framework import serializers

from ropa.api.fields import CountryCodeField, CountryListField
from ropa.api.reasons import NOT_FIELDS
from ropa.models.base import clean_and_save

__all__ = ["RegisterSerializer", "clean_and_save"]

BOOKKEEPING = ("version", "created_at", "updated_at")

# The fields DRF builds for each serializer class from its declaration and the model: built once per class, each
# serializer instance gets its own copies (DRF's own way with declared fields), as DRF would build them anew.
_BUILT: dict[type, dict[str, serializers.Field]] = {}


class RegisterSerializer(serializers.ModelSerializer):
    """A model serializer that only translates: it converts types and leaves every rule to the model.

    DRF's own unique-together validators are dropped so a duplicate is reported by the model's constraint, in the
    model's words.
    """

    def build_field(self, field_name, info, model_class, nested_depth):
        field = model_class._meta.get_field(field_name) if field_name in info.fields else None
        if field is not None and field.get_internal_type() == "CharField" and hasattr(field, "countries"):
            kwargs = {"required": not field.blank, "allow_blank": field.blank}
            if getattr(field, "multiple", False):
                return CountryListField, {"required": False}
            return CountryCodeField, kwargs
        return super().build_field(field_name, info, model_class, nested_depth)

    def get_fields(self) -> dict[str, serializers.Field]:
        """DRF's fields, built once per class and copied per instance. A partial update at the top level gets only
        the fields its body names (a one-field PATCH builds one field, not the whole nested tree); an unknown name
        stays unknown and is refused below."""
        built = _BUILT.get(type(self))
        if built is None:
            built = _BUILT.setdefault(type(self), super().get_fields())
        named = self._named_in_partial_body()
        return {name: copy.deepcopy(f) for name, f in built.items() if named is None or name in named}

    def _named_in_partial_body(self) -> set[str] | None:
        data = getattr(self, "initial_data", None)
        if self.partial and self.parent is None and isinstance(data, Mapping):
            return set(data)
        return None

    def get_validators(self):
        return []

    def to_internal_value(self, data):
        """Refuse fields the record does not have, by name, with the other errors: a misspelt field silently
        ignored would be a change the client believes made."""
        unknown = sorted(set(data) - set(self.fields) - NOT_FIELDS) if isinstance(data, Mapping) else []
        problems = {
            name: [f"{self.Meta.model._meta.verbose_name.capitalize()} has no field “{name}”."] for name in unknown
        }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if problems and isinstance(exc.detail, Mapping):
                raise serializers.ValidationError({**exc.detail, **problems}) from exc
            raise
        if problems:
            raise serializers.ValidationError(problems)
        return value

    def create(self, validated_data):
        return clean_and_save(self.Meta.model(**validated_data))

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return clean_and_save(instance, changed=validated_data)
