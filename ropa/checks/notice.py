"""The published privacy notice against the register (Arts. 12-14): what one says and the other does not.

The rules read `register.notice` (attached by `ropa.notice.compare.with_notice`; a register without one has no
notice findings) and the notice's extraction (`ropa.notice.extract`). Each hit quotes the notice's sentence and says
where it stands; a difference about something the notice leaves out quotes the passage where it would belong.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Iterator

from ropa.choices import ActivityStatus, LawfulBasis, RetentionEvent
from ropa.choices import FindingSeverity as S
from ropa.countries import country_name, is_eea
from ropa.notice.extract import COOKIE_CATEGORIES, MECHANISM_NAMES, Extraction, Mention, extract, mechanism_group
from ropa.register import ActivityView, Register, ThirdPartyView

from .registry import Hit, rule

__all__ = ["COOKIE_PURPOSES", "notice_activities", "notice_extraction"]

# The cookie category an activity's purpose puts its cookies in, for activities that use cookie identifiers.
COOKIE_PURPOSES = {
    "service_provision": "necessary",
    "account_management": "necessary",
    "security_monitoring": "necessary",
    "fraud_prevention": "necessary",
    "web_analytics": "analytics",
    "advertising": "advertising",
    "direct_marketing": "advertising",
}
COOKIE_DATA = "online.cookie"

# The last register read and its extraction: the rules of one run share it, and a weak reference lets the register
# go once its run is over.
_cache: tuple[weakref.ref[Register], Extraction] | None = None


def notice_extraction(register: Register) -> Extraction | None:
    """What the register's attached notice says, read once per register (the rules share it)."""
    global _cache
    if register.notice is None:
        return None
    if _cache is not None and _cache[0]() is register:
        return _cache[1]
    org = register.organisation
    names = (org.name, org.trade_name) if org else ()
    extraction = extract(register.notice.text, register.notice.format, register.third_parties, names)
    _cache = (weakref.ref(register), extraction)
    return extraction


def notice_activities(register: Register) -> tuple[ActivityView, ...]:
    """The processing a notice must describe: active activities as controller (drafts have not started)."""
    return tuple(a for a in register.controller_activities() if a.status == ActivityStatus.ACTIVE)


def _where(m: Mention | None) -> dict:
    return {"quote": m.sentence.text, "position": m.sentence.position} if m else {}


def _section(x: Extraction, *words: str) -> Mention | None:
    """The first sentence of the notice's section on a topic (where a missing statement belongs)."""
    for s in x.sentences:
        if any(w in s.section.lower() for w in words):
            return Mention("", s)
    return None


def _recipients(register: Register) -> dict[int, tuple[ThirdPartyView, ActivityView]]:
    out: dict[int, tuple[ThirdPartyView, ActivityView]] = {}
    for a in notice_activities(register):
        for tp in [r.third_party for r in a.recipients] + [t.third_party for t in a.transfers]:
            out.setdefault(tp.id, (tp, a))
    return out


@rule(
    "NOTICE-VENDOR-MISSING",
    S.ERROR,
    "Art. 13(1)(e)",
    "Recipient in the register not named in the notice",
    "Name the recipient (or its category) in the notice, or correct the register if it no longer receives data.",
)
def vendor_missing(register: Register) -> Iterator[Hit]:
    x = notice_extraction(register)
    if x is None:
        return
    named = x.values("parties")
    where = _section(x, "transfer", "recipient", "share", "disclos")
    for tp, a in _recipients(register).values():
        if str(tp.id) not in named:
            yield Hit(
                f"The register sends data to {tp.name} ({tp.legal_entity}) in {a.reference}; the notice does not "
                "name it.",
                activity=a,
                third_party=tp,
                **_where(where),
            )


@rule(
    "NOTICE-VENDOR-UNKNOWN",
    S.ERROR,
    "Art. 30(1)(d)",
    "Vendor in the notice not in the register",
    "Record the vendor and the activities it serves in the register (or add the name the notice uses as an "
    "alias of the third party), or remove it from the notice.",
)
def vendor_unknown(register: Register) -> Iterator[Hit]:
    x = notice_extraction(register)
    if x is None:
        return
    for m in x.listings:
        if not m.value:
            yield Hit(
                f"The notice lists “{m.detail}”, which matches no third party of the register (trade name, legal "
                "entity or alias).",
                **_where(m),
            )


@rule(
    "NOTICE-ENTITY-MISMATCH",
    S.WARNING,
    "Art. 13(1)(e)",
    "The notice names another legal entity than the register",
    "Name the entity that actually receives the data (the register's legal entity), or correct the register.",
)
def entity_mismatch(register: Register) -> Iterator[Hit]:
    x = notice_extraction(register)
    if x is None:
        return
    parties = {str(tp.id): tp for tp in register.third_parties}
    seen: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in x.entities:
        seen[(m.value, m.detail)].append(m)
    for (tp_id, entity), mentions in seen.items():
        tp = parties[tp_id]
        times = f" ({len(mentions)} times)" if len(mentions) > 1 else ""
        yield Hit(
            f"The notice names {entity}{times} for {tp.name}; the register's contracting entity is "
            f"{tp.legal_entity} ({tp.country}).",
            third_party=tp,
            **_where(mentions[0]),
        )


