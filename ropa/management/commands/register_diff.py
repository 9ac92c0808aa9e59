"""`manage.py register_diff`: what changed in an organisation's register between two moments."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ropa import models as m
from ropa.register.dates import parse_as_of
from ropa.timeline.diff import diff_register


class Command(BaseCommand):
    help = "Show what changed in an organisation's register between two moments, with when, who and why."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="The organisation's id or legal name.")
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
        org = self._organisation(organisation)
        try:
            since = parse_as_of(start, day_end=False)
        except ValueError as exc:
            raise CommandError(f"--from: {exc}") from exc
        try:
            until = parse_as_of(end) if end.strip() else timezone.now()
        except ValueError as exc:
            raise CommandError(f"--to: {exc}") from exc
        if since > until:
            raise CommandError("--from comes after --to: give a period that runs forward.")
        diff = diff_register(org.pk, since, until)
        if format == "json":
            self.stdout.write(json.dumps(diff.to_dict(), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(diff.text(), ending="")

    @staticmethod
    def _organisation(value: str) -> m.Organisation:
        value = value.strip()
        found = (
            m.Organisation.objects.filter(pk=int(value))
            if value.isdigit()
            else m.Organisation.objects.filter(name__iexact=value)
            or m.Organisation.objects.filter(trade_name__iexact=value)
        )
        org = found.first()
        if org is None:
            raise CommandError(f"No organisation with id or name '{value}'.")
        return org
