"""A notice compared with the register as of its published date and today, through the notice rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.utils import timezone

from ropa.checks import RULES, run_checks
from ropa.checks.findings import Finding
from ropa.models import PrivacyNotice
from ropa.register import NoticeView, Register, build_register

__all__ = ["NOTICE_CODES", "Comparison", "compare_notice", "latest_notice", "notice_view", "with_notice"]

NOTICE_CODES = tuple(code for code, r in RULES.items() if r.topic == "notice")


def notice_view(notice: PrivacyNotice) -> NoticeView:
    return NoticeView(
        id=notice.pk,
        version_label=notice.version_label,
        language=notice.language,
        published_on=notice.published_on,
        url=notice.url,
        format=notice.format,
        text=notice.text,
        sha256=notice.sha256,
    )


def latest_notice(organisation_id: int, on: dt.date | None = None) -> NoticeView | None:
    """The organisation's most recently published notice, or the one in force `on` a date (one query)."""
    notices = PrivacyNotice.objects.filter(organisation_id=organisation_id)
    if on is not None:
        notices = notices.filter(published_on__lte=on)
    notice = notices.order_by("-published_on", "-pk").first()
    return notice_view(notice) if notice else None


def with_notice(register: Register, notice: NoticeView | None) -> Register:
    return replace(register, notice=notice)


def notice_findings(register: Register, notice: NoticeView) -> list[Finding]:
    """The differences between `notice` and `register`."""
    return run_checks(with_notice(register, notice), codes=NOTICE_CODES)


@dataclass(frozen=True)
class Comparison:
    notice: NoticeView
    today: list[Finding]
    at_publication: list[Finding]
    at_publication_note: str  # why there is no comparison at the published date, when there is none
    published_at: dt.datetime | None

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.today)


def compare_notice(organisation_id: int, notice: NoticeView, today: Register | None = None) -> Comparison:
    """`notice` against the register now and as it stood at the end of the notice's published date."""
    current = today or build_register(organisation_id)
    published_at = None
    at_publication: list[Finding] = []
    note = "The notice has no published date."
    if notice.published_on:
        published_at = timezone.make_aware(dt.datetime.combine(notice.published_on, dt.time.max))
        then = build_register(organisation_id, as_of=published_at)
        if then.organisation is None:
            note = then.note or "The register did not exist at the notice's published date."
        else:
            note = ""
            at_publication = notice_findings(then, notice)
    return Comparison(notice, notice_findings(current, notice), at_publication, note, published_at)
