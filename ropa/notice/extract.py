"""What a notice says, found deterministically: the third parties it names, the legal entities it names for them,
the countries and transfer mechanisms, the legal bases, the retention statements and the cookie categories.

Everything is matched with fixed patterns against the sentences of `ropa.notice.text`: no network, no model. Third
parties are recognised by their trade name, legal entity or an alias in the register (`ThirdPartyView.alias_list`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django_countries import countries

from ropa.choices import LawfulBasis, RetentionEvent, TransferMechanism
from ropa.countries import is_eea
from ropa.register import ThirdPartyView

from .text import Sentence, read_blocks, sentences

__all__ = ["Extraction", "Mention", "extract", "normalise"]

BASIS_PATTERNS: dict[str, str] = {
    LawfulBasis.CONSENT: r"\bconsent\b|given us (?:your )?permission",
    LawfulBasis.CONTRACT: r"perform(?:ance of)? (?:a|the|our|your) contract|necessary for (?:a|the|our) contract",
    LawfulBasis.LEGAL_OBLIGATION: r"comply with (?:the |a |our )?(?:law|legal obligation)|legal obligations?\b",
    LawfulBasis.VITAL_INTERESTS: r"vital interests?",
    LawfulBasis.PUBLIC_TASK: r"task carried out in the public interest|official authority",
    LawfulBasis.LEGITIMATE_INTERESTS: r"legitimate interests?",
}
# The Chapter V mechanisms a notice names, by the group the register's mechanisms compare in.
MECHANISM_PATTERNS: dict[str, str] = {
    "scc": r"standard (?:data protection |contractual )+clauses|model contract(?:ual)? clauses",
    "adequacy": r"adequacy decisions?|adequate level of (?:data )?protection|Data Privacy Framework",
    "bcr": r"binding corporate rules",
    "code_of_conduct": r"approved codes? of conduct",
    "certification": r"approved certification mechanisms?",
    "derogation": r"\bderogations?\b|Article 49|Art\. 49",
    "other": r"another Art\. 46 safeguard|administrative arrangement|instrument between public (?:authorities|bodies)",
}
# Acronyms match their case only ("SCC", not "scc" inside a word).
MECHANISM_ACRONYMS = {"scc": r"\bSCCs?\b", "adequacy": r"\bDPF\b", "bcr": r"\bBCRs?\b"}
MECHANISM_GROUP: dict[str, str] = {
    TransferMechanism.SCC: "scc",
    TransferMechanism.SA_SCC: "scc",
    TransferMechanism.AD_HOC_CLAUSES: "scc",
    TransferMechanism.ADEQUACY: "adequacy",
    TransferMechanism.BCR: "bcr",
    TransferMechanism.CODE_OF_CONDUCT: "code_of_conduct",
    TransferMechanism.CERTIFICATION: "certification",
}
MECHANISM_NAMES = {
    "scc": "standard contractual clauses",
    "adequacy": "an adequacy decision",
    "bcr": "binding corporate rules",
    "code_of_conduct": "an approved code of conduct",
    "certification": "an approved certification",
    "derogation": "an Art. 49 derogation",
    "other": "another Art. 46 safeguard",
}


def mechanism_group(mechanism: str) -> str:
    return MECHANISM_GROUP.get(mechanism, "derogation" if mechanism.startswith("derogation") else "other")


COOKIE_CATEGORIES = {
    "necessary": r"strictly necessary|essential|session|preference|functional|functionality|security",
    "analytics": r"analytics|analytical|performance|statistics|statistical",
    "advertising": r"advertising|marketing|targeting|remarketing",
}
COOKIE_RE = re.compile(
    r"\b(" + "|".join(COOKIE_CATEGORIES.values()) + r")\s+(?:cookies?|trackers?|technologies)\b", re.IGNORECASE
)
RETENTION_WORDS = re.compile(r"\b(retain|retained|retention|keep|kept|store[ds]?|delete[ds]?|erase[ds]?)\b", re.I)
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty-four": 24, "thirty": 30}  # fmt: skip
DURATION = re.compile(r"\b(\d+|" + "|".join(NUMBERS) + r")[ -](day|week|month|year)s?\b", re.IGNORECASE)
EVENT_PATTERNS = {
    RetentionEvent.CONSENT_WITHDRAWN: r"until (?:you )?(?:withdraw|unsubscribe)|until (?:your )?consent is withdrawn",
    RetentionEvent.END_OF_CONTRACT: r"(?:end|termination) of (?:the|our|your) contract|account is (?:closed|deleted)",
    RetentionEvent.LAST_ACTIVITY: r"last (?:activity|use|login|contact)",
    RetentionEvent.END_OF_FINANCIAL_YEAR: r"end of the (?:financial|fiscal|tax) year",
    RetentionEvent.CASE_CLOSED: r"(?:case|request|ticket) is (?:closed|resolved)",
}
# A legal entity: capitalised words ending in a company form.
ENTITY_RE = re.compile(
    r"(?<![\w&])((?:[A-Z][\w&’'\-]*)(?:,?\s(?:[A-Z][\w&’'\-]*|&))*,?\s"
    r"(?:Inc\.|Corp\.|Corporation|LLC|L\.L\.C\.|Ltd\.?|Limited|S\.\s?L\.|S\.\s?A\.|GmbH|AG|B\.\s?V\.|plc|"
    r"Unlimited Company|Company))"
)
EXTRA_COUNTRY_NAMES = {"US": ("United States", "USA", "U.S.", "US"), "GB": ("United Kingdom", "UK")}


def normalise(name: str) -> str:
    """A name compared loosely: case, accents, quotes, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return re.sub(r"[^a-z0-9&]", "", text)


