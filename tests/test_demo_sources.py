"""The demo's ledger (docs/demo-sources.md) cites primary publishers only: a register a regulator reads rests on the
vendors' own terms, EU law and the Commission, the EDPB, an authority or a court, never on a copy of them."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

LEDGER = Path(__file__).resolve().parent.parent / "docs" / "demo-sources.md"

PRIMARY = {
    # The vendors' own domains (the demo's twelve third parties and their groups).
    "google.com",
    "safety.google",
    "microsoft.com",
    "facebook.com",
    "fb.com",
    "linkedin.com",
    "reddit.com",
    "x.com",
    "twitter.com",
    "typeform.com",
    "videoask.com",
    "intercom.com",
    "mailchimp.com",
    "appsflyer.com",
    "sentry.io",
    # EU law, the Commission, the EDPB and the Court of Justice.
    "eur-lex.europa.eu",
    "commission.europa.eu",
    "ec.europa.eu",
    "edpb.europa.eu",
    "curia.europa.eu",
    # Authorities: the US Department of Commerce's Data Privacy Framework and former Privacy Shield lists.
    "dataprivacyframework.gov",
    "privacyshield.gov",
}
URL = re.compile(r"https?://[^\s)>\]\"'`]+")
CODE_SPAN = re.compile(r"`[^`]*`")  # the notice's broken links, quoted as they are, not cited


def cited_urls(text: str) -> list[str]:
    return URL.findall(CODE_SPAN.sub("", text))


def is_primary(url: str) -> bool:
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    return any(host == domain or host.endswith("." + domain) for domain in PRIMARY)


def test_every_url_in_the_demo_ledger_is_a_primary_publisher():
    urls = cited_urls(LEDGER.read_text(encoding="utf-8"))
    assert len(urls) > 40  # the ledger does cite its sources
    assert [u for u in urls if not is_primary(u)] == []


def test_the_allow_list_refuses_look_alike_and_copy_hosts():
    for copy in (
        "https://learn-microsoft-com.example.ru/en-us/answers/1",
        "https://mirror.example.org/policies.google.com/privacy",
        "https://redirector.example.com?u=https%3A%2F%2Fsupport.google.com%2Fx",
        "http://web.archive.org./web/2018/https://www.facebook.com/help/1",
        "https://google.com.example.net/terms",
    ):
        assert not is_primary(copy), copy
    assert is_primary("https://business.safety.google/adsprocessorterms/")
    assert is_primary("https://eur-lex.europa.eu/eli/dir/2002/58/oj")
