"""`python manage.py send_review_reminders`: email who must act about overdue reviews and due findings; for cron.

One message per recipient: each organisation's DPO address and the DPO role's users get the activities whose
review is overdue (grouped by owner, i.e. business function) or due within `--days`; each assignee gets the
findings assigned to them that are due by then. Sent through Django's email backend (console by default).
Exit status 0 also when nothing is due, so a daily cron job stays quiet.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.utils import timezone

from ropa.choices import ActivityStatus
from ropa.models import FindingDecision, Membership, ProcessingActivity
from ropa.roles import DPO


def due_reviews(until: dt.date) -> dict[int, list[ProcessingActivity]]:
    """Activities in use whose next review falls on or before `until`, by organisation id."""
    by_org: dict[int, list] = defaultdict(list)
    activities = (
        ProcessingActivity.objects.exclude(status=ActivityStatus.RETIRED)
        .filter(next_review_due__lte=until)
        .select_related("organisation")
        .order_by("organisation", "business_function", "next_review_due")
    )
    for activity in activities:
        by_org[activity.organisation_id].append(activity)
    return by_org


def review_text(activities: list[ProcessingActivity], today: dt.date) -> str:
    lines, owner = [], None
    for a in activities:
        if a.business_function != owner:
            owner = a.business_function
            lines.append(f"\n{owner or 'No owner recorded'}:")
        state = "OVERDUE since" if a.next_review_due and a.next_review_due < today else "due"
        lines.append(f"  {a.reference} {a.name} — review {state} {a.next_review_due}")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Email reminders of overdue and upcoming activity reviews, and of findings due. Suitable for cron."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=14, help="Also remind of what is due within N days.")
        parser.add_argument("--dry-run", action="store_true", help="Print who would be emailed; send nothing.")

    def handle(self, *args, days: int, dry_run: bool, **options) -> None:
        today = timezone.localdate()
        until = today + dt.timedelta(days=days)
        outbox: dict[str, list[str]] = defaultdict(list)
        dpo_emails = list(
            get_user_model()
            .objects.filter(groups__name=DPO, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        # DPOs by membership hear of their own organisations only (ropa/access.py); DPOs by group of every one.
        member_dpos: dict[int, set[str]] = defaultdict(set)
        for org_id, email in (
            Membership.objects.filter(role=DPO, user__is_active=True)
            .exclude(user__email="")
            .values_list("organisation_id", "user__email")
        ):
            member_dpos[org_id].add(email)
        for activities in due_reviews(until).values():
            org = activities[0].organisation
            body = f"Reviews of {org} due by {until}:\n{review_text(activities, today)}"
            for address in {*dpo_emails, *member_dpos[org.pk], *([org.dpo_email] if org.dpo_email else [])}:
                outbox[address].append(body)
        for decision in (
            FindingDecision.objects.filter(due_on__lte=until, assignee__is_active=True)
            .exclude(assignee__email="")
            .select_related("assignee", "activity")
        ):
            where = f" on {decision.activity}" if decision.activity else ""
            outbox[decision.assignee.email].append(  # type: ignore[union-attr]  # filtered on a set assignee
                f"Finding {decision.code}{where} assigned to you is due {decision.due_on}."
            )
        for address, parts in sorted(outbox.items()):
            if dry_run:
                self.stdout.write(f"would email {address} ({len(parts)} item(s))")
                continue
            send_mail(
                "[ropa] Register reviews and findings due", "\n\n".join(parts), settings.DEFAULT_FROM_EMAIL, [address]
            )
        self.stdout.write(f"{len(outbox)} reminder(s) {'to send' if dry_run else 'sent'}.")