def _name_re(name: str) -> re.Pattern[str]:
    """A name as a whole word; a name of one or two letters ("X") must match its case."""
    flags = 0 if len(name.strip()) <= 2 else re.IGNORECASE
    return re.compile(r"(?<![\w-])" + re.escape(name.strip()).replace(r"\ ", r"\s+") + r"(?![\w-])", flags)


@dataclass(frozen=True)
class Mention:
    """Something the notice says, with the sentence that says it."""

    value: str  # a third party's id as text, a country code, a mechanism group, a basis, a cookie category…
    sentence: Sentence
    detail: str = ""  # the words the notice used


@dataclass
class Extraction:
    parties: list[Mention] = field(default_factory=list)  # every mention of a known third party
    listings: list[Mention] = field(default_factory=list)  # headings of a vendor list ("" value: unknown vendor)
    entities: list[Mention] = field(default_factory=list)  # a legal entity named for a third party (value: its id)
    countries: list[Mention] = field(default_factory=list)  # countries outside the EEA
    mechanisms: list[Mention] = field(default_factory=list)
    bases: list[Mention] = field(default_factory=list)
    retention: list[Mention] = field(default_factory=list)  # value "duration:N unit" or "event:<event>" or "general"
    cookies: list[Mention] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)

    def values(self, kind: str) -> set[str]:
        return {m.value for m in getattr(self, kind)}

    def first(self, kind: str, value: str) -> Mention | None:
        return next((m for m in getattr(self, kind) if m.value == value), None)


def _party_patterns(parties: Iterable[ThirdPartyView]) -> list[tuple[re.Pattern[str], ThirdPartyView, str]]:
    out = []
    for tp in parties:
        for name in {tp.name, tp.legal_entity, *tp.alias_list}:
            if name.strip():
                out.append((_name_re(name), tp, name))
    return sorted(out, key=lambda p: -len(p[2]))  # longest first: "Google Tag Manager" before "Google"


class _Countries:
    """Every country outside the EEA as one pattern per case rule: short names ("US", "UK") in their case only."""

    def __init__(self) -> None:
        names: dict[str, str] = {}
        for code, name in countries:
            if not is_eea(code):
                for n in {str(name), *EXTRA_COUNTRY_NAMES.get(code, ())}:
                    names[n if len(n) <= 3 else n.casefold()] = code
        self.codes = names

        def pattern(keys: list[str], flags: int) -> re.Pattern[str]:
            alternation = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
            return re.compile(r"(?<![\w.])(" + alternation + r")(?![\w])", flags)

        self.short = pattern([n for n in names if len(n) <= 3], 0)
        self.long = pattern([n for n in names if len(n) > 3], re.IGNORECASE)

    def found_in(self, text: str) -> Iterable[tuple[str, str]]:
        for m in self.short.finditer(text):
            yield self.codes[m.group(1)], m.group(1)
        for m in self.long.finditer(text):
            yield self.codes[m.group(1).casefold()], m.group(1)


_COUNTRIES: _Countries | None = None


def _is_listing(s: Sentence, kind_of_block: dict[int, str]) -> bool:
    """A short stand-alone line that is not a sentence: how a vendor list names its vendors."""
    words = s.text.split()
    return (
        kind_of_block.get(s.block) == "paragraph"
        and 0 < len(words) <= 5
        and not s.text.rstrip().endswith((":", ";", ",", "!", "?"))
        and (not s.text.endswith(".") or bool(re.search(r"\b(?:Inc|Corp|Ltd|Co|L|A|V)\.$", s.text)))
    )


