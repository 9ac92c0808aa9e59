"""Time of the register through time on a large register: live snapshot, as-of snapshot and a 90-day diff.

A temporary SQLite database gets one organisation with 1,000 activities, each with its relations
and at least 20 historical rows (activity and relations together), written through the ORM over 180
days of simulated time.

    .venv/bin/python benchmarks/timeline.py [--activities 1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(db_path: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def populate(n: int, days: int = 180) -> tuple[int, int]:
    from django.db import transaction

    from ropa import models as m
    from ropa.choices import ActivityStatus, LawfulBasis, RecipientRole, TransferMechanism
    from ropa.history import change_context

    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    for model in (m.DataCategory, m.DataSubjectCategory, m.Purpose, m.SecurityMeasure, m.AdequacyDecision):
        model.history.model.objects.update(history_date=start - dt.timedelta(days=1))

    def at(i: int, step: int, steps: int):
        """Spread each activity's edits over the period."""
        return mock.patch(
            "django.utils.timezone.now",
            return_value=start + dt.timedelta(days=days * step / steps, seconds=i),
        )

    purpose = m.Purpose.objects.get(key="service_provision")
    subjects = m.DataSubjectCategory.objects.get(key="customers")
    email = m.DataCategory.objects.get(key="contact.email")
    ip = m.DataCategory.objects.get(key="online.ip_address")
    measure = m.SecurityMeasure.objects.get(key="encryption_in_transit")
    steps = 14
    with transaction.atomic(), change_context("benchmark"):
        with at(0, 0, steps):
            org = m.Organisation(name="Benchmark UAB", country="LT")
            org.save()
            vendors = [
                m.ThirdParty(
                    name=f"Vendor {k}",
                    legal_entity=f"Vendor {k} Inc.",
                    country="US",
                    default_role=RecipientRole.PROCESSOR,
                )
                for k in range(20)
            ]
            for v in vendors:
                v.save()
        for i in range(n):
            with at(i, 0, steps):
                act = m.ProcessingActivity(
                    organisation=org,
                    reference=f"PA-{i:05d}",
                    name=f"Activity {i}",
                    status=ActivityStatus.ACTIVE,
                )
                act.save()
                rels = [
                    m.ActivityPurpose(activity=act, purpose=purpose),
                    m.LegalBasis(activity=act, purpose=purpose, basis=LawfulBasis.CONTRACT),
                    m.ActivityDataSubject(activity=act, data_subject=subjects),
                    m.ActivityDataCategory(
                        activity=act,
                        data_category=email,
                        retention_period=24,
                        retention_unit="months",
                        retention_event="collection",
                    ),
                    m.ActivitySecurityMeasure(activity=act, measure=measure),
                    m.Recipient(activity=act, third_party=vendors[i % 20], role=RecipientRole.PROCESSOR),
                    m.Transfer(
                        activity=act,
                        third_party=vendors[i % 20],
                        destination_country="US",
                        mechanism=TransferMechanism.SCC,
                    ),
                ]
                for r in rels:
                    r.save()
            category, transfer = rels[3], rels[6]
            for step in range(1, steps):  # 13 more rows: edits of the activity and of its relations
                with at(i, step, steps):
                    if step % 3 == 0:
                        category.retention_period -= 1
                        category.save()
                    elif step % 5 == 0:
                        transfer.safeguard_reference = f"SCC v{step}"
                        transfer.save()
                    elif step == 7:
                        extra = m.ActivityDataCategory(activity=act, data_category=ip)
                        extra.save()
                    elif step == 11:
                        extra.delete()
                    else:
                        act.description = f"Revision {step}"
                        act.save()
        with at(0, steps - 1, steps):
            for k, v in enumerate(vendors[:5]):
                v.name = f"Vendor {k} (renamed)"
                v.save()
    rows = sum(
        model.history.model.objects.count()
        for model in (
            m.ProcessingActivity,
            m.ActivityPurpose,
            m.LegalBasis,
            m.ActivityDataSubject,
            m.ActivityDataCategory,
            m.ActivitySecurityMeasure,
            m.Recipient,
            m.Transfer,
        )
    )
    return org.pk, rows


def timed(label: str, fn, repeat: int = 5) -> None:
    from django.conf import settings
    from django.db import connection, reset_queries

    times = []
    for _ in range(repeat):
        settings.DEBUG = True
        reset_queries()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        queries = len(connection.queries)
    print(
        f"{label:<34} median {statistics.median(times) * 1000:8.1f} ms   best {min(times) * 1000:8.1f} ms   "
        f"{queries} queries"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=1000)
    parser.add_argument("--db", help="Keep the database in this file, and reuse it when it exists.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or str(Path(tmp) / "bench.sqlite3")
        reuse = Path(path).exists()
        setup_django(path)
        from ropa import models as m
        from ropa.register import build_register
        from ropa.timeline.diff import diff_register

        if reuse:
            org_id = m.Organisation.objects.get(name="Benchmark UAB").pk
            print(f"Reusing {path}")
        else:
            t0 = time.perf_counter()
            org_id, rows = populate(args.activities)
            print(
                f"{args.activities} activities, {rows} historical rows of activities and relations "
                f"({rows / args.activities:.1f} per activity), written in {time.perf_counter() - t0:.0f} s"
            )
        now = dt.datetime.now(dt.UTC)
        as_of = now - dt.timedelta(days=45)
        diff = diff_register(org_id, now - dt.timedelta(days=90), now)
        print(
            f"90-day diff: {len(diff.changed)} activities changed, "
            f"{sum(len(a.changes) for a in diff.activities)} changes, {len(diff.third_parties)} third parties"
        )
        assert len(build_register(org_id, as_of=as_of).activities) == args.activities
        timed("live snapshot", lambda: build_register(org_id))
        timed("as-of snapshot (45 days ago)", lambda: build_register(org_id, as_of=as_of))
        timed("diff over the last 90 days", lambda: diff_register(org_id, now - dt.timedelta(days=90), now))
        from django.db import connection

        connection.close()


if __name__ == "__main__":
    main()
