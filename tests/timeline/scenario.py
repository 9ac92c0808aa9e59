"""A register's life over a week in March 2024, written step by step at controlled moments.

Each step records the live snapshot right after its writes, so tests can compare the as-of reconstruction with
what the register really said then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ropa import models as m
from ropa.choices import ActivityStatus, RecipientRole, TransferMechanism
from ropa.history import change_context
from ropa.register import Register, build_register
from tests import factories as f

from .conftest import UTC, at


def day(n: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2024, 3, n, hour, 0, tzinfo=UTC)


@dataclass
class Timeline:
    org: m.Organisation
    steps: list[tuple[dt.datetime, Register]] = field(default_factory=list)
    objects: dict = field(default_factory=dict)

    def record(self, moment: dt.datetime) -> None:
        with at(moment):
            self.steps.append((moment, build_register(self.org.pk)))


def edit(obj, reason: str, user, **changes):
    for k, v in changes.items():
        setattr(obj, k, v)
    return f.save(obj, reason, user)


def build_timeline(alice, bob) -> Timeline:
    with at(day(1)):
        org = f.organisation(name="Timeline UAB")
        us = f.third_party(name="Cloudy", legal_entity="Cloudy Inc.", country="US", dpf_certified=True)
        ie = f.third_party(name="Mailer", legal_entity="Mailer Ltd", country="IE")
        a1 = f.complete_activity(org, vendor=us, reference="PA-1", name="Customer accounts")
        a2 = f.activity(org, reference="PA-2", name="Newsletter")
        f.save(
            m.ActivityDataCategory(activity=a2, data_category=m.DataCategory.objects.get(key="contact.email")),
            "Initial register",
            alice,
        )
        a3 = f.complete_activity(org, vendor=us, reference="PA-3", name="Old analytics")
    t = Timeline(org, objects={"us": us, "ie": ie, "a1": a1, "a2": a2, "a3": a3})
    t.record(day(1))

    with at(day(2)):  # two saves of one activity at the same instant: the later one (higher history_id) wins
        a1.refresh_from_db()
        edit(a1, "Renamed after the product launch", bob, name="Customer accounts and billing")
        edit(a1, "Describe billing", bob, description="Accounts, invoices and payments.")
        f.save(
            m.Recipient(activity=a1, third_party=ie, role=RecipientRole.PROCESSOR, data_shared="email"),
            "Mailer sends receipts",
            bob,
        )
        f.save(
            m.ActivityDataCategory(
                activity=a2,
                data_category=m.DataCategory.objects.get(key="online.ip_address"),
                retention_period=30,
                retention_unit="days",
                retention_event="collection",
            ),
            "Track opens",
            bob,
        )
    t.record(day(2))

    with at(day(3)):
        transfer = m.Transfer.objects.get(activity=a1)
        edit(transfer, "Cloudy is DPF certified", alice, mechanism=TransferMechanism.ADEQUACY)
        category = m.ActivityDataCategory.objects.get(activity=a1)
        edit(category, "Retention review 2024", alice, retention_period=1)
        with change_context("Mailer no longer used", user=alice):
            m.Recipient.objects.get(activity=a1, third_party=ie).delete()
        with change_context("Stop collecting email for the newsletter", user=alice):
            m.ActivityDataCategory.objects.get(activity=a2, data_category__key="contact.email").delete()
    t.record(day(3))

    with at(day(4)):
        a2.refresh_from_db()
        edit(a2, "Newsletter discontinued", bob, status=ActivityStatus.RETIRED)
    t.record(day(4))

    with at(day(5)), change_context("Analytics removed from the register", user=alice):
        m.ProcessingActivity.objects.get(pk=a3.pk).delete()
    t.record(day(5))

    with at(day(6)):
        us.refresh_from_db()
        edit(us, "Vendor rebranded", bob, name="Cloudy Skies", legal_entity="Cloudy Skies Inc.")
    t.record(day(6))
    return t
