"""The shape of one entry of a record's change history."""

from rest_framework import serializers

__all__ = ["HistoryEntrySerializer"]


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class HistoryEntrySerializer(serializers.Serializer):
    """One change: when, who, why, what kind, and which fields changed from what to what."""

    history_id = serializers.IntegerField()
    when = serializers.DateTimeField()
    who = serializers.CharField(allow_null=True, help_text="Username of the user who made the change.")
    why = serializers.CharField(allow_blank=True, help_text="The change reason (X-Change-Reason header).")
    type = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    model = serializers.CharField(help_text="Which record changed: the record itself or one of its relation rows.")
    object_id = serializers.IntegerField()
    object = serializers.CharField()
    version = serializers.IntegerField()
    changes = FieldChangeSerializer(many=True)
