import pytest

from ropa.register import build_register

from . import factories as f

pytestmark = pytest.mark.django_db


def test_snapshot_holds_every_relation_of_an_activity():
    act = f.complete_activity()
    register = build_register(act.organisation_id)
    view = register.activity(act.reference)
    assert [p.key for p in view.purposes] == ["service_provision"]
    assert [s.key for s in view.data_subjects] == ["customers"]
    categories = [(c.key, c.retention_period, c.retention_unit) for c in view.data_categories]
    assert categories == [("contact.email", 2, "years")]
    assert [(b.purpose_key, b.basis) for b in view.legal_bases] == [("service_provision", "contract")]
    assert [(r.third_party.country, r.role) for r in view.recipients] == [("US", "processor")]
    assert [(t.destination_country, t.mechanism) for t in view.transfers] == [("US", "scc")]
    assert [s.key for s in view.security_measures] == ["encryption_in_transit"]


def test_snapshot_runs_the_same_queries_for_1_and_3_activities(assert_queries):
    org = f.organisation()
    vendor = f.third_party(country="US")
    for count in (1, 3):
        f.grow_to(org, count, vendor)
        with assert_queries("register.snapshot", f"{count} activities"):
            register = build_register(org.pk)
        assert len(register.activities) == count


def test_snapshot_as_of_reads_history():
    import datetime as dt

    from django.utils import timezone

    act = f.complete_activity()
    before = timezone.now()
    act.name = "Renamed"
    f.save(act)
    assert build_register(act.organisation_id).activity(act.reference).name == "Renamed"
    old = build_register(act.organisation_id, as_of=before).activity(act.reference)
    assert old.name.startswith("Activity")
    assert [c.key for c in old.data_categories] == ["contact.email"]
    assert build_register(act.organisation_id, as_of=before - dt.timedelta(days=1)).organisation is None


def test_another_organisations_vendors_stay_out_of_the_register():
    mine, theirs = f.organisation(), f.organisation()
    my_vendor, their_vendor = f.third_party(country="US"), f.third_party(country="US")
    unassigned = f.third_party()
    f.complete_activity(mine, vendor=my_vendor)
    f.complete_activity(theirs, vendor=their_vendor)
    names = {tp.name for tp in build_register(mine.pk).third_parties}
    assert names == {my_vendor.name, unassigned.name}


def test_effective_date_is_the_local_date_of_the_as_of_moment(settings):
    import datetime as dt

    from ropa.register import Register

    settings.TIME_ZONE = "America/New_York"
    moment = dt.datetime(2030, 3, 15, 2, 0, tzinfo=dt.UTC)  # still 14 March in New York
    assert Register(None, moment, moment, (), (), ()).effective_date == dt.date(2030, 3, 14)
