"""Benchmark: the API's activity list (page of 100) on a register of 1,000 activities.

Builds a throw-away SQLite database (or uses $BENCH_DATABASE_URL), loads 1,000 activities, each with a purpose,
legal basis, data subjects, two data categories with retention, a recipient, a transfer and a security measure,
then requests `GET /api/v1/activities/?page_size=100` as a DPO with a token and reports the number of queries and
the median latency over N runs.

    .venv/bin/python benchmarks/api_activity_list.py [--activities 1000] [--runs 25]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--page-size", type=int, default=100)
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("API_THROTTLE_USER", "1000000/minute")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment(debug=False)  # no query logging in the timed runs
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)

    from django.contrib.auth.models import Group, User
    from rest_framework.test import APIClient

    from ropa import models as m
    from ropa.auth import issue_token
    from ropa.history import change_context
    from ropa.models import ApiToken
    from ropa.roles import DPO

    with change_context("benchmark data"):
        org = m.Organisation.objects.create(name="Bench UAB", country="LT")
        vendors = [
            m.ThirdParty.objects.create(
                name=f"Vendor {i}", legal_entity=f"Vendor {i} Inc.", country="US", default_role="processor"
            )
            for i in range(20)
        ]
        purposes = list(m.Purpose.objects.all())
        subjects = list(m.DataSubjectCategory.objects.all())
        categories = [c for c in m.DataCategory.objects.filter(sensitivity="ordinary", parent__isnull=False)]
        measures = list(m.SecurityMeasure.objects.all())
        activities = m.ProcessingActivity.objects.bulk_create(
            m.ProcessingActivity(
                organisation=org, reference=f"PA-{i:05d}", name=f"Activity {i}", status="active", version=1
            )
            for i in range(args.activities)
        )
        rows = {
            model: []
            for model in (
                m.ActivityPurpose,
                m.LegalBasis,
                m.ActivityDataSubject,
                m.ActivityDataCategory,
                m.Recipient,
                m.Transfer,
                m.ActivitySecurityMeasure,
            )
        }
        for i, a in enumerate(activities):
            purpose, vendor = purposes[i % len(purposes)], vendors[i % len(vendors)]
            rows[m.ActivityPurpose].append(m.ActivityPurpose(activity=a, purpose=purpose, version=1))
            rows[m.LegalBasis].append(m.LegalBasis(activity=a, purpose=purpose, basis="contract", version=1))
            rows[m.ActivityDataSubject].append(
                m.ActivityDataSubject(activity=a, data_subject=subjects[i % 5], version=1)
            )
            for k in range(2):
                rows[m.ActivityDataCategory].append(
                    m.ActivityDataCategory(
                        activity=a,
                        data_category=categories[(i + k) % len(categories)],
                        retention_period=2,
                        retention_unit="years",
                        retention_event="end_of_contract",
                        version=1,
                    )
                )
            rows[m.Recipient].append(m.Recipient(activity=a, third_party=vendor, role="processor", version=1))
            rows[m.Transfer].append(
                m.Transfer(activity=a, third_party=vendor, destination_country="US", mechanism="scc", version=1)
            )
            rows[m.ActivitySecurityMeasure].append(
                m.ActivitySecurityMeasure(activity=a, measure=measures[i % len(measures)], version=1)
            )
        for model, objs in rows.items():
            model.objects.bulk_create(objs)

    user = User.objects.create_user("bench-dpo", password="bench-only-password")
    user.groups.add(Group.objects.get(name=DPO))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(ApiToken(user=user, name='benchmark'))}")
    url = "/api/v1/activities/"
    params = {"page_size": args.page_size, "organisation": org.id}

    def request(page: int = 1):
        response = client.get(url, {**params, "page": page})
        assert response.status_code == 200, response.content[:300]
        return response

    request()  # warm-up
    reset_queries()
    with CaptureQueriesContext(connection) as first:
        response = request(1)
    first_page_queries = len(first.captured_queries)  # read now: the log is reset below
    reset_queries()
    with CaptureQueriesContext(connection) as last:
        request(args.activities // args.page_size)
    last_page_queries = len(last.captured_queries)
    reset_queries()
    timings = []
    for run in range(args.runs):
        start = time.perf_counter()
        request(1 + run % (args.activities // args.page_size))
        timings.append((time.perf_counter() - start) * 1000)

    body = response.json()
    print(f"database: {connection.vendor}; activities: {body['count']}; page size: {len(body['results'])}")
    print(
        f"relation rows per activity: {sum(len(v) for v in rows.values()) / args.activities:.0f}; "
        f"response size: {len(response.content) / 1024:.0f} KiB"
    )
    print(f"queries: first page {first_page_queries}, last page {last_page_queries}")
    print(
        f"latency over {args.runs} runs: median {statistics.median(timings):.1f} ms, "
        f"min {min(timings):.1f} ms, max {max(timings):.1f} ms"
    )
    tmp.cleanup()


if __name__ == "__main__":
    main()