def _mechanisms_in(s: Sentence) -> Iterable[Mention]:
    for group, pattern in MECHANISM_PATTERNS.items():
        found = re.search(pattern, s.text, re.IGNORECASE)
        found = found or (re.search(MECHANISM_ACRONYMS[group], s.text) if group in MECHANISM_ACRONYMS else None)
        if found:
            yield Mention(group, s, found.group(0))


def _bases_in(s: Sentence) -> Iterable[Mention]:
    for basis, pattern in BASIS_PATTERNS.items():
        found = re.search(pattern, s.text, re.IGNORECASE)
        if found:
            yield Mention(str(basis), s, found.group(0))


def _retention_in(s: Sentence) -> Iterable[Mention]:
    word = RETENTION_WORDS.search(s.text)
    if not word and "until" not in s.text.lower():
        return
    for d in DURATION.finditer(s.text):
        n = d.group(1).lower()
        number = int(n) if n.isdigit() else NUMBERS[n]
        yield Mention(f"duration:{number} {d.group(2).lower()}s", s, d.group(0))
    for event, pattern in EVENT_PATTERNS.items():
        found = re.search(pattern, s.text, re.IGNORECASE)
        if found:
            yield Mention(f"event:{event}", s, found.group(0))
    if word:
        yield Mention("general", s, word.group(0))


def _cookies_in(s: Sentence) -> Iterable[Mention]:
    for c in COOKIE_RE.finditer(s.text):
        word = c.group(1).lower()
        category = next(k for k, p in COOKIE_CATEGORIES.items() if re.fullmatch(p, word))
        yield Mention(category, s, c.group(0))


def _countries_in(s: Sentence) -> Iterable[Mention]:
    global _COUNTRIES
    if _COUNTRIES is None:
        _COUNTRIES = _Countries()
    seen: set[str] = set()
    for code, words in _COUNTRIES.found_in(s.text):
        if code not in seen:
            seen.add(code)
            yield Mention(code, s, words)


class _Parties:
    """The register's third parties as the patterns that recognise them in a sentence."""

    def __init__(self, parties: tuple[ThirdPartyView, ...], organisation_names: Iterable[str]) -> None:
        self.patterns = _party_patterns(parties)
        self.legal = {normalise(tp.legal_entity) for tp in parties if tp.legal_entity}
        self.own = {normalise(n) for n in organisation_names if n}

    def named_in(self, s: Sentence) -> list[Mention]:
        named: dict[int, Mention] = {}
        for pattern, tp, name in self.patterns:
            if tp.id not in named and pattern.search(s.text):
                named[tp.id] = Mention(str(tp.id), s, name)
        return list(named.values())

    def entities_in(self, s: Sentence) -> Iterable[Mention]:
        """Legal entities the sentence names that are not the register's entity of the party they name."""
        for m in ENTITY_RE.finditer(s.text):
            entity = m.group(1)
            if normalise(entity) in self.legal or normalise(entity) in self.own:
                continue
            owner = next((tp for p, tp, _ in self.patterns if p.search(entity)), None)
            if owner is not None:
                yield Mention(str(owner.id), s, entity)


def extract(
    text: str, fmt: str, parties: Iterable[ThirdPartyView], organisation_names: Iterable[str] = ()
) -> Extraction:
    """Read `text` (Markdown or HTML) against the register's third parties."""
    blocks = read_blocks(text, fmt)
    kind_of_block = {b.index: b.kind for b in blocks}
    out = Extraction(sentences=sentences(blocks))
    known = _Parties(tuple(parties), organisation_names)
    listing_sections: set[str] = set()
    short: list[tuple[Sentence, str]] = []
    for s in out.sentences:
        named = known.named_in(s)
        out.parties += named
        if _is_listing(s, kind_of_block):
            short.append((s, named[0].value if len(named) == 1 else ""))
            if len(named) == 1:
                listing_sections.add(s.section)
        out.entities += known.entities_in(s)
        out.countries += _countries_in(s)
        out.mechanisms += _mechanisms_in(s)
        out.bases += _bases_in(s)
        out.retention += _retention_in(s)
        out.cookies += _cookies_in(s)
    # A section that lists known vendors as stand-alone lines is a vendor list: its other such lines are vendors too.
    out.listings = [Mention(value, s, s.text) for s, value in short if s.section in listing_sections]
    return out
