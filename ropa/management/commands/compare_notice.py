"""`python manage.py compare_notice`: the published privacy notice against the register.

Compares the organisation's latest notice (or `--notice FILE`, Markdown or HTML) with the register today and as of
the notice's published date. Exit status: 0 no error-level difference today, 1 at least one, 2 bad arguments.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ropa.management.arguments import add_organisation_argument, organisation_argument
from ropa.notice.compare import Comparison, compare_notice, latest_notice
from ropa.notice.text import notice_text_problem
from ropa.register import NoticeView

EXIT_ERRORS = 1
EXIT_USAGE = 2


class Command(BaseCommand):
    help = "Compare the privacy notice with the register. Exits 1 when an error-level difference exists."

    def add_arguments(self, parser) -> None:
        add_organisation_argument(parser)
        parser.add_argument("--notice", help="A notice file (.md or .html) instead of the latest recorded notice.")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options) -> None:
        org = organisation_argument(options["organisation"], returncode=EXIT_USAGE)
        notice = self.read_file(options["notice"]) if options["notice"] else latest_notice(org.pk)
        if notice is None:
            raise CommandError(
                f"{org} has no recorded privacy notice: add one in the admin, or give --notice FILE.",
                returncode=EXIT_USAGE,
            )
        comparison = compare_notice(org.pk, notice)
        if options["format"] == "json":
            self.stdout.write(json.dumps(as_json(comparison), indent=2, ensure_ascii=False, default=str))
        else:
            self.write_text(comparison)
        if comparison.has_errors:
            sys.exit(EXIT_ERRORS)

    @staticmethod
    def read_file(name: str) -> NoticeView:
        path = Path(name)
        fmt = "html" if path.suffix.lower() in {".html", ".htm"} else "markdown"
        try:
            text = path.read_bytes().decode("utf-8")
        except OSError as e:
            raise CommandError(f"--notice: cannot read {name}: {e.strerror}.", returncode=EXIT_USAGE) from e
        except UnicodeDecodeError as e:
            raise CommandError(f"--notice: {name} is not UTF-8 text (a binary file?).", returncode=EXIT_USAGE) from e
        problem = notice_text_problem(text, fmt)
        if problem:
            raise CommandError(f"--notice: {problem}", returncode=EXIT_USAGE)
        return NoticeView(None, path.name, "", None, "", fmt, text)

    def write_text(self, c: Comparison) -> None:
        n = c.notice
        self.stdout.write(f"Notice {n.version_label} ({n.published_on or 'no date'}) against the register today:")
        for f in c.today:
            self.stdout.write(f"  {f.severity.upper():7} {f.code}  {f.record_name}\n    {f.message}")
            if f.quote:
                self.stdout.write(f"    notice, {f.position}: “{f.quote}”")
        if not c.today:
            self.stdout.write("  no difference")
        if c.at_publication_note:
            self.stdout.write(f"At the published date: {c.at_publication_note}")
        else:
            self.stdout.write(f"At the published date: {len(c.at_publication)} difference(s).")


def as_json(c: Comparison) -> dict:
    n = c.notice
    return {
        "notice": {"id": n.id, "version": n.version_label, "published_on": n.published_on, "sha256": n.sha256},
        "today": [f.as_dict() for f in c.today],
        "at_publication": [f.as_dict() for f in c.at_publication],
        "at_publication_note": c.at_publication_note,
    }
