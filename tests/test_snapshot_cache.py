"""The short-lived snapshot cache of the exports and the diff: reused while nothing is written, never after."""

import datetime as dt

import pytest

from ropa.history import change_context
from ropa.register import cache

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_snapshot_is_reused_while_nothing_is_written(django_assert_num_queries):
    act = f.complete_activity()
    first = cache.cached_register(act.organisation_id)
    with django_assert_num_queries(1):  # the last history ids only
        again = cache.cached_register(act.organisation_id)
    assert again.activities is first.activities
    assert again.generated_at >= first.generated_at, "the time of the call, not of the first build"


def test_any_write_makes_the_next_lookup_build_again():
    act = f.complete_activity()
    old_name = act.name
    before = cache.cached_register(act.organisation_id)
    with change_context("renamed"):
        act.name = "Renamed"
        act.save()
    after = cache.cached_register(act.organisation_id)
    assert (before.activity(act.reference).name, after.activity(act.reference).name) == (old_name, "Renamed")


def test_a_write_to_a_catalogue_also_counts():
    act = f.complete_activity()
    cache.cached_register(act.organisation_id)
    purpose = act.activitypurpose_set.get().purpose
    with change_context("clearer name"):
        purpose.name = "Providing the service"
        purpose.save()
    register = cache.cached_register(act.organisation_id)
    assert register.activity(act.reference).purposes[0].name == "Providing the service"


def test_past_moments_are_cached_apart():
    act = f.complete_activity()
    moment = dt.datetime.now(dt.UTC)
    with change_context("renamed"):
        act.name = "Renamed"
        act.save()
    past = cache.cached_register(act.organisation_id, as_of=moment)
    live = cache.cached_register(act.organisation_id)
    assert past.activity(act.reference).name != live.activity(act.reference).name == "Renamed"


def test_the_activity_page_builds_its_findings_snapshot_once_and_again_after_a_write(dpo_client):
    """The change page's findings read the cached snapshot: a second view runs the build's queries no more, and a
    write anywhere in the register shows in the next view."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ropa.models import ActivityDataCategory

    act = f.complete_activity()
    url = f"/admin/ropa/processingactivity/{act.pk}/change/"
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            page = dpo_client.get(url).content.decode()
        counts.append(len(captured.captured_queries))
    assert "RETENTION-VAGUE" not in page
    assert counts[1] <= counts[0] - 10, counts  # the snapshot's queries (one per model read) are not run again
    row = ActivityDataCategory.objects.get(activity=act)
    with change_context("retention as needed"):
        row.retention_period, row.retention_note = None, "As long as needed"
        row.save()
    assert "RETENTION-VAGUE" in dpo_client.get(url).content.decode()