@rule(
    "NOTICE-VENDOR-DUPLICATE",
    S.WARNING,
    "Art. 12(1)",
    "Vendor listed twice in the notice",
    "List each recipient once, with everything said about it in one place (concise, transparent, intelligible).",
)
def vendor_duplicate(register: Register) -> Iterator[Hit]:
    x = notice_extraction(register)
    if x is None:
        return
    parties = {str(tp.id): tp for tp in register.third_parties}
    listed: dict[str, list[Mention]] = defaultdict(list)
    for m in x.listings:
        if m.value:
            listed[m.value].append(m)
    for tp_id, mentions in listed.items():
        if len(mentions) > 1:
            lines = ", ".join(str(m.sentence.line) for m in mentions)
            yield Hit(
                f"The notice lists {parties[tp_id].name} {len(mentions)} times (as “{mentions[1].detail}”, "
                f"lines {lines}).",
                third_party=parties[tp_id],
                **_where(mentions[1]),
            )


def _transfers(register: Register) -> Iterator[tuple[ActivityView, object]]:
    for a in notice_activities(register):
        for t in a.transfers:
            yield a, t


@rule(
    "NOTICE-TRANSFER-COUNTRY",
    S.ERROR,
    "Art. 13(1)(f)",
    "Transfer destination not disclosed in the notice",
    "Say in the notice that data goes to this country, to which recipients, and on which safeguard.",
)
def transfer_country(register: Register) -> Iterator[Hit]:
    x = notice_extraction(register)
    if x is None:
        return
    named = x.values("countries")
    by_country: dict[str, list] = defaultdict(list)
    for a, t in _transfers(register):
        country = t.destination_country  # type: ignore[attr-defined]
        if country and not is_eea(country) and country not in named:
            by_country[country].append((a, t))
    where = x.first("mechanisms", next(iter(x.values("mechanisms")), "")) or _section(x, "transfer")
    for country, flows in sorted(by_country.items()):
        vendors = sorted({t.third_party.name for _, t in flows})
        a, t = flows[0]
        yield Hit(
            f"The register transfers data to {country_name(country)} ({', '.join(vendors)}); the notice does not "
            "name that country.",
            activity=a,
            third_party=t.third_party,
            **_where(where),
        )


@rule(
    "NOTICE-MECHANISM-MISSING",
    S.ERROR,
    "Art. 13(1)(f)",
    "Transfer mechanism not named in the notice",
    "Name the safeguard (adequacy decision, standard contractual clauses…) and where a copy can be obtained.",
)
def mechanism_missing(register: Register) -> Iterator[Hit]:
    x = notice_extraction(register)
    if x is None:
        return
    named = x.values("mechanisms")
    groups: dict[str, list] = defaultdict(list)
    for a, t in _transfers(register):
        groups[mechanism_group(t.mechanism)].append((a, t))  # type: ignore[attr-defined]
    where = x.mechanisms[0] if x.mechanisms else _section(x, "transfer")
    for group, flows in sorted(groups.items()):
        if group not in named:
            a, t = flows[0]
            vendors = sorted({f"{t.third_party.name} ({country_name(t.destination)})" for _, t in flows})
            yield Hit(
                f"The register transfers to {', '.join(vendors)} on {MECHANISM_NAMES[group]}; the notice does "
                "not name it.",
                activity=a,
                third_party=t.third_party,
                **_where(where),
            )


@rule(
    "NOTICE-MECHANISM-UNKNOWN",
    S.WARNING,
    "Art. 13(1)(f), Art. 30(1)(e)",
    "The notice names a transfer mechanism the register does not record",
    "Record the transfers that rely on it in the register, or correct the notice.",
)
def mechanism_unknown(register: Register) -> Iterator[Hit]:
    x = notice_extraction(register)
    if x is None:
        return
    used = {mechanism_group(t.mechanism) for _, t in _transfers(register)}  # type: ignore[attr-defined]
    reported: set[str] = set()
    for m in x.mechanisms:
        if m.value not in used and m.value not in reported:
            reported.add(m.value)
            yield Hit(
                f"The notice names {m.detail} ({MECHANISM_NAMES[m.value]}); no transfer in the register relies on it.",
                **_where(m),
            )


