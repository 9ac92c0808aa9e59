"""`python manage.py check_register`: run the compliance checks; exit 1 when an error-level finding exists.

Exit status: 0 no error-level finding, 1 at least one, 2 bad arguments (unknown organisation, bad date), so a
team can gate its pipeline on it. The JSON shape is documented in docs/checks.md.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand
from django.utils import timezone

from ropa.checks import count_by_severity, run_checks
from ropa.checks.report import findings_report
from ropa.choices import FindingSeverity
from ropa.management.arguments import add_organisation_argument, optional_moment_argument, organisation_argument
from ropa.models import Organisation
from ropa.register import build_register

EXIT_ERRORS = 1
EXIT_USAGE = 2


class Command(BaseCommand):
    help = "Check the register for gaps a regulator would find. Exits 1 when any error-level finding exists."

    def add_arguments(self, parser) -> None:
        add_organisation_argument(parser, required=False, help="Id, legal name or trade name (default: all).")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--as-of",
            dest="as_of",
            help="Check the register as it stood then (ISO date or date-time; a date means the end of that day).",
        )
        parser.add_argument(
            "--severity",
            choices=FindingSeverity.values,
            help="Only list findings of this severity (the exit status still counts errors).",
        )

    def handle(self, *args, **options) -> None:
        as_of = optional_moment_argument(options["as_of"], "--as-of", returncode=EXIT_USAGE)
        organisations = self.organisations(options["organisation"])
        reports, errors = [], 0
        for org in organisations:
            register = build_register(org.pk, as_of=as_of)
            findings = run_checks(register)
            errors += count_by_severity(findings)[FindingSeverity.ERROR]
            if options["severity"]:
                findings = [f for f in findings if f.severity == options["severity"]]
            reports.append((register, findings))
        if options["format"] == "json":
            self.write_json(reports, as_of)
        else:
            self.write_text(reports)
        if errors:
            sys.exit(EXIT_ERRORS)

    @staticmethod
    def organisations(wanted: str | None) -> list[Organisation]:
        if not wanted:
            return list(Organisation.objects.order_by("name"))
        return [organisation_argument(wanted, returncode=EXIT_USAGE)]

    def write_json(self, reports, as_of) -> None:
        all_findings = [f for _r, fs in reports for f in fs]
        out = {
            "generated_at": timezone.now().isoformat(),
            "as_of": as_of.isoformat() if as_of else None,
            "counts": count_by_severity(all_findings),
            "registers": [findings_report(register, findings) for register, findings in reports],
        }
        self.stdout.write(json.dumps(out, indent=2, ensure_ascii=False))

    def write_text(self, reports) -> None:
        for register, findings in reports:
            org = register.organisation
            when = f"as of {register.effective_date}" if register.as_of else "live"
            name = org.name if org else "(did not exist yet)"
            self.stdout.write(self.style.MIGRATE_HEADING(f"{name} — {when}"))
            if register.note:
                self.stdout.write(register.note)
            for f in findings:
                style = {"error": self.style.ERROR, "warning": self.style.WARNING}.get(f.severity, str)
                self.stdout.write(f"{style(f.severity.upper()):<8} {f.code}  [{f.article}]")
                self.stdout.write(f"    {f.message}")
                self.stdout.write(f"    Fix: {f.fix}")
            counts = count_by_severity(findings)
            self.stdout.write(f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info.\n")
