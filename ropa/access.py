"""Which organisations' registers a user may see and change.

A role (DPO, Contributor, Auditor; `ropa.roles`) is held in one of two ways:

- **installation-wide**: the user's group (Django permissions granted to the user or their groups). It applies to
  every organisation — the single-company install, or the group DPO who oversees every subsidiary.
- **in one organisation**: a `Membership`. The user sees that organisation's register and acts on it as the role
  allows; other organisations' records do not exist for them (404, never 403).

In an organisation a user may do what either grants; a superuser may do everything. Someone who must see only some
organisations (a consultant's client, a subsidiary's contributor) gets memberships and no group. Setting up a new
organisation is installation-wide work: a membership never grants `add_organisation`.

Catalogue entries and adequacy decisions are shared reference data: the model permissions alone decide. Third
parties are shared by the installation but belong to the registers that name them: a user sees those named by an
activity of one of their organisations, and those no activity names yet (the rule the Register snapshot applies).

Every surface asks this module: `restrict(queryset, user, perm)` (also `Model.objects.for_user(user)`) keeps the rows
of the organisations where `user` holds `perm`, as a subquery (no query of its own, none per row);
`MembershipBackend` answers `user.has_perm(perm)` (held somewhere) and `user.has_perm(perm, obj)` (held in obj's
organisation).
"""

from __future__ import annotations

import operator
from functools import reduce
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet

from ropa import models as m
from ropa.models.base import history_of
from ropa.roles import ROLE_PERMISSIONS, view_permission

__all__ = [
    "MembershipBackend",
    "history_visible",
    "memberships",
    "organisation_id_of",
    "organisation_path",
    "people_of",
    "restrict",
    "restrict_history",
    "sees_all",
    "token_holders",
]

_Rows = TypeVar("_Rows", bound=QuerySet)

# What a membership never grants: a new organisation is set up by someone with an installation-wide role.
NOT_BY_MEMBERSHIP = frozenset({"ropa.add_organisation"})
ROLE_GRANTS: dict[str, frozenset[str]] = {
    role: frozenset(f"ropa.{codename}" for codename in codenames) - NOT_BY_MEMBERSHIP
    for role, codenames in ROLE_PERMISSIONS.items()
}


ANY_ROLE_GRANTS: frozenset[str] = frozenset().union(*ROLE_GRANTS.values())


def organisation_path(model: type[models.Model]) -> str | None:
    """The lookup from a row of `model` to its organisation, read from `_meta`: the organisation itself, a foreign
    key named `organisation`, or one through the row's `activity`. None for shared records (catalogues, adequacy
    decisions, third parties), so a new model with an organisation or an activity is covered without a list."""
    model = getattr(model, "instance_type", model)  # a historical model answers for its record's model
    if model is m.Organisation:
        return "id"
    fields = {f.name: f for f in model._meta.concrete_fields if f.is_relation}
    if "organisation" in fields and fields["organisation"].related_model is m.Organisation:
        return "organisation"
    if "activity" in fields and fields["activity"].related_model is m.ProcessingActivity:
        return "activity__organisation"
    return None


