"""The Art. 13 (and Art. 14 source) information written from a Register snapshot, as Markdown or HTML.

Every statement carries the records it came from: Markdown numbers them as footnotes, HTML puts them in a
`data-records` attribute ("activity:MVPN-03 third_party:12"). The wording is fixed and plain, and uses the phrases
`ropa.notice.extract` recognises, so comparing a generated notice with its register reports no difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ropa.choices import LawfulBasis
from ropa.countries import country_name, is_eea
from ropa.register import ActivityView, Register, ThirdPartyView

from .extract import MECHANISM_NAMES, mechanism_group

__all__ = ["Statement", "notice_html", "notice_markdown", "notice_statements"]

BASIS_PHRASES = {
    LawfulBasis.CONSENT: "your consent, which you may withdraw at any time",
    LawfulBasis.CONTRACT: "the performance of a contract with you",
    LawfulBasis.LEGAL_OBLIGATION: "the need to comply with a legal obligation",
    LawfulBasis.VITAL_INTERESTS: "the vital interests of a person",
    LawfulBasis.PUBLIC_TASK: "a task carried out in the public interest",
    LawfulBasis.LEGITIMATE_INTERESTS: "our legitimate interests",
}
EVENT_PHRASES = {
    "collection": "collection",
    "last_activity": "your last activity",
    "end_of_contract": "the end of the contract",
    "transaction": "the transaction",
    "end_of_financial_year": "the end of the financial year",
    "consent_withdrawn": "you withdraw your consent",
    "case_closed": "your case is closed",
}
COOKIE_NAMES = {"necessary": "strictly necessary", "analytics": "analytics", "advertising": "advertising"}


@dataclass(frozen=True)
class Statement:
    """One sentence (or list item) of the notice, with its section and the records it was written from."""

    section: str
    text: str
    records: tuple[str, ...] = ()  # "activity:MVPN-03", "third_party:12", "organisation:1"
    item: bool = False
    topic: str = ""  # what it informs of: basis, retention, recipient, transfer, cookie…
    subject: str = ""  # the name it is about (a purpose, a data category, a third party, a cookie category)


def _join(items: list[str]) -> str:
    items = [i for i in dict.fromkeys(items) if i]
    return ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1] if items else ""


def _party(tp: ThirdPartyView) -> str:
    return f"{tp.name} ({tp.legal_entity}, {country_name(tp.country)})" if tp.legal_entity else tp.name


def _retention(c) -> str:
    event = EVENT_PHRASES.get(c.retention_event, "")
    if c.retention_period:
        return f"kept for {c.retention_period} {c.retention_unit} after {event or 'collection'}"
    if c.retention_period == 0 and event:
        return f"kept until {event}"
    return f"kept as follows: {c.retention_note.rstrip('.')}" if c.retention_note else "kept for a period not yet set"


def _activities(register: Register) -> tuple[ActivityView, ...]:
    from ropa.checks.notice import notice_activities

    return notice_activities(register)


def _controller(register: Register) -> list[Statement]:
    org = register.org
    s = "Who we are"
    out = [
        Statement(
            s,
            f"{org.name}{f' ({org.trade_name})' if org.trade_name else ''}, {org.address or org.country}, is the "
            f"controller of your personal data. Contact: {org.email or org.phone or org.website}.",
            (f"organisation:{org.id}",),
        )
    ]
    if org.dpo_name or org.dpo_email:
        dpo = ", ".join(p for p in (org.dpo_name, org.dpo_email, org.dpo_phone) if p)
        out.append(Statement(s, f"Our data protection officer: {dpo}.", (f"organisation:{org.id}",)))
    else:
        out.append(Statement(s, "We have not designated a data protection officer.", (f"organisation:{org.id}",)))
    if org.representative_name:
        out.append(
            Statement(s, f"Our representative in the EU: {org.representative_name}.", (f"organisation:{org.id}",))
        )
    return out


def _purposes(register: Register) -> list[Statement]:
    out = []
    for a in _activities(register):
        ref = (f"activity:{a.reference}",)
        categories = _join([c.name.lower() for c in a.data_categories])
        subjects = _join([d.name.lower() for d in a.data_subjects])
        purposes = _join([p.name.lower() for p in a.purposes])
        out.append(
            Statement(
                a.name, f"We process {categories or 'personal data'} of {subjects or 'people'} for {purposes}.", ref
            )
        )
        for b in a.legal_bases:
            phrase = BASIS_PHRASES.get(LawfulBasis(b.basis), b.basis)
            text = f"For {b.purpose_name.lower()}, our legal basis is {phrase}"
            if b.basis == LawfulBasis.LEGITIMATE_INTERESTS and b.legitimate_interest:
                text += f": {b.legitimate_interest.rstrip('.')}"
            out.append(Statement(a.name, text + ".", ref, True, "basis", b.purpose_name))
        if any(b.basis == LawfulBasis.CONTRACT for b in a.legal_bases):
            out.append(
                Statement(
                    a.name,
                    "Providing these data is a contractual requirement: without them we cannot provide the service.",
                    ref,
                )
            )
        if a.automated_decision_making or a.profiling:
            out.append(Statement(a.name, f"Automated decisions and profiling: {a.automated_decision_details}", ref))
        if a.data_source and not a.data_source.lower().startswith("the data subject."):
            out.append(Statement(a.name, f"Where the data come from: {a.data_source}", ref))
        for c in a.data_categories:
            out.append(Statement(a.name, f"{c.name}: {_retention(c)}.", ref, True, "retention", c.name))
    return out


def _recipients(register: Register) -> list[Statement]:
    s = "Who receives your data"
    out = []
    seen: dict[int, list[str]] = {}
    parties: dict[int, ThirdPartyView] = {}
    for a in _activities(register):
        for r in a.recipients:
            seen.setdefault(r.third_party.id, []).append(a.reference)
            parties[r.third_party.id] = r.third_party
        for t in a.transfers:
            seen.setdefault(t.third_party.id, []).append(a.reference)
            parties[t.third_party.id] = t.third_party
        if a.recipients_statement:
            out.append(Statement(s, f"{a.name}: {a.recipients_statement}", (f"activity:{a.reference}",), item=True))
    for tp_id, refs in seen.items():
        tp = parties[tp_id]
        records = (f"third_party:{tp_id}", *(f"activity:{r}" for r in dict.fromkeys(refs)))
        out.append(Statement(s, f"{_party(tp)}.", records, True, "recipient", tp.name))
    return out


def _transfers(register: Register) -> list[Statement]:
    s = "Transfers outside the European Economic Area"
    out = []
    for a in _activities(register):
        for t in a.transfers:
            if t.destination_country and is_eea(t.destination_country):
                continue
            where = country_name(t.destination_country) if t.destination_country else t.international_organisation
            mechanism = MECHANISM_NAMES[mechanism_group(t.mechanism)]
            out.append(
                Statement(
                    s,
                    f"{t.third_party.name} receives data in {where} on {mechanism} ({a.name}); ask us for a copy "
                    f"of the safeguards at {register.org.email or register.org.website}.",
                    (f"activity:{a.reference}", f"third_party:{t.third_party.id}"),
                    True,
                    "transfer",
                    t.third_party.name,
                )
            )
    return out


def _cookies(register: Register) -> list[Statement]:
    from ropa.checks.notice import register_cookie_categories

    out = []
    for category, bases in sorted(register_cookie_categories(register).items()):
        refs = tuple(dict.fromkeys(f"activity:{a.reference}" for acts in bases.values() for a in acts))
        consent = " only with your consent, which you can withdraw at any time" if LawfulBasis.CONSENT in bases else ""
        text = f"We set {COOKIE_NAMES[category]} cookies{consent}."
        out.append(Statement("Cookies", text, refs, True, "cookie", f"{category} cookies"))
    return out


def _rights(register: Register) -> list[Statement]:
    org = register.org
    ref = (f"organisation:{org.id}",)
    s = "Your rights"
    authority = org.lead_supervisory_authority or "the data protection authority where you live or work"
    return [
        Statement(
            s,
            "You may ask us for access to your data, its rectification or erasure, the restriction of its "
            "processing, and its portability, and you may object to processing based on our legitimate interests.",
            ref,
        ),
        Statement(s, "Where we rely on your consent, you may withdraw it at any time.", ref),
        Statement(s, f"You may lodge a complaint with a supervisory authority, in particular {authority}.", ref),
    ]


def notice_statements(register: Register) -> list[Statement]:
    """The notice's statements in reading order (Art. 13(1), 13(2), 14(2)(f))."""
    return [
        *_controller(register),
        *_purposes(register),
        *_recipients(register),
        *_transfers(register),
        *_cookies(register),
        *_rights(register),
    ]


