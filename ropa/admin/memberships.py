"""Admin of memberships: who works on which organisation's register, in which role (`ropa.access`)."""

from django.contrib import admin

from ropa.models import Membership

from .base import RegisterModelAdmin


@admin.register(Membership)
class MembershipAdmin(RegisterModelAdmin):
    """A DPO lists and manages the memberships of the organisations where they are DPO; the organisation field
    offers only those (the list filter and the 404 on another organisation's come from the shared base)."""

    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    fields = ["user", "organisation", "role"]