class RoleBackend(ModelBackend):
    """Django's model backend, reading a user's own and their groups' permissions in one query instead of two (every
    API request asks for them once)."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache") and not user_obj.is_superuser:
            own = get_user_model().user_permissions.through.objects.filter(user=user_obj).values("permission_id")
            of_groups = Group.permissions.through.objects.filter(group__user=user_obj).values("permission_id")
            granted = Permission.objects.filter(Q(pk__in=own) | Q(pk__in=of_groups)).order_by()
            user_obj._perm_cache = {
                f"{app}.{codename}" for app, codename in granted.values_list("content_type__app_label", "codename")
            }
        return super().get_all_permissions(user_obj)


def global_permissions(user) -> set[str]:
    """The permissions of the user and their groups: installation-wide (cached on the user by Django)."""
    return RoleBackend().get_all_permissions(user)


def memberships(user) -> dict[int, str]:
    """{organisation id: role} of the user, read once per user object (one request)."""
    held = getattr(user, "_ropa_memberships", None)
    if held is None:
        held = dict(m.Membership.objects.filter(user_id=user.pk).order_by().values_list("organisation_id", "role"))
        user._ropa_memberships = held
    return held


def sees_all(user, perm: str) -> bool:
    """Whether `user` holds `perm` in every organisation (a superuser, or an installation-wide role)."""
    return bool(user.is_active and (user.is_superuser or perm in global_permissions(user)))


def _organisations(user, perm: str) -> QuerySet:
    """The ids of the organisations where a membership grants `perm`, as a subquery."""
    roles = [role for role, grants in ROLE_GRANTS.items() if perm in grants]
    return m.Membership.objects.filter(user_id=user.pk, role__in=roles).values("organisation_id")


def _named_by(organisations: QuerySet | None) -> Any:
    """Third parties named by an activity (of `organisations`, or of any organisation when None): every relation
    whose row refers to a third party, found from the relation declarations."""
    conditions = []
    for relation in m.ACTIVITY_RELATIONS:
        for field in relation.relation.references:
            if field.related_model is m.ThirdParty:
                rows = relation.objects.filter(**{field.name: OuterRef("pk")})
                if organisations is not None:
                    rows = rows.filter(activity__organisation__in=organisations)
                conditions.append(Exists(rows))
    return reduce(operator.or_, conditions)


def restrict(queryset: _Rows, user, perm: str | None = None) -> _Rows:
    """The rows of `queryset` in the organisations where `user` holds `perm` (default: viewing its model).

    Shared reference data is returned as it is: the model permission the surface checks decides."""
    model = queryset.model
    perm = perm or view_permission(model)
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if sees_all(user, perm):
        return queryset
    if model is m.ThirdParty:
        return queryset.filter(_named_by(_organisations(user, perm)) | ~_named_by(None))
    path = organisation_path(model)
    if path is None:
        return queryset
    return queryset.filter(**{f"{path}__in": _organisations(user, perm)})


def restrict_history(queryset: _Rows, user) -> _Rows:
    """Historical rows of one register model that `user` may read: each row by the organisation it names (an
    activity's relation by its activity's historical rows, so a deleted activity's past stays its own)."""
    model = queryset.model.instance_type
    perm = view_permission(model)
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if sees_all(user, perm):
        return queryset
    if model is m.ThirdParty:
        return queryset.filter(id__in=restrict(m.ThirdParty.objects.all(), user).values("id"))
    path = organisation_path(model)
    if path is None:
        return queryset
    organisations = _organisations(user, perm)
    if path == "activity__organisation":
        activities = history_of(m.ProcessingActivity).filter(organisation_id__in=organisations).values("id")
        return queryset.filter(activity_id__in=activities)
    return queryset.filter(**{f"{path if path == 'id' else path + '_id'}__in": organisations})


def history_visible(model: type[models.Model], pk: int, user) -> bool:
    """Whether `user` may read the history of record `pk` of `model` (deleted or not): one of its historical rows
    names one of their organisations. No query when the user sees every organisation."""
    if sees_all(user, view_permission(model)):
        return True
    return restrict_history(history_of(model).filter(id=pk), user).exists()


def people_of(organisation_id: int, users: _Rows) -> _Rows:
    """The users who see organisation `organisation_id`'s register: superusers, holders of an installation-wide role
    (a role group) and its members — those a finding of it may be assigned to."""
    from ropa.choices import Role

    everywhere = Q(is_superuser=True) | Q(groups__name__in=Role.values)
    return users.filter(everywhere | Q(memberships__organisation_id=organisation_id)).distinct()


def token_holders(issuer, users: _Rows) -> _Rows:
    """The users `issuer` may issue API tokens for (or see the tokens of): a token acts with its user's rights, so
    a DPO by membership reaches only users who hold no installation-wide role and are members of no organisation
    but those where the issuer may issue tokens."""
    if sees_all(issuer, "ropa.add_apitoken"):
        return users
    mine = _organisations(issuer, "ropa.add_apitoken")
    elsewhere = m.Membership.objects.filter(user_id=OuterRef("pk")).exclude(organisation_id__in=mine)
    here = m.Membership.objects.filter(user_id=OuterRef("pk"), organisation_id__in=mine)
    return users.filter(Exists(here), ~Exists(elsewhere), is_superuser=False, groups=None, user_permissions=None)


def organisation_id_of(obj: Any) -> int | None:
    """The organisation a record belongs to, or None for shared records."""
    path = organisation_path(type(obj))
    if path is None:
        return None
    if path == "id":
        return obj.pk
    if path == "organisation":
        return obj.organisation_id
    activity = getattr(obj, "activity", None)
    return activity.organisation_id if activity is not None else None


class MembershipBackend(BaseBackend):
    """Permissions from memberships: `has_perm(perm)` when some membership grants it (what the admin and the API
    ask before choosing rows); `has_perm(perm, obj)` when the user's role in obj's organisation, or their
    installation-wide role, grants it (what they ask before changing or deleting one record)."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        held = memberships(user_obj)
        somewhere: set[str] = set().union(*(ROLE_GRANTS[role] for role in held.values()))
        if obj is None:
            return somewhere
        organisation = organisation_id_of(obj)
        if organisation is None:  # a shared record: what any of the user's roles grants
            return global_permissions(user_obj) | somewhere
        here = ROLE_GRANTS[held[organisation]] if organisation in held else frozenset()
        return global_permissions(user_obj) | here

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        # No query for what no role grants (another app's permissions) nor, on a record, for what the user's
        # installation-wide role grants already.
        if perm not in ANY_ROLE_GRANTS or not user_obj.is_active:
            return False
        if obj is not None and perm in global_permissions(user_obj):
            return True
        return perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        if not any(p.startswith(f"{app_label}.") for p in ANY_ROLE_GRANTS):
            return False
        return any(p.startswith(f"{app_label}.") for p in self.get_all_permissions(user_obj))
