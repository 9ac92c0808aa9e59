"""`manage.py register_diff`: what changed in an organisation's register between two moments."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ropa.management.arguments import (
    add_organisation_argument,
    moment_argument,
    optional_moment_argument,
    organisation_argument,
)
from ropa.timeline.diff import diff_register


class Command(BaseCommand):
    help = "Show what changed in an organisation's register between two moments, with when, who and why."

    def add_arguments(self, parser):
        add_organisation_argument(parser)
        parser.add_argument(
            "--from",
            dest="start",
            required=True,
            help="Start (excluded): YYYY-MM-DD (start of that day) or an ISO datetime.",
        )
        parser.add_argument(
            "--to",
            dest="end",
            default="",
            help="End (included): YYYY-MM-DD (end of that day) or an ISO datetime; default now.",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, organisation: str, start: str, end: str, format: str, **options):
        org = organisation_argument(organisation)
        since = moment_argument(start, "--from", day_end=False)
        until = optional_moment_argument(end, "--to") or timezone.now()
        if since > until:
            raise CommandError("--from comes after --to: give a period that runs forward.")
        diff = diff_register(org.pk, since, until)
        if format == "json":
            self.stdout.write(json.dumps(diff.to_dict(), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(diff.text(), ending="")