def _title(register: Register) -> str:
    org = register.org
    return f"Privacy notice of {org.trade_name or org.name}"


def notice_markdown(register: Register) -> str:
    """The notice as Markdown, each statement footnoted with its records."""
    lines = [f"# {_title(register)}", ""]
    notes: list[str] = []
    section = None
    previous_item = False
    for st in notice_statements(register):
        if st.section != section:
            lines += ["", f"## {st.section}", ""]
            section = st.section
        elif previous_item and not st.item:
            lines.append("")
        notes.append(", ".join(st.records))
        mark = f"[^{len(notes)}]"
        lines.append(f"{'- ' if st.item else ''}{st.text}{mark}" + ("" if st.item else "\n"))
        previous_item = st.item
    lines += ["", "---", ""]
    lines += [f"[^{n}]: Records: {records}" for n, records in enumerate(notes, 1)]
    return "\n".join(lines) + "\n"


def notice_html(register: Register) -> str:
    """The notice as an HTML fragment, each statement's records in its `data-records` attribute."""
    out = [f"<article class='privacy-notice'><h1>{escape(_title(register))}</h1>"]
    section = None
    in_list = False
    for st in notice_statements(register):
        if st.section != section:
            if in_list:
                out.append("</ul>")
                in_list = False
            out.append(f"<h2>{escape(st.section)}</h2>")
            section = st.section
        if st.item and not in_list:
            out.append("<ul>")
            in_list = True
        elif not st.item and in_list:
            out.append("</ul>")
            in_list = False
        tag = "li" if st.item else "p"
        out.append(f'<{tag} data-records="{escape(" ".join(st.records))}">{escape(st.text)}</{tag}>')
    if in_list:
        out.append("</ul>")
    out.append("</article>")
    return "\n".join(out)
