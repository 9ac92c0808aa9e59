"""Each model-layer rule rejects bad input with a field-level message (the admin and API reuse these)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ropa.choices import LawfulBasis, TransferMechanism
from ropa.models import (
    ActivityDataCategory,
    AdequacyDecision,
    DataCategory,
    LegalBasis,
    Organisation,
    ProcessingActivity,
    Purpose,
    ThirdParty,
    Transfer,
)

from . import factories as f

pytestmark = pytest.mark.django_db


def errors_of(obj) -> dict:
    with pytest.raises(ValidationError) as exc:
        obj.full_clean()
    return exc.value.message_dict


def category_use(key="contact.email", **kw):
    return ActivityDataCategory(activity=f.activity(), data_category=DataCategory.objects.get(key=key), **kw)


def test_special_category_without_art9_condition_is_rejected():
    errors = errors_of(category_use("special.health"))
    assert "Art. 9(2) condition" in errors["art9_condition"][0]


def test_special_category_with_art9_condition_is_accepted():
    category_use("special.health", art9_condition="a").full_clean()


def test_criminal_data_without_art10_authority_is_rejected():
    assert "Art. 10" in errors_of(category_use("criminal.convictions"))["art10_authority"][0]


def test_negative_retention_is_rejected():
    errors = errors_of(category_use(retention_period=-1, retention_unit="days", retention_event="collection"))
    assert errors["retention_period"] == ["A retention period cannot be negative."]


def test_negative_retention_is_also_refused_by_the_database():
    use = category_use(retention_period=1, retention_unit="days", retention_event="collection")
    f.save(use)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityDataCategory.objects.filter(pk=use.pk).update(retention_period=-5)


def test_retention_without_starting_event_is_rejected():
    errors = errors_of(category_use(retention_period=3, retention_unit="years"))
    assert "from which event" in errors["retention_event"][0]


def _transfer(country, mechanism, **kw):
    act = f.activity()
    return Transfer(
        activity=act,
        third_party=f.third_party(country=country or "US"),
        destination_country=country,
        mechanism=mechanism,
        **kw,
    )


def test_transfer_to_eea_country_is_rejected():
    errors = errors_of(_transfer("DE", TransferMechanism.SCC))
    assert "is in the EEA" in errors["destination_country"][0]


def test_transfer_on_adequacy_without_decision_in_force_is_rejected():
    errors = errors_of(_transfer("IN", TransferMechanism.ADEQUACY))
    assert "No adequacy decision covers India" in errors["mechanism"][0]


def test_transfer_on_adequacy_to_japan_is_accepted():
    _transfer("JP", TransferMechanism.ADEQUACY).full_clean()


def test_transfer_needs_a_destination():
    errors = errors_of(_transfer("", TransferMechanism.SCC))
    assert "destination" in errors["destination_country"][0]


def test_legitimate_interests_without_interest_is_rejected():
    basis = LegalBasis(
        activity=f.activity(),
        purpose=Purpose.objects.get(key="security_monitoring"),
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
    )
    assert "legitimate interest" in errors_of(basis)["legitimate_interest"][0]


def test_unknown_country_code_is_rejected():
    tp = ThirdParty(name="Nowhere Ltd", legal_entity="Nowhere Ltd", country="XX", default_role="processor")
    assert "country" in errors_of(tp)


def test_duplicate_reference_within_an_organisation_is_rejected():
    act = f.activity()
    dup = ProcessingActivity(organisation=act.organisation, reference=act.reference, name="Other")
    assert "already has an activity with this reference" in str(errors_of(dup))


def test_same_reference_in_another_organisation_is_accepted():
    act = f.activity()
    ProcessingActivity(organisation=f.organisation(), reference=act.reference, name="Other").full_clean()


def test_adequacy_decision_must_end_after_it_starts():
    decision = AdequacyDecision(
        key="xx", name="X", country="IN", reference="r", in_force_from=dt.date(2020, 1, 1), ended_on=dt.date(2019, 1, 1)
    )
    assert "end after" in str(errors_of(decision))


def test_stale_version_save_is_refused():
    act = f.activity()
    mine = ProcessingActivity.objects.get(pk=act.pk)
    theirs = ProcessingActivity.objects.get(pk=act.pk)
    theirs.name = "Their change"
    f.save(theirs)
    mine.name = "My change"
    with pytest.raises(ValidationError, match="changed by someone else"):
        mine.full_clean()
    with pytest.raises(ValidationError, match="changed by someone else"):
        mine.save()
    assert ProcessingActivity.objects.get(pk=act.pk).name == "Their change"


def test_organisation_name_is_unique():
    org = f.organisation()
    assert "name" in errors_of(Organisation(name=org.name, country="LT"))


def test_transfer_on_dpf_to_an_uncertified_us_recipient_is_rejected():
    act = f.activity()
    transfer = Transfer(
        activity=act,
        third_party=f.third_party(country="US", dpf_certified=False),
        destination_country="US",
        mechanism=TransferMechanism.ADEQUACY,
    )
    assert "covers only certified organisations" in errors_of(transfer)["mechanism"][0]


def test_transfer_on_dpf_to_a_certified_us_recipient_is_accepted():
    act = f.activity()
    Transfer(
        activity=act,
        third_party=f.third_party(country="US", dpf_certified=True),
        destination_country="US",
        mechanism=TransferMechanism.ADEQUACY,
    ).full_clean()


def test_saving_a_record_deleted_meanwhile_is_refused_not_resurrected():
    act = f.activity()
    mine = ProcessingActivity.objects.get(pk=act.pk)
    f.save(ProcessingActivity.objects.get(pk=act.pk))  # someone else's save, then their delete
    from ropa.history import change_context

    with change_context("Stopped"):
        ProcessingActivity.objects.get(pk=act.pk).delete()
    mine.name = "My change"
    with pytest.raises(ValidationError, match="deleted by someone else"):
        mine.save()
    assert not ProcessingActivity.objects.filter(pk=act.pk).exists()
    assert next(r.history_type for r in ProcessingActivity.history.filter(id=act.pk)) == "-"


def test_a_relation_change_moves_the_activity_version_on():
    act = f.complete_activity()
    before = act.version
    use = act.activitydatacategory_set.get()
    use.retention_period = 10
    f.save(use, reason="Retention lengthened")
    act.refresh_from_db()
    assert act.version == before + 1
    assert act.history.first().history_change_reason == "Retention lengthened"


def test_one_change_saving_an_activity_and_its_relations_bumps_the_version_once():
    from ropa.history import change_context

    act = f.complete_activity()
    before = act.version
    with change_context("Review"):
        act.name = "Reviewed"
        act.save()
        for use in act.activitydatacategory_set.all():
            use.retention_note = "Reviewed"
            use.save()
    act.refresh_from_db()
    assert act.version == before + 1
