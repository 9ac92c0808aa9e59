"""The shape of one entry of a record's change history (built by `ropa.record_history`)."""

from rest_framework import serializers

from ropa.history import ACTIONS

__all__ = ["HistoryEntrySerializer"]


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field's name, as in the resource.")
    label = serializers.CharField(help_text="The field's verbose name.")  # type: ignore[assignment]  # a field named "label"
    old = serializers.JSONField(
        allow_null=True,
        help_text="The value before (null on creation), as the API writes it: a referenced catalogue entry by "
        "its key, a third party by its name, as they stood at the time of the change.",
    )
    new = serializers.JSONField(allow_null=True, help_text="The value after, in the same form as `old`.")
    old_display = serializers.CharField(help_text="The value before as a person reads it (choice labels, names).")
    new_display = serializers.CharField(help_text="The value after as a person reads it.")


class HistoryEntrySerializer(serializers.Serializer):
    """One change: when, who, why, what kind, and which fields changed from what to what. A creation lists the
    initial non-empty values; a deletion lists none."""

    history_id = serializers.IntegerField()
    when = serializers.DateTimeField()
    who = serializers.CharField(allow_null=True, help_text="Username of the user who made the change.")
    user_id = serializers.IntegerField(allow_null=True, help_text="Id of the user who made the change.")
    why = serializers.CharField(allow_blank=True, help_text="The change reason (X-Change-Reason header).")
    type = serializers.ChoiceField(choices=list(ACTIONS.values()))
    model = serializers.CharField(help_text="Which record changed: the record itself or one of its relation rows.")
    model_verbose_name = serializers.CharField(help_text="The changed record's kind, readable.")
    object_id = serializers.IntegerField()
    object = serializers.CharField(help_text="The changed record's label as it stood then.")
    summary = serializers.CharField(help_text='E.g. "Changed", or "Recipient added: Sentry (Processor)".')
    version = serializers.IntegerField()
    changes = FieldChangeSerializer(many=True)
