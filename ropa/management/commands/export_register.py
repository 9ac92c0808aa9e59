"""export_register: write one organisation's register report to a file and record the export entry."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from ropa.models import Organisation
from ropa.register.dates import parse_as_of
from ropa.reports.exporters import exporters
from ropa.reports.service import export_register


class Command(BaseCommand):
    help = (
        "Write an organisation's Art. 30 register to a file (PDF, XLSX, CSV, HTML or JSON), live or as of "
        "a past date, and record the export entry with the file's SHA-256."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisation",
            "--organization",
            required=True,
            help="Id, legal name or trade name of the organisation.",
        )
        parser.add_argument("--format", required=True, help=f"One of: {', '.join(sorted(exporters()))}.")
        parser.add_argument("--as-of", default="", help="A past date (2025-01-31) or ISO 8601 date and time.")
        parser.add_argument("--include-retired", action="store_true", help="Include retired activities.")
        parser.add_argument(
            "--include-findings",
            action="store_true",
            help="Append the annex of compliance findings as of the same date (not in CSV).",
        )
        parser.add_argument(
            "--output", required=True, help="Path of the file to write ('-' for standard output)."
        )

    def handle(self, *args, **options) -> None:
        fmt = options["format"].strip().lower()
        if fmt not in exporters():
            raise CommandError(
                f"Unknown format {options['format']!r}: choose one of {', '.join(sorted(exporters()))}."
            )
        organisation = self.find_organisation(options["organisation"])
        as_of = None
        if options["as_of"].strip():
            try:
                as_of = parse_as_of(options["as_of"])
            except ValueError as exc:
                raise CommandError(f"--as-of: {exc}") from None
        output = options["output"]
        if output != "-" and not Path(output).parent.is_dir():
            raise CommandError(f"--output: the folder {Path(output).parent} does not exist.")
        export, content = export_register(
            organisation.pk,
            fmt,
            as_of=as_of,
            include_retired=options["include_retired"],
            include_findings=options["include_findings"],
        )
        if output == "-":
            buffer = getattr(self.stdout, "buffer", None)
            if buffer is not None:
                buffer.write(content)
                buffer.flush()
            else:
                self.stdout.write(content.decode("utf-8", "replace"), ending="")
            return
        Path(output).write_bytes(content)
        self.stderr.write(
            f"Wrote {output} ({export.size} bytes): export #{export.pk}, SHA-256 {export.sha256}."
        )

    def find_organisation(self, value: str) -> Organisation:
        value = value.strip()
        query = Q(name__iexact=value) | Q(trade_name__iexact=value)
        if value.isdigit():
            query |= Q(pk=int(value))
        matches = list(Organisation.objects.filter(query)[:2])
        if not matches:
            raise CommandError(
                f"No organisation with id or name {value!r}. "
                "List them in the admin, or give the exact legal name."
            )
        if len(matches) > 1:
            raise CommandError(f"{value!r} matches several organisations: give its id instead.")
        return matches[0]
