"""The demo's notice against its register: every real difference, each asserted, and nothing else."""

import pytest

from ropa.checks import RULES
from ropa.notice.compare import NOTICE_CODES, compare_notice, notice_findings, notice_view
from ropa.register import build_register

pytestmark = pytest.mark.django_db

# What the Mysterium notice v2.0 says differently from the register (docs/notice.md gives the reasoning).
DEMO_DIFFERENCES = {
    ("NOTICE-ENTITY-MISMATCH", "Intercom", "Intercom, Inc."),
    ("NOTICE-ENTITY-MISMATCH", "X", "X Corp."),
    ("NOTICE-VENDOR-DUPLICATE", "X", "X Corp."),
    ("NOTICE-VENDOR-DUPLICATE", "Typeform", "Typeform"),
    (
        "NOTICE-TRANSFER-COUNTRY",
        "MVPN-03 Security monitoring, performance, debugging and fraud detection",
        "to United States of America",
    ),
    ("NOTICE-TRANSFER-COUNTRY", "MVPN-06 Cookies and analytics", "to Israel"),
    ("NOTICE-MECHANISM-MISSING", "MVPN-06 Cookies and analytics", "AppsFlyer (Israel) on an adequacy decision"),
    ("NOTICE-RETENTION-MISSING", "MVPN-05 Newsletter and marketing e-mails", "until withdrawal of consent"),
    ("NOTICE-COOKIE-MISSING", "MVPN-06 Cookies and analytics", "analytics cookies"),
    ("NOTICE-COOKIE-CONSENT", "MVPN-07 Advertising and remarketing", "Advertising Cookies"),
}


def keyed(findings):
    out = set()
    for f in findings:
        key = next(k for k in DEMO_DIFFERENCES if k[:2] == (f.code, f.record_name) and k[2] in f.message)
        out.add(key)
    return out


def test_every_notice_rule_is_in_the_engine():
    assert len(NOTICE_CODES) >= 10 and all(RULES[c].topic == "notice" for c in NOTICE_CODES)


def test_the_demo_notice_differs_from_the_register_exactly_where_it_really_does(demo_org, demo_notice):
    found = compare_notice(demo_org.pk, notice_view(demo_notice)).today
    assert len(found) == len(DEMO_DIFFERENCES)
    assert keyed(found) == DEMO_DIFFERENCES


def test_each_difference_quotes_the_notice_and_links_the_record(demo_org, demo_notice):
    found = {(f.code, f.record_name): f for f in compare_notice(demo_org.pk, notice_view(demo_notice)).today}
    intercom = found[("NOTICE-ENTITY-MISMATCH", "Intercom")]
    assert (
        intercom.quote
        == "Intercom service is provided by Intercom, Inc. We use Intercom for communication and analytics purposes."
    )
    assert intercom.position == "line 151, under “4. Transfer of data”"
    assert (
        intercom.record == "third_party"
        and intercom.third_party_id
        and "Intercom R&D Unlimited Company" in intercom.message
    )
    x = found[("NOTICE-ENTITY-MISMATCH", "X")]
    assert "Twitter International Unlimited Company" in x.message and "(6 times)" in x.message
    duplicate = found[("NOTICE-VENDOR-DUPLICATE", "X")]
    assert (
        duplicate.quote == "X Corp." and duplicate.position.startswith("line 139") and "129, 139" in duplicate.message
    )
    assert found[("NOTICE-VENDOR-DUPLICATE", "Typeform")].position.startswith("line 144")
    mechanism = found[("NOTICE-MECHANISM-MISSING", "MVPN-06 Cookies and analytics")]
    assert "Model Contract Clauses" in mechanism.quote and mechanism.activity_reference == "MVPN-06"
    cookies = found[("NOTICE-COOKIE-CONSENT", "MVPN-07 Advertising and remarketing")]
    assert cookies.quote.startswith("Advertising Cookies.") and cookies.position.startswith("line 75")


def test_at_its_published_date_the_demo_register_did_not_exist_yet(demo_org, demo_notice):
    comparison = compare_notice(demo_org.pk, notice_view(demo_notice))
    assert comparison.at_publication == [] and "did not exist" in comparison.at_publication_note
    assert comparison.has_errors  # the undisclosed transfers


def test_a_register_compared_at_a_later_notice_date_gives_the_same_findings(demo_org, demo_notice):
    from dataclasses import replace

    from django.utils import timezone

    view = replace(notice_view(demo_notice), published_on=timezone.localdate())
    comparison = compare_notice(demo_org.pk, view)
    assert comparison.at_publication_note == ""
    assert {(f.code, f.message) for f in comparison.at_publication} == {(f.code, f.message) for f in comparison.today}


SENTRY = """Sentry

We use Sentry for technical purposes, please refer to the privacy policy:  
[https://sentry.io/privacy/](https://sentry.io/privacy/)

"""  # noqa: W291 (the notice's Markdown line breaks)
HOTJAR = """Hotjar

We use Hotjar for heatmaps, please refer to:  
[https://www.hotjar.com/privacy/](https://www.hotjar.com/privacy/)

"""  # noqa: W291


def test_an_edited_notice_reports_exactly_the_edits(demo_org, demo_notice):
    register = build_register(demo_org.pk)
    original = notice_view(demo_notice)
    assert SENTRY in original.text and original.text.count("Model Contract Clauses") == 1
    text = original.text.replace(SENTRY, "").replace("In some cases, your data", HOTJAR + "In some cases, your data")
    text = text.replace("Model Contract Clauses", "Binding Corporate Rules")
    from dataclasses import replace

    before = {(f.code, f.record_name, f.message) for f in notice_findings(register, original)}
    after = {(f.code, f.record_name, f.message) for f in notice_findings(register, replace(original, text=text))}
    assert before - after == set()
    assert sorted((code, name) for code, name, _ in after - before) == [
        ("NOTICE-MECHANISM-MISSING", "MVPN-03 Security monitoring, performance, debugging and fraud detection"),
        ("NOTICE-MECHANISM-UNKNOWN", 'UAB "MN Technologijos"'),
        ("NOTICE-VENDOR-MISSING", "MVPN-03 Security monitoring, performance, debugging and fraud detection"),
        ("NOTICE-VENDOR-UNKNOWN", 'UAB "MN Technologijos"'),
    ]
    messages = " ".join(m for _, _, m in after - before)
    assert "Sentry (Functional Software, Inc.)" in messages and "“Hotjar”" in messages
    assert "standard contractual clauses" in messages and "Binding Corporate Rules" in messages


def test_a_register_without_a_notice_has_no_notice_findings(demo_org):
    from ropa.checks import run_checks

    assert not [f for f in run_checks(build_register(demo_org.pk)) if f.code.startswith("NOTICE-")]
