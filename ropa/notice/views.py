"""The notice in the admin: a draft generated from the register, and a published notice compared with it side by
side (the notice's sentences on one side, the generated statements on the other, the differences marked)."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ropa.checks.findings import Finding
from ropa.checks.links import change_url
from ropa.checks.notice import notice_extraction
from ropa.models import Organisation, PrivacyNotice
from ropa.register import build_register
from ropa.roles import view_permission

from .compare import compare_notice, notice_view, with_notice
from .generate import Statement, notice_markdown, notice_statements


def _allowed(request: HttpRequest) -> None:
    if not request.user.has_perm(view_permission(PrivacyNotice)):
        raise PermissionDenied


def draft(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """The notice generated from the register (`?download=md` for the Markdown file)."""
    _allowed(request)
    org = get_object_or_404(Organisation.objects.for_user(request.user), pk=organisation_id)
    register = build_register(org.pk)
    if request.GET.get("download") == "md":
        response = HttpResponse(notice_markdown(register), content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="privacy-notice-{org.pk}-draft.md"'
        return response
    context = {
        **admin.site.each_context(request),
        "title": _("Draft privacy notice of %(org)s, from the register") % {"org": org},
        "organisation": org,
        "sections": _sections(notice_statements(register)),
        "md_url": f"{request.path}?download=md",
        "html_url": reverse("api-notice", args=[org.pk, "html"]),
    }
    return render(request, "ropa/notice/draft.html", context)


def _sections(statements) -> list[tuple[str, list]]:
    out: dict[str, list] = {}
    for st in statements:
        out.setdefault(st.section, []).append(st)
    return list(out.items())


# The statement of a generated notice each notice rule's difference is about.
CODE_TOPICS = {
    "NOTICE-VENDOR-MISSING": "recipient",
    "NOTICE-ENTITY-MISMATCH": "recipient",
    "NOTICE-VENDOR-DUPLICATE": "recipient",
    "NOTICE-TRANSFER-COUNTRY": "transfer",
    "NOTICE-MECHANISM-MISSING": "transfer",
    "NOTICE-BASIS-MISSING": "basis",
    "NOTICE-RETENTION-MISSING": "retention",
    "NOTICE-COOKIE-MISSING": "cookie",
    "NOTICE-COOKIE-CONSENT": "cookie",
}


def _concerns(f: Finding, st: Statement) -> bool:
    """Whether statement `st` is where the register says what finding `f` is about: same topic, its subject named
    in the finding, and (for a record-specific topic) the finding's record among the statement's."""
    if CODE_TOPICS.get(f.code) != st.topic or not st.subject or st.subject not in f.message:
        return False
    if st.topic in {"transfer", "cookie"}:
        return True
    linked = {f"third_party:{f.third_party_id}", f"activity:{f.activity_reference}"}
    return bool(linked & set(st.records))


def compare(request: HttpRequest, notice_id: int) -> HttpResponse:
    """The published notice beside the notice the register would give, each difference marked on both sides."""
    _allowed(request)
    notice = get_object_or_404(
        PrivacyNotice.objects.select_related("organisation").for_user(request.user), pk=notice_id
    )
    view = notice_view(notice)
    register = build_register(notice.organisation_id)
    if register.organisation is None:
        raise Http404(register.note)
    comparison = compare_notice(notice.organisation_id, view, today=register)
    extraction = notice_extraction(with_notice(register, view))
    assert extraction is not None
    # Left: the notice's blocks, a sentence marked with the codes of the findings that quote it.
    marks: dict[tuple[int, str], list] = defaultdict(list)
    for f in comparison.today:
        if f.quote:
            line = int(f.position.split()[1].rstrip(","))
            marks[(line, f.quote)].append(f)
    blocks: dict[int, list] = {}
    for s in extraction.sentences:
        blocks.setdefault(s.block, []).append(
            {"text": s.text, "line": s.line, "findings": marks.get((s.line, s.text), [])}
        )
    # Right: the register's statements, marked where they say what a finding finds missing or different.
    statements = [
        {"statement": st, "findings": [f for f in comparison.today if _concerns(f, st)]}
        for st in notice_statements(register)
    ]
    context = {
        **admin.site.each_context(request),
        "title": _("Notice %(version)s compared with the register") % {"version": notice.version_label},
        "notice": notice,
        "comparison": comparison,
        "findings": [(f, change_url(f)) for f in comparison.today],
        "blocks": list(blocks.values()),
        "statements": statements,
    }
    return render(request, "ropa/notice/compare.html", context)
