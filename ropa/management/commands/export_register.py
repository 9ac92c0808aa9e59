"""export_register: write one organisation's register report to a file and record the export entry."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ropa.management.arguments import add_organisation_argument, optional_moment_argument, organisation_argument
from ropa.reports.exporters import exporters
from ropa.reports.service import NothingToReport, export_register


class Command(BaseCommand):
    help = (
        "Write an organisation's Art. 30 register to a file (PDF, XLSX, CSV, HTML or JSON), live or as of "
        "a past date, and record the export entry with the file's SHA-256."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_organisation_argument(parser)
        parser.add_argument("--format", required=True, help=f"One of: {', '.join(sorted(exporters()))}.")
        parser.add_argument("--as-of", default="", help="A past date (2025-01-31) or ISO 8601 date and time.")
        parser.add_argument("--include-retired", action="store_true", help="Include retired activities.")
        parser.add_argument(
            "--include-findings",
            action="store_true",
            help="Append the annex of compliance findings as of the same date (not in CSV).",
        )
        parser.add_argument("--output", required=True, help="Path of the file to write ('-' for standard output).")

    def handle(self, *args, **options) -> None:
        fmt = options["format"].strip().lower()
        if fmt not in exporters():
            raise CommandError(f"Unknown format {options['format']!r}: choose one of {', '.join(sorted(exporters()))}.")
        organisation = organisation_argument(options["organisation"])
        as_of = optional_moment_argument(options["as_of"], "--as-of")
        output = options["output"]
        if output != "-" and not Path(output).parent.is_dir():
            raise CommandError(f"--output: the folder {Path(output).parent} does not exist.")
        try:
            export, content = export_register(
                organisation.pk,
                fmt,
                as_of=as_of,
                include_retired=options["include_retired"],
                include_findings=options["include_findings"],
            )
        except NothingToReport as exc:
            raise CommandError(f"--as-of: {exc}") from None
        if output == "-":
            buffer = getattr(self.stdout, "buffer", None)
            if buffer is not None:
                buffer.write(content)
                buffer.flush()
            else:
                self.stdout.write(content.decode("utf-8", "replace"), ending="")
            return
        Path(output).write_bytes(content)
        self.stderr.write(f"Wrote {output} ({export.size} bytes): export #{export.pk}, SHA-256 {export.sha256}.")
