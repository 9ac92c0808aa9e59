"""The published notice as a record: validated once in the model, hashed, history-tracked, loaded by the demo."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError

from ropa.demo import load_demo
from ropa.history import change_context
from ropa.models import MAX_NOTICE_BYTES, PrivacyNotice
from ropa.notice.text import read_blocks, sanitise_html
from tests import factories as f

pytestmark = pytest.mark.django_db


def notice(org, **kw) -> PrivacyNotice:
    values = {"version_label": "1.0", "language": "en", "published_on": dt.date(2024, 1, 1), "text": "We use Acme."}
    return PrivacyNotice(organisation=org, **{**values, **kw})


def error_of(obj) -> str:
    with pytest.raises(ValidationError) as e:
        obj.full_clean()
    return " ".join(e.value.message_dict["text"])


def test_a_notice_is_saved_with_its_digest_and_history():
    org = f.organisation()
    with change_context("publish 1.0"):
        n = notice(org)
        n.full_clean()
        n.save()
    assert n.sha256 == hashlib.sha256(b"We use Acme.").hexdigest()
    with change_context("typo"):
        n.text = "We use Acme Ltd."
        n.full_clean()
        n.save()
    assert n.sha256 == hashlib.sha256(b"We use Acme Ltd.").hexdigest()
    rows = list(n.history.order_by("history_date").values_list("history_change_reason", "sha256"))
    assert [r[0] for r in rows] == ["publish 1.0", "typo"] and rows[0][1] != rows[1][1]


@pytest.mark.parametrize(
    ("text", "fmt", "says"),
    [
        ("", "markdown", "empty"),
        ("   \n\t", "markdown", "empty"),
        ("%PDF-1.7\x00\x01\x02 binary", "markdown", "binary"),
        ("x" * (MAX_NOTICE_BYTES + 1), "markdown", "limit is 512 KB"),
        ("<p>Hi</p><script>alert(1)</script>", "html", "active content"),
        ('<p onclick="steal()">Hi</p>', "html", "active content"),
        ('<a href="javascript:alert(1)">x</a>', "html", "active content"),
        ("Text <iframe src=https://evil></iframe>", "markdown", "active content"),
    ],
)
def test_bad_text_gets_a_clear_field_error_and_nothing_is_saved(text, fmt, says):
    org = f.organisation()
    assert says in error_of(notice(org, text=text, format=fmt))
    assert not PrivacyNotice.objects.exists()


def test_html_is_read_through_the_sanitiser_never_run():
    dirty = '<h2>Vendors</h2><p>Acme<img src="https://tracker/x.gif"><script>bad()</script></p><style>p{}</style>'
    clean = sanitise_html(dirty)
    assert "<script" not in clean and "<img" not in clean and "bad()" not in clean and "<style" not in clean
    assert [(b.kind, b.text) for b in read_blocks(dirty, "html")] == [("heading", "Vendors"), ("paragraph", "Acme")]


def test_the_demo_loads_the_mysterium_notice_once():
    load_demo()
    n = PrivacyNotice.objects.get()
    assert (n.version_label, n.published_on, n.language, n.format) == ("2.0", dt.date(2023, 11, 10), "en", "markdown")
    assert "10 November 2023 Version 2.0" in n.text and n.sha256 == hashlib.sha256(n.text.encode()).hexdigest()
    before = (n.version, n.history.count())
    assert not load_demo().changed
    n.refresh_from_db()
    assert (n.version, n.history.count()) == before
