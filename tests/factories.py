"""Small builders for register records in tests. Every write goes through a change context, like production code."""

from __future__ import annotations

import datetime as dt
import itertools

from ropa.choices import ActivityStatus, DPODesignation, LawfulBasis, RecipientRole, TransferMechanism
from ropa.history import change_context
from ropa.models import (
    ActivityDataCategory,
    ActivityDataSubject,
    ActivityPurpose,
    ActivitySecurityMeasure,
    DataCategory,
    DataSubjectCategory,
    LegalBasis,
    Organisation,
    ProcessingActivity,
    Purpose,
    Recipient,
    SecurityMeasure,
    ThirdParty,
    Transfer,
)

_seq = itertools.count(1)


def save(obj, reason: str = "test fixture", user=None):
    """full_clean() then save() inside a change context: the path every surface takes."""
    with change_context(reason, user=user):
        obj.full_clean()
        obj.save()
    return obj


def organisation(**kw) -> Organisation:
    n = next(_seq)
    data = {
        "name": f"Org {n} UAB",
        "country": "LT",
        "email": f"privacy{n}@example.org",
        "dpo_designation": DPODesignation.DESIGNATED,
        "dpo_name": "D. P. Officer",
        "dpo_email": f"dpo{n}@example.org",
        "headcount": 300,
    }
    data.update(kw)
    return save(Organisation(**data))


def third_party(**kw) -> ThirdParty:
    n = next(_seq)
    data = {
        "name": f"Vendor {n}",
        "legal_entity": f"Vendor {n} Ltd",
        "country": "IE",
        "default_role": RecipientRole.PROCESSOR,
        "dpa_reference": f"DPA-{n}",
        "dpa_date": dt.date(2025, 1, 15),
    }
    data.update(kw)
    return save(ThirdParty(**data))


def activity(org: Organisation | None = None, **kw) -> ProcessingActivity:
    n = next(_seq)
    data = {
        "organisation": org or organisation(),
        "reference": f"PA-{n:04d}",
        "name": f"Activity {n}",
        "status": ActivityStatus.ACTIVE,
    }
    data.update(kw)
    return save(ProcessingActivity(**data))


def complete_activity(org: Organisation | None = None, vendor: ThirdParty | None = None, **kw) -> ProcessingActivity:
    """An activity with one of each relation: purpose + basis, subjects, a category with retention, a recipient,
    a US transfer on SCCs, a security measure."""
    act = activity(org, **kw)
    purpose = Purpose.objects.get(key="service_provision")
    save(ActivityPurpose(activity=act, purpose=purpose))
    save(LegalBasis(activity=act, purpose=purpose, basis=LawfulBasis.CONTRACT, law_reference="Terms of service"))
    save(ActivityDataSubject(activity=act, data_subject=DataSubjectCategory.objects.get(key="customers")))
    save(
        ActivityDataCategory(
            activity=act,
            data_category=DataCategory.objects.get(key="contact.email"),
            retention_period=2,
            retention_unit="years",
            retention_event="end_of_contract",
        )
    )
    save(ActivitySecurityMeasure(activity=act, measure=SecurityMeasure.objects.get(key="encryption_in_transit")))
    vendor = vendor or third_party(country="US", dpf_certified=True)
    save(Recipient(activity=act, third_party=vendor, role=RecipientRole.PROCESSOR))
    save(
        Transfer(
            activity=act,
            third_party=vendor,
            destination_country="US",
            mechanism=TransferMechanism.SCC,
            safeguard_reference="SCC module 2",
            tia_reference="TIA-1",
        )
    )
    act.refresh_from_db()
    return act


def grow_to(org: Organisation, count: int, vendor: ThirdParty | None = None) -> None:
    """Adds complete activities until the organisation has `count`: query-count tests measure at two sizes."""
    while ProcessingActivity.objects.filter(organisation=org).count() < count:
        complete_activity(org, vendor=vendor)


def rounds_of_changes(act: ProcessingActivity, rounds: int) -> None:
    """Brings an activity's history to `rounds` rounds of changes, each renaming it "Renamed <n>", changing its
    data category's retention and adding a recipient: history tests measure at two lengths."""
    done = Recipient.objects.filter(activity=act).count() - 1  # a complete activity starts with one recipient
    for n in range(done + 1, rounds + 1):
        act.refresh_from_db()  # saving its relations moves the activity's version on
        act.name = f"Renamed {n}"
        save(act)
        row = ActivityDataCategory.objects.get(activity=act)
        row.retention_period = n + 3
        save(row)
        save(Recipient(activity=act, third_party=third_party(), role=RecipientRole.PROCESSOR))


def bulk_register(org: Organisation, count: int, start: int = 0) -> None:
    """`count` activities with one row of every relation, written with their history in a few bulk queries —
    for query-count tests and benchmarks, where saving one by one would take minutes."""
    from simple_history.utils import bulk_create_with_history

    vendor = ThirdParty.objects.filter(name="Bulk Vendor").first() or third_party(
        name="Bulk Vendor", legal_entity="Bulk Vendor Inc.", country="US"
    )
    purpose = Purpose.objects.get(key="service_provision")
    subject = DataSubjectCategory.objects.get(key="customers")
    category = DataCategory.objects.get(key="contact.email")
    measure = SecurityMeasure.objects.get(key="encryption_at_rest")
    activities = bulk_create_with_history(
        [
            ProcessingActivity(
                organisation=org,
                reference=f"BULK-{i:05d}",
                name=f"Bulk activity {i}",
                status=ActivityStatus.ACTIVE,
                version=1,
                business_function="Operations",
            )
            for i in range(start, start + count)
        ],
        ProcessingActivity,
    )
    if not all(a.pk for a in activities):  # databases that do not return ids from bulk inserts
        activities = list(ProcessingActivity.objects.filter(organisation=org, reference__startswith="BULK-"))
    rows = {
        ActivityPurpose: lambda a: ActivityPurpose(activity=a, purpose=purpose, version=1),
        LegalBasis: lambda a: LegalBasis(activity=a, purpose=purpose, basis=LawfulBasis.CONTRACT, version=1),
        ActivityDataSubject: lambda a: ActivityDataSubject(activity=a, data_subject=subject, version=1),
        ActivityDataCategory: lambda a: ActivityDataCategory(
            activity=a,
            data_category=category,
            retention_period=2,
            retention_unit="years",
            retention_event="collection",
            version=1,
        ),
        ActivitySecurityMeasure: lambda a: ActivitySecurityMeasure(activity=a, measure=measure, version=1),
        Recipient: lambda a: Recipient(activity=a, third_party=vendor, role=RecipientRole.PROCESSOR, version=1),
        Transfer: lambda a: Transfer(
            activity=a,
            third_party=vendor,
            destination_country="US",
            mechanism=TransferMechanism.SCC,
            safeguard_reference="SCC",
            version=1,
        ),
    }
    for model, make in rows.items():
        bulk_create_with_history([make(a) for a in activities], model)
