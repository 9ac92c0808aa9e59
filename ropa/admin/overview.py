"""The admin's start page: where the register stands (counts, each a link to the filtered list, with small
server-side SVG bar charts: no script, no CDN) and what changed lately, one entry per save."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django_countries import countries

from ropa.checks import count_by_severity, run_checks
from ropa.choices import ActivityStatus, FindingSeverity
from ropa.models import ActivityDataCategory, Organisation, ProcessingActivity, Transfer
from ropa.register.cache import cached_register
from ropa.timeline.audit import audit_trail

from .activities import SENSITIVE

BAR_WIDTH = 160


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    url: str
    width: int  # pixels, proportional to the largest bar


def _bars(items: list[tuple[str, int, str]]) -> list[Bar]:
    top = max((n for _l, n, _u in items), default=0) or 1
    return [Bar(label, n, url, round(BAR_WIDTH * n / top)) for label, n, url in items]


def _activities_url(**params) -> str:
    return reverse("admin:ropa_processingactivity_changelist") + ("?" + urlencode(params) if params else "")


def activity_counts(user) -> dict:
    """Activities by status, with special-category data, and overdue reviews by owner (three queries)."""
    activities = ProcessingActivity.objects.for_user(user)
    by_status = dict(activities.order_by().values_list("status").annotate(n=Count("pk")))
    special = activities.filter(
        Exists(ActivityDataCategory.objects.filter(activity=OuterRef("pk"), data_category__sensitivity__in=SENSITIVE))
    ).count()
    overdue = Counter(activities.review_overdue(timezone.localdate()).values_list("business_function", flat=True))
    return {
        "total": sum(by_status.values()),
        "by_status": _bars(
            [(str(s.label), by_status.get(s.value, 0), _activities_url(status__exact=s.value)) for s in ActivityStatus]
        ),
        "special": special,
        "special_url": _activities_url(special_data="any"),
        "overdue": sum(overdue.values()),
        "overdue_url": _activities_url(review_overdue="yes"),
        "overdue_by_owner": sorted(overdue.items(), key=lambda kv: (-kv[1], kv[0])),
    }


def transfer_counts(user) -> list[Bar]:
    """Transfers by destination country (one query)."""
    rows = (
        Transfer.objects.for_user(user)
        .exclude(destination_country="")
        .order_by()
        .values_list("destination_country")
        .annotate(n=Count("pk"))
        .order_by("-n", "destination_country")
    )
    return _bars([(countries.name(code) or code, n, _activities_url(third_country=code)) for code, n in rows])


def finding_counts(user) -> list[Bar]:
    """Findings by severity over the live register of every organisation the user sees (one snapshot each)."""
    totals: Counter = Counter()
    org_ids = list(Organisation.objects.for_user(user).values_list("pk", flat=True))
    for org_id in org_ids:
        totals.update(count_by_severity(run_checks(cached_register(org_id))))
    only = f"organisation={org_ids[0]}&" if len(org_ids) == 1 else ""
    base = reverse("ropa-findings")
    return _bars([(str(s.label), totals.get(s.value, 0), f"{base}?{only}severity={s.value}") for s in FindingSeverity])


def recent_saves(user, limit: int = 8) -> list[dict]:
    """The latest saves across the register, each with the records it touched (rows of one save share their
    user, reason and second), newest first (one query)."""
    saves: list[dict] = []
    for row in audit_trail(user=user)[: limit * 6]:
        key = (row["username"], row["history_change_reason"], row["history_date"].replace(microsecond=0))
        if saves and saves[-1]["key"] == key:
            saves[-1]["records"].append(row)
            continue
        if len(saves) == limit:
            break
        saves.append(
            {
                "key": key,
                "when": row["history_date"],
                "who": row["username"] or "—",
                "why": row["history_change_reason"],
                "records": [row],
            }
        )
    return saves


def overview(user) -> dict:
    """The start page of `user`: the registers of their organisations only (`ropa.access`)."""
    return {
        "activities": activity_counts(user),
        "transfers": transfer_counts(user),
        "findings": finding_counts(user),
        "recent": recent_saves(user),
    }
