"""API tokens in the admin: the DPO issues a named, expiring token to an integration user and revokes it.

The plaintext is shown once, on the page that follows the issue, and never stored (only its digest is).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from ropa.access import token_holders
from ropa.auth import issue_token
from ropa.models import ApiToken


class IssueTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user", "name", "expiry"]
        help_texts = {"expiry": _("Leave empty for the default lifetime (API_TOKEN_DAYS).")}

    def __init__(self, *args, issuer=None, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(is_active=True)
        if issuer is not None and not issuer.is_superuser:
            # A token acts with its user's rights: nobody may mint one stronger than themselves.
            users = users.filter(is_superuser=False)
        if issuer is not None:
            users = token_holders(issuer, users)  # a DPO by membership: the members of their organisations only
        self.fields["user"].queryset = users.order_by("username")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "token_key", "created", "expiry", "created_by"]
    list_filter = ["user"]
    search_fields = ["name", "user__username", "token_key"]
    list_select_related = ["user", "created_by"]
    readonly_fields = ["user", "name", "token_key", "created", "expiry", "created_by"]
    ordering = ["user__username", "name"]

    def get_queryset(self, request):
        holders = token_holders(request.user, get_user_model().objects.all())
        return super().get_queryset(request).filter(user__in=holders.values("pk"))

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            return super().get_form(request, obj, change=change, **kwargs)
        issuer = request.user

        class Form(IssueTokenForm):
            def __init__(self, *args, **kw):
                super().__init__(*args, issuer=issuer, **kw)

        return Form

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else IssueTokenForm.Meta.fields

    def has_change_permission(self, request, obj=None):
        return False  # a token is issued or revoked, never edited

    def save_model(self, request, obj, form, change):
        obj.created_by = request.user
        request._issued_token = issue_token(obj)

    def response_add(self, request, obj, post_url_continue=None):
        context = {
            **self.admin_site.each_context(request),
            "token": obj,
            "plaintext": request._issued_token,
            "opts": self.opts,
            "title": _("API token issued"),
        }
        return TemplateResponse(request, "admin/ropa/apitoken/issued.html", context)
