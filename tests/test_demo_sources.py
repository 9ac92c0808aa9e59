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


# Each vendor of the demo: the heading of its section in the ledger, and the domains its own terms are published on.
VENDORS = {
    "Google Analytics": ("Google Analytics", {"google.com", "safety.google"}),
    "Google Tag Manager": ("Google Tag Manager", {"google.com", "safety.google"}),
    "Microsoft Clarity": ("Microsoft Clarity", {"microsoft.com"}),
    "Facebook": ("Facebook", {"facebook.com", "fb.com"}),
    "LinkedIn": ("LinkedIn", {"linkedin.com"}),
    "Reddit": ("Reddit", {"reddit.com"}),
    "X": ("X Corp.", {"x.com", "twitter.com"}),
    "Typeform": ("Typeform", {"typeform.com"}),
    "Intercom": ("Intercom", {"intercom.com"}),
    "Mailchimp": ("Mailchimp", {"mailchimp.com"}),
    "AppsFlyer": ("AppsFlyer", {"appsflyer.com"}),
    "Sentry": ("Sentry", {"sentry.io"}),
}
SECTION = re.compile(r"^## \d+\. (?P<title>.+?)\n(?P<body>.*?)(?=^## |\Z)", re.S | re.M)
ROLE_ROW = re.compile(r"^\| (?P<name>[^|]+?) \| [^|]+ \| [A-Z]{2} \| (?P<role>[^|]+?) \|", re.M)


def _sections() -> dict[str, str]:
    return {m["title"]: m["body"] for m in SECTION.finditer(LEDGER.read_text(encoding="utf-8"))}


def _on(url: str, domains: set[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)


def test_each_vendors_role_is_cited_from_its_own_published_terms():
    sections = _sections()
    for name, (heading, domains) in VENDORS.items():
        body = next(text for title, text in sections.items() if title.startswith(heading))
        role = next(line for line in body.splitlines() if line.startswith("- **Role"))
        own = [u for u in cited_urls(body) if _on(u, domains)]
        assert own, f"{name}: no citation of its own terms"
        assert "**Role" in role
    # Where the vendor's terms and the case law pull apart, or no terms were found, the ledger says so plainly.
    assert "the conflict said plainly" in sections["LinkedIn (Insight Tag)"]
    assert "**inference**" in sections["Reddit (Reddit Pixel)"] and "no Reddit" in sections["Reddit (Reddit Pixel)"]


def test_the_ledgers_roles_are_the_roles_the_demo_records(db):
    from ropa.demo import load_demo
    from ropa.models import ThirdParty

    load_demo()
    rows = {m["name"]: m["role"] for m in ROLE_ROW.finditer(LEDGER.read_text(encoding="utf-8"))}
    recorded = {t.name: t.get_default_role_display().lower() for t in ThirdParty.objects.all()}
    assert set(VENDORS) <= set(rows) and set(VENDORS) <= set(recorded)
    for name in VENDORS:
        assert rows[name].lower().startswith(recorded[name]), (name, rows[name], recorded[name])