@rule(
    "NOTICE-BASIS-MISSING",
    S.ERROR,
    "Art. 13(1)(c)",
    "Legal basis in the register not stated in the notice",
    "State in the notice each legal basis the register relies on, with the purposes it covers.",
)
def basis_missing(register: Register) -> Iterator[Hit]:
    x = notice_extraction(register)
    if x is None:
        return
    stated = x.values("bases")
    seen: set[str] = set()
    where = _section(x, "legal basis", "lawful", "basis")
    for a in notice_activities(register):
        for b in a.legal_bases:
            if b.basis not in stated and b.basis not in seen:
                seen.add(b.basis)
                yield Hit(
                    f"{a.reference} relies on {LawfulBasis(b.basis).label} for “{b.purpose_name}”; the notice "
                    "states no such basis.",
                    activity=a,
                    **_where(where),
                )


def _retention_keys(c) -> list[str]:
    keys = []
    if c.retention_period:
        keys.append(f"duration:{c.retention_period} {c.retention_unit}")
    if c.retention_event and c.retention_event != RetentionEvent.OTHER:
        keys.append(f"event:{c.retention_event}")
    return keys


@rule(
    "NOTICE-RETENTION-MISSING",
    S.WARNING,
    "Art. 13(2)(a)",
    "Retention in the register with no statement in the notice",
    "State the period (or the criteria that set it) for this data in the notice: “as long as necessary” does not "
    "say it.",
)
def retention_missing(register: Register) -> Iterator[Hit]:
    x = notice_extraction(register)
    if x is None:
        return
    stated = x.values("retention")
    where = _section(x, "retention", "keep", "how long") or x.first("retention", "general")
    for a in notice_activities(register):
        for c in a.data_categories:
            keys = _retention_keys(c)
            if keys and not any(k in stated for k in keys):
                period = f"{c.retention_period} {c.retention_unit} after " if c.retention_period else "until "
                event = str(RetentionEvent(c.retention_event).label) if c.retention_event else "collection"
                yield Hit(
                    f"{a.reference} keeps “{c.name}” {period}{event}; the notice says nothing of it.",
                    activity=a,
                    **_where(where),
                )


def register_cookie_categories(register: Register) -> dict[str, dict[str, list[ActivityView]]]:
    """{category: {basis: [activities]}} for the activities that use cookie identifiers."""
    out: dict[str, dict[str, list[ActivityView]]] = defaultdict(lambda: defaultdict(list))
    for a in notice_activities(register):
        if not any(c.key.startswith(COOKIE_DATA) for c in a.data_categories):
            continue
        for b in a.legal_bases:
            category = COOKIE_PURPOSES.get(b.purpose_key)
            if category:
                out[category][b.basis].append(a)
    return out


@rule(
    "NOTICE-COOKIE-MISSING",
    S.WARNING,
    "Art. 13(1)(c), ePrivacy Directive Art. 5(3)",
    "Cookie category in the register not named in the notice",
    "Name the category of cookies, what it is for and its basis in the notice.",
)
def cookie_missing(register: Register) -> Iterator[Hit]:
    x = notice_extraction(register)
    if x is None:
        return
    named = x.values("cookies")
    where = x.cookies[0] if x.cookies else _section(x, "cookie")
    for category, bases in sorted(register_cookie_categories(register).items()):
        if category not in named:
            activity = next(iter(bases.values()))[0]
            yield Hit(
                f"{activity.reference} sets {category} cookies; the notice names no {category} cookies.",
                activity=activity,
                **_where(where),
            )


@rule(
    "NOTICE-COOKIE-UNKNOWN",
    S.WARNING,
    "Art. 30(1)(b), ePrivacy Directive Art. 5(3)",
    "Cookie category in the notice not in the register",
    "Record the activity that sets these cookies, or correct the notice.",
)
def cookie_unknown(register: Register) -> Iterator[Hit]:
    x = notice_extraction(register)
    if x is None:
        return
    recorded = register_cookie_categories(register)
    reported: set[str] = set()
    for m in x.cookies:
        if m.value not in recorded and m.value not in reported:
            reported.add(m.value)
            yield Hit(
                f"The notice names {m.detail} ({m.value}); no activity of the register sets such cookies.",
                **_where(m),
            )


@rule(
    "NOTICE-COOKIE-CONSENT",
    S.WARNING,
    "Art. 13(1)(c), Art. 7(3), ePrivacy Directive Art. 5(3)",
    "The notice does not say which cookies rest on consent",
    "Say in the notice that these cookies are set only with consent, and how to withdraw it.",
)
def cookie_consent(register: Register) -> Iterator[Hit]:
    x = notice_extraction(register)
    if x is None:
        return
    for category, bases in sorted(register_cookie_categories(register).items()):
        if LawfulBasis.CONSENT not in bases:
            continue
        mentions = [m for m in x.cookies if m.value == category]
        if mentions and not any("consent" in m.sentence.text.lower() for m in mentions):
            activity = bases[LawfulBasis.CONSENT][0]
            yield Hit(
                f"{activity.reference} sets {category} cookies on consent; the notice names them "
                f"(“{mentions[0].detail}”) without saying they need consent.",
                activity=activity,
                **_where(mentions[0]),
            )


assert set(COOKIE_PURPOSES.values()) <= set(COOKIE_CATEGORIES)
