"""The notice generated from the demo register names everything the register holds, and matches it exactly."""

import re

import pytest

from ropa.checks.notice import notice_activities
from ropa.notice.compare import notice_findings
from ropa.notice.extract import extract, mechanism_group
from ropa.notice.generate import notice_html, notice_markdown, notice_statements
from ropa.notice.text import read_blocks
from ropa.register import NoticeView, build_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(demo_org):
    return build_register(demo_org.pk)


def generated(fmt: str, text: str) -> NoticeView:
    return NoticeView(None, "draft", "en", None, "", fmt, text)


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_generated_notice_names_every_recipient_transfer_basis_and_retention(register, fmt):
    text = notice_markdown(register) if fmt == "markdown" else notice_html(register)
    said = extract(text, fmt, register.third_parties, [register.org.name])
    activities = notice_activities(register)
    recipients = {str(r.third_party.id) for a in activities for r in a.recipients}
    assert len(recipients) == 12 and recipients <= said.values("parties")
    transfers = [t for a in activities for t in a.transfers]
    assert {t.destination_country for t in transfers} == {"US", "IL"} <= said.values("countries")
    assert {mechanism_group(t.mechanism) for t in transfers} == {"scc", "adequacy"} <= said.values("mechanisms")
    assert {b.basis for a in activities for b in a.legal_bases} <= said.values("bases")
    assert "event:consent_withdrawn" in said.values("retention")
    assert said.entities == []  # every entity named is the register's own


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_comparing_the_generated_notice_with_its_register_reports_no_difference(register, fmt):
    text = notice_markdown(register) if fmt == "markdown" else notice_html(register)
    assert notice_findings(register, generated(fmt, text)) == []


def test_every_statement_is_traceable_to_its_records(register):
    statements = notice_statements(register)
    assert all(s.records for s in statements)
    html = notice_html(register)
    assert len(re.findall(r'<(?:p|li) data-records="[^"]+">', html)) == len(statements)
    assert 'data-records="third_party:' in html and "activity:MVPN-03" in html
    md = notice_markdown(register)
    assert len(re.findall(r"^\[\^\d+\]: Records: ", md, re.M)) == len(statements)
    sentry = next(s for s in statements if s.text.startswith("Sentry (Functional Software, Inc."))
    assert "activity:MVPN-03" in sentry.records


def test_generated_html_escapes_what_it_embeds(register):
    from dataclasses import replace

    org = replace(register.org, trade_name="<script>alert(1)</script>")
    html = notice_html(replace(register, organisation=org))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert [b.kind for b in read_blocks(html, "html")][:2] == ["heading", "heading"]
