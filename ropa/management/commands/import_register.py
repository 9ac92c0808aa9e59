"""import_register: bring a register kept elsewhere (ICO template, CSV, ropa's export) into an organisation.

Exit status: 0 when the file imports (or, with --dry-run, would import) cleanly, 1 when it has errors (nothing is
written), 2 for bad arguments.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ropa.importing.report import ImportReport
from ropa.importing.service import import_register
from ropa.management.arguments import add_organisation_argument, organisation_argument


class Command(BaseCommand):
    help = (
        "Import an Art. 30 register from an XLSX (the UK ICO template or ropa's export), a CSV or ropa's JSON "
        "export into an organisation: all rows or none. --dry-run reports what would change and writes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The XLSX, CSV or JSON file.")
        add_organisation_argument(parser)
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")
        parser.add_argument("--user", default="", help="Username the changes are attributed to in the history.")
        parser.add_argument(
            "--choices", default="", help='A JSON file mapping unmapped value ids to "text", "create" or "map:<key>".'
        )
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args, **options) -> None:
        try:
            organisation = organisation_argument(options["organisation"], returncode=2)
            path = Path(options["file"])
            if not path.is_file():
                raise CommandError(f"{path} is not a file.")
            user = self._user(options["user"])
            choices = self._choices(options["choices"])
        except CommandError as exc:
            raise CommandError(str(exc), returncode=2) from None
        report = import_register(
            organisation,
            path.name,
            path.read_bytes(),
            user=user,
            dry_run=options["dry_run"],
            choices=choices,
            progress=self._progress if not options["json"] else None,
        )
        self._print(report, options["json"])
        if report.has_errors:
            sys.exit(1)

    @staticmethod
    def _user(username: str):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"--user: no user {username!r}.") from None

    @staticmethod
    def _choices(path: str) -> dict[str, str]:
        if not path:
            return {}
        try:
            choices = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"--choices: {exc}") from None
        if not isinstance(choices, dict):
            raise CommandError('--choices: expected a JSON object {"<value id>": "text" | "create" | "map:<key>"}.')
        return {str(k): str(v) for k, v in choices.items()}

    def _progress(self, done: int, total: int) -> None:
        """A progress bar on standard error for files of more than a screenful of rows."""
        if total < 50 or (done % 25 and done != total):
            return
        width = 30
        filled = width * done // total
        self.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} rows", ending="")
        if done == total:
            self.stderr.write("")

    def _print(self, report: ImportReport, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False, default=str))
            return
        for notice in report.notices:
            self.stdout.write(f"note: {notice}")
        for row in report.rows:
            changes = f" ({', '.join(row.changes)})" if row.changes else ""
            self.stdout.write(f"{row.sheet} row {row.row}: {row.action} {row.reference} {row.name}{changes}")
            for unmapped in row.unmapped:
                self.stdout.write(
                    f"    unmapped {unmapped['column']}: {unmapped['value']!r} — {unmapped['kept_as']}"
                    f" [id {unmapped['id']}]"
                )
        for error in report.errors:
            self.stderr.write(f"error: {error}")
        counts = ", ".join(f"{n} {a}" for a, n in report.counts.items())
        mode = "dry run, nothing written" if report.dry_run else ("imported" if report.committed else "nothing written")
        self.stdout.write(f"{report.file} (sha256 {report.sha256}): {counts} — {mode}.")
