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
    data = {"name": f"Org {n} UAB", "country": "LT", "email": f"privacy{n}@example.org",
            "dpo_designation": DPODesignation.DESIGNATED, "dpo_name": "D. P. Officer",
            "dpo_email": f"dpo{n}@example.org", "headcount": 300}
    data.update(kw)
    return save(Organisation(**data))


def third_party(**kw) -> ThirdParty:
    n = next(_seq)
    data = {"name": f"Vendor {n}", "legal_entity": f"Vendor {n} Ltd", "country": "IE",
            "default_role": RecipientRole.PROCESSOR, "dpa_reference": f"DPA-{n}", "dpa_date": dt.date(2025, 1, 15)}
    data.update(kw)
    return save(ThirdParty(**data))


def activity(org: Organisation | None = None, **kw) -> ProcessingActivity:
    n = next(_seq)
    data = {"organisation": org or organisation(), "reference": f"PA-{n:04d}", "name": f"Activity {n}",
            "status": ActivityStatus.ACTIVE}
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
    save(ActivityDataCategory(activity=act, data_category=DataCategory.objects.get(key="contact.email"),
                              retention_period=2, retention_unit="years", retention_event="end_of_contract"))
    save(ActivitySecurityMeasure(activity=act, measure=SecurityMeasure.objects.get(key="encryption_in_transit")))
    vendor = vendor or third_party(country="US", dpf_certified=True)
    save(Recipient(activity=act, third_party=vendor, role=RecipientRole.PROCESSOR))
    save(Transfer(activity=act, third_party=vendor, destination_country="US", mechanism=TransferMechanism.SCC,
                  safeguard_reference="SCC module 2", tia_reference="TIA-1"))
    act.refresh_from_db()
    return act
